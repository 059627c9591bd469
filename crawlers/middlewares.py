"""Downloader middlewares: the loopback proxy guard and polite retries (backoff, Retry-After).

Waiting is done with `await asyncio.sleep` inside coroutine middleware methods (the reactor is
asyncio's), so a host told to wait 30 s never blocks the other hosts' downloads.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawlers.errors import REFUSED_KINDS, ProxyRefused, error_kind

# Download slot for hosts outside the registry (e.g. a redirect target): one request at a time.
OTHER_HOSTS_SLOT = "greenchain-other-hosts"

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawlers.context import SourceContext


def _context(crawler: Crawler, request: Request) -> SourceContext | None:
    sid = request.meta.get("gc_source")
    contexts = getattr(crawler.spider, "contexts", None)
    return contexts.get(sid) if sid and contexts else None


class LoopbackProxyMiddleware:
    """Send every request through the configured proxy (the simulator); refuse any that would not.

    Runs just before Scrapy's HttpProxyMiddleware (750), which then uses meta['proxy'].
    """

    def __init__(self, proxy: str | None) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LoopbackProxyMiddleware:
        return cls(crawler.settings.get("GREENCHAIN_PROXY") or None)

    def process_request(self, request: Request) -> None:
        if not self.proxy:
            return
        given = request.meta.get("proxy", self.proxy)
        if given != self.proxy or urlsplit(request.url).scheme != "http":
            raise ProxyRefused(f"refusing {request.url}: it would not go through the proxy {self.proxy}")
        request.meta["proxy"] = self.proxy


class LeanCookiesMiddleware(CookiesMiddleware):
    """Scrapy's cookie handling, skipped where it cannot do anything: a request with no cookies of
    its own to a jar no answer ever filled, an answer without Set-Cookie. Cookies matter on a few
    sites only (a WAF's 412 sets one, and the retry must carry it), yet the stock middleware runs
    the cookielib machinery on every request and response."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self.filled: set[Any] = set()  # jar keys that may hold a cookie

    def process_request(self, request: Request) -> None:  # type: ignore[override]
        key = request.meta.get("cookiejar")
        if key in self.filled or request.cookies or request.meta.get("dont_merge_cookies", False):
            if request.cookies and not request.meta.get("dont_merge_cookies", False):
                self.filled.add(key)
            return super().process_request(request)  # type: ignore[return-value]
        request.headers.pop("Cookie", None)  # as the stock middleware does: only jar cookies are sent
        return None

    def process_response(self, request: Request, response: Response) -> Response:  # type: ignore[override]
        if "Set-Cookie" not in response.headers and "Set-Cookie2" not in response.headers:
            return response
        if not request.meta.get("dont_merge_cookies", False):
            self.filled.add(request.meta.get("cookiejar"))
        return super().process_response(request, response)  # type: ignore[return-value]


def _expected_end(expect: str | None, body: bytes) -> bool:
    """Whether a document of this kind looks complete (the server may cut bodies short)."""
    if expect == "html":
        return b"</html>" in body[-1024:].lower()
    if expect == "json":
        try:
            json.loads(body)
        except ValueError:
            return False
        return True
    if expect == "xml":
        return b"</datastore>" in body[-512:]
    if expect == "pdf":
        return b"%%EOF" in body[-1024:]
    if expect == "xlsx":
        return b"PK\x05\x06" in body[-65_558:]  # zip end-of-central-directory record
    return True


def retry_after_s(value: bytes | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        return max(0.0, parsedate_to_datetime(text).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class PoliteRetryMiddleware:
    """Retries transient failures with exponential backoff, honouring Retry-After for the whole host.

    Replaces Scrapy's RetryMiddleware. A retried request carries `gc_not_before`; process_request
    awaits it (and any pause the host asked for) without blocking the reactor. Every failed attempt
    is counted in the source's health by error kind.
    """

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.max_retries = s.getint("GREENCHAIN_RETRY_TIMES")
        self.base = s.getfloat("GREENCHAIN_BACKOFF_BASE")
        self.cap = s.getfloat("GREENCHAIN_BACKOFF_MAX")
        self.retry_after_max = s.getfloat("GREENCHAIN_RETRY_AFTER_MAX")
        self.codes = set(s.getlist("GREENCHAIN_RETRY_HTTP_CODES"))
        self.truncated_retries = s.getint("GREENCHAIN_TRUNCATED_RETRIES")
        self.timeout_retries = s.getint("GREENCHAIN_TIMEOUT_RETRIES")
        self.host_pause_until: dict[str, float] = {}
        self.slot_hosts: set[str] | None = None  # hosts with a registry slot, read once the spider set them

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PoliteRetryMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).netloc
        if self.slot_hosts is None:
            self.slot_hosts = set(self.crawler.settings.getdict("DOWNLOAD_SLOTS"))
        if "download_slot" not in request.meta and host.split(":")[0] not in self.slot_hosts:
            request.meta["download_slot"] = OTHER_HOSTS_SLOT
        wait_until = max(request.meta.get("gc_not_before", 0.0), self.host_pause_until.get(host, 0.0))
        delay = wait_until - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if ctx := _context(self.crawler, request):
            ctx.health.requests += 1

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        ctx = _context(self.crawler, request)
        if "dataloss" in response.flags:
            if ctx:
                ctx.count_error("truncated")
            return response
        if response.status in (200, 203) and not _expected_end(request.meta.get("gc_expect"), response.body):
            if ctx:
                ctx.count_error("truncated")
            # A body cut short is retried, but only a little: a site that always cuts its pages
            # still has them landed (raw bytes, counted as truncated) for normalize to judge.
            if request.meta.get("gc_truncated_retries", 0) < self.truncated_retries:
                retry = self._retry(request, None)
                if retry is not None:
                    retry.meta["gc_truncated_retries"] = request.meta.get("gc_truncated_retries", 0) + 1
                    return retry
            return response
        if response.status < 400 or response.status in request.meta.get("handle_httpstatus_list", ()):
            return response
        if ctx:
            ctx.count_error(f"http_{response.status}")
        if response.status not in self.codes:
            return response  # permanent: HttpErrorMiddleware hands it to the errback
        wait = retry_after_s(response.headers.get("Retry-After"))
        if wait is not None:
            if wait > self.retry_after_max:
                return response  # the site asks for more patience than this profile has
            host = urlsplit(request.url).netloc
            self.host_pause_until[host] = max(self.host_pause_until.get(host, 0.0), time.monotonic() + wait)
        return self._retry(request, wait) or response

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        kind = error_kind(exception)
        if isinstance(exception, IgnoreRequest) or kind in REFUSED_KINDS:
            if ctx := _context(self.crawler, request):
                ctx.count_error(kind)  # robots, proxy guard, unsafe or too large: never retried
            return None
        if ctx := _context(self.crawler, request):
            ctx.count_error(kind)
        if kind == "timeout":
            # Each timeout holds a connection for the whole timeout: retry it less than other errors.
            n = request.meta.get("gc_timeout_retries", 0)
            if n >= min(self.timeout_retries, request.meta.get("gc_max_retries", self.timeout_retries)):
                return None
            retry = self._retry(request, None)
            if retry is not None:
                retry.meta["gc_timeout_retries"] = n + 1
            return retry
        retry = self._retry(request, None)
        if retry is not None and kind == "truncated":
            # Shorter than its Content-Length: ask again, and accept a short body this time so a
            # site that always cuts still has its documents landed (flagged, counted).
            retry.meta["download_fail_on_dataloss"] = False
        return retry

    def _retry(self, request: Request, wait: float | None) -> Request | None:
        n = request.meta.get("gc_retries", 0) + 1
        if n > request.meta.get("gc_max_retries", self.max_retries):
            return None
        if wait is None:
            wait = min(self.cap, self.base * 2 ** (n - 1)) * random.uniform(0.75, 1.25)  # noqa: S311
        meta: dict[str, Any] = {**request.meta, "gc_retries": n, "gc_not_before": time.monotonic() + wait}
        return request.replace(meta=meta, dont_filter=True)

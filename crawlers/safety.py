"""Safe fetching: what the crawler may ask for, checked on every request, redirect and meta refresh.

- Only http and https (Scrapy's file/ftp/s3/data handlers are switched off in settings.py too).
- No loopback, private, link-local, shared (CGNAT), reserved or cloud-metadata address, whether
  the URL names it as an IP literal (in any of the spellings inet_aton accepts: 127.1, 0x7f.1,
  2130706433) or a host name resolves to it (GuardedResolver, for crawls without the proxy).
  The simulator profile allows loopback only: every simulated site is behind 127.0.0.1.
- A size cap per kind of response (pages, attachments), enforced by Scrapy's download_maxsize,
  which also bounds decompressed gzip bodies.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import get_meta_refresh
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from crawlers.errors import UnsafeRequest

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

FETCHABLE_SCHEMES = frozenset({"http", "https"})
# Cloud metadata endpoints by name and by address (most are link-local or private anyway; named so
# the reason says what was refused).
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal"})
METADATA_IPS = frozenset({"169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254", "168.63.129.16"})
_LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".localdomain")
_LEGACY_V4 = re.compile(r"^(0x[0-9a-f]+|\d+)(\.(0x[0-9a-f]+|\d+)){0,3}$", re.I)
ATTACHMENT_TYPES = frozenset({"pdf", "xls", "xlsx"})


def literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host names literally, in any spelling a resolver would accept; else None."""
    h = host.strip("[]").rstrip(".").lower()
    try:
        return ipaddress.ip_address(h)
    except ValueError:
        pass
    if _LEGACY_V4.match(h):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(h))
        except OSError:
            return None
    return None


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_loopback: bool) -> str | None:
    """Why the crawler must not connect to `ip` (None: it may)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if str(ip) in METADATA_IPS:
        return f"{ip} is a cloud metadata address"
    if ip.is_loopback:
        return None if allow_loopback else f"{ip} is a loopback address"
    if ip.is_link_local:
        return f"{ip} is a link-local address"
    if ip.is_private:
        return f"{ip} is a private address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def url_refusal(url: str, allow_loopback: bool) -> tuple[str, str] | None:
    """(kind, reason) when the URL must not be fetched: kind `unsafe_scheme` or `unsafe_address`."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError as e:
        return "unsafe_address", f"unparsable URL: {e}"
    scheme = parts.scheme.lower()
    if scheme not in FETCHABLE_SCHEMES:
        return "unsafe_scheme", f"scheme {scheme or '(none)'!r} is not http or https"
    if not host:
        return "unsafe_address", "no host"
    if host in METADATA_HOSTS:
        return "unsafe_address", f"{host} is a cloud metadata host"
    if (host == "localhost" or host.endswith(_LOCAL_NAMES)) and not allow_loopback:
        return "unsafe_address", f"{host} is a local name"
    ip = literal_ip(host)
    if ip is not None and (why := address_refusal(ip, allow_loopback)) is not None:
        return "unsafe_address", why
    return None


def _context(crawler: Crawler, request: Request) -> Any:
    sid = request.meta.get("gc_source")
    contexts = getattr(crawler.spider, "contexts", None)
    return contexts.get(sid) if sid and contexts else None


class SafeFetchMiddleware:
    """First downloader middleware: refuses unsafe URLs (requests, redirect targets) and sets each
    request's size cap (pages vs attachments)."""

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.allow_loopback = s.getbool("GREENCHAIN_ALLOW_LOOPBACK")
        self.page_cap = s.getint("GREENCHAIN_MAX_PAGE_BYTES")
        self.attachment_cap = s.getint("GREENCHAIN_MAX_ATTACHMENT_BYTES")
        self._verdicts: dict[tuple[str, str], tuple[str, str] | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeFetchMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)  # parsed once per request for every middleware that asks
        key = (parts.scheme, parts.netloc)
        if key not in self._verdicts:  # a verdict depends on scheme and host only: keep it per host
            self._verdicts[key] = url_refusal(request.url, self.allow_loopback)
        if (refused := self._verdicts[key]) is not None:
            raise UnsafeRequest(*refused)
        if "download_maxsize" not in request.meta:
            big = request.meta.get("gc_doc_type") in ATTACHMENT_TYPES
            request.meta["download_maxsize"] = self.attachment_cap if big else self.page_cap

    def process_response(self, request: Request, response: Response) -> Response:
        # A redirect the redirect middleware did not follow because of its scheme (file:, ftp:):
        # refuse it by name rather than report an HTTP 302.
        loc = response.headers.get("Location") if 300 <= response.status < 400 else None
        if loc:
            target = urljoin(request.url, loc.decode("latin-1"))
            if (refused := url_refusal(target, self.allow_loopback)) is not None:
                self._count(request, refused[0])
                raise UnsafeRequest(refused[0], f"redirect to {target[:200]}: {refused[1]}")
        return response

    def _count(self, request: Request, kind: str) -> None:
        if (ctx := _context(self.crawler, request)) is not None:
            ctx.count_error(kind)


class GuardedMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh, but only pages that mention `refresh` are decoded and searched (the
    stock middleware decodes every HTML response), and a refresh to file:/ftp: is refused by name."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        # A refresh lives in the head: the first 16 KB say whether there is one to look for
        # (lower-cased and searched in C: a case-blind regex over them cost 7x as much).
        if not isinstance(response, HtmlResponse) or b"refresh" not in response.body[:16384].lower():
            return response
        _interval, url = get_meta_refresh(response, ignore_tags=self._ignore_tags)
        if url and urlsplit(url).scheme.lower() not in FETCHABLE_SCHEMES:
            if (ctx := _context(self.crawler, request)) is not None:
                ctx.count_error("unsafe_scheme")
            raise UnsafeRequest("unsafe_scheme", f"meta refresh to {url[:200]}")
        return super().process_response(request, response)


class UnsafeAddressError(DNSLookupError):
    """A host name that resolves to an address the crawler must not connect to."""


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to non-public addresses, so a DNS
    answer pointing inside the network is caught on every connection, redirects included."""

    def __init__(self, reactor: Any, cache_size: int, timeout: float, allow_loopback: bool) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.allow_loopback = allow_loopback

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        s = crawler.settings
        size = s.getint("DNSCACHE_SIZE") if s.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, size, s.getfloat("DNS_TIMEOUT"), s.getbool("GREENCHAIN_ALLOW_LOOPBACK"))

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred[str]:  # noqa: N802 (Twisted API)
        return super().getHostByName(name, timeout).addCallback(self._check, name)

    def _check(self, address: str, name: str) -> str:
        ip = literal_ip(address)
        why = "unparsable address" if ip is None else address_refusal(ip, self.allow_loopback)
        if why is not None:
            raise UnsafeAddressError(f"unsafe_address: {name} resolves to {address}: {why}")
        return address

"""One page at a time, safely, with httpx: what `sources discover` and `sources check` use, where
a Scrapy crawl would be overkill. The same rules as the crawl (crawlers/safety.py): http(s) only,
no loopback/private/link-local/metadata address on any hop (redirects are followed by hand, each
checked; host names are resolved and checked in the production profile), a size cap, robots.txt
obeyed and a delay between requests to one host.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from crawlers.config import CrawlConfig, Profile
from crawlers.safety import address_refusal, literal_ip, url_refusal

MAX_REDIRECTS = 5
RETRIES = 2  # a transient 5xx/429 or network error is asked again this often (backoff from the profile)


@dataclass
class Fetched:
    """The outcome of one fetch: the final answer, the redirects on the way, or why there is none."""

    url: str  # as asked
    final_url: str
    status: int | None = None  # None: no HTTP answer (refused, network error)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status, location) per hop
    error: str | None = None  # "timeout", "dns", "connection", "too_large", "robots", "unsafe_address: …"

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class SafeFetcher:
    """A small, polite, guarded HTTP client (thread-safe; one delay clock per host)."""

    def __init__(self, cfg: CrawlConfig, profile: Profile, proxy: str | None = None,
                 delay_s: float = 1.0) -> None:
        self.profile = profile
        self.proxy = proxy
        self.delay_s = delay_s * profile.delay_scale
        self.client = httpx.Client(
            proxy=proxy, timeout=profile.download_timeout_s, follow_redirects=False,
            headers={"User-Agent": cfg.user_agent}, trust_env=False,
        )
        self._robots: dict[str, Protego | None] = {}
        self._last: dict[str, float] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> SafeFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- guards ----------------------------------------------------------------------------------
    def _refusal(self, url: str) -> str | None:
        refused = url_refusal(url, self.profile.allow_loopback)
        if refused is not None:
            return f"{refused[0]}: {refused[1]}"
        host = urlsplit(url).hostname or ""
        if self.proxy is None and literal_ip(host) is None:
            # No proxy: the name is resolved here and every address checked (DNS answers that
            # point inside the network are refused, as the crawl's GuardedResolver does).
            try:
                infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
            except OSError:
                return "dns"
            for info in infos:
                ip = literal_ip(str(info[4][0]))
                why = "unparsable address" if ip is None else address_refusal(ip, self.profile.allow_loopback)
                if why is not None:
                    return f"unsafe_address: {host} resolves to {info[4][0]}: {why}"
        return None

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None and self.delay_s > 0:
            wait = last + self.delay_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        self._last[host] = time.monotonic()

    def allowed_by_robots(self, url: str) -> bool:
        if not self.profile.obey_robots:
            return True
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            got = self._raw("GET", f"{key}/robots.txt", None, None, self.profile.max_page_bytes)
            text = got.body.decode("utf-8", "replace") if got.status == 200 else ""
            self._robots[key] = Protego.parse(text) if got.status == 200 else None
        rp = self._robots[key]
        return rp is None or rp.can_fetch(url, self.client.headers["User-Agent"])

    # -- fetching --------------------------------------------------------------------------------
    def fetch(self, url: str, method: str = "GET", data: bytes | None = None,
              headers: dict[str, str] | None = None, max_bytes: int | None = None) -> Fetched:
        """GET (or POST) `url`, following up to MAX_REDIRECTS redirects, every hop checked."""
        cap = max_bytes or self.profile.max_page_bytes
        current = url
        hops: list[tuple[int, str]] = []
        host = urlsplit(url).hostname or ""
        with self._host_lock(host):
            for _ in range(MAX_REDIRECTS + 1):
                if (why := self._refusal(current)) is not None:
                    return Fetched(url, current, redirects=hops, error=why)
                if not self.allowed_by_robots(current):
                    return Fetched(url, current, redirects=hops, error="robots")
                got = self._raw(method, current, data, headers, cap)
                for n in range(RETRIES):
                    transient = got.error in ("timeout", "connection") or got.status in self.profile.retry_http_codes
                    if not transient:
                        break
                    time.sleep(min(self.profile.backoff_max_s, self.profile.backoff_base_s * 2 ** n))
                    got = self._raw(method, current, data, headers, cap)
                got.url, got.redirects = url, hops
                location = got.headers.get("location")
                if got.status is None or not (300 <= got.status < 400) or not location:
                    return got
                nxt = urljoin(current, location)
                hops.append((got.status, nxt))
                current = nxt
                if got.status in (301, 302, 303):
                    method, data = "GET", None
        return Fetched(url, current, redirects=hops, error="too_many_redirects")

    def _raw(self, method: str, url: str, data: bytes | None, headers: dict[str, str] | None,
             cap: int) -> Fetched:
        self._wait_turn(urlsplit(url).netloc)
        self.requests += 1
        try:
            with self.client.stream(method, url, content=data, headers=headers) as resp:
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > cap:
                        return Fetched(url, url, resp.status_code, dict(resp.headers.items()),
                                       error=f"too_large: more than {cap} bytes")
                return Fetched(url, url, resp.status_code, {k.lower(): v for k, v in resp.headers.items()},
                               bytes(body))
        except httpx.TimeoutException:
            return Fetched(url, url, error="timeout")
        except httpx.ConnectError as e:
            return Fetched(url, url, error="dns" if "Name or service" in str(e) else "connection")
        except httpx.HTTPError as e:
            return Fetched(url, url, error=f"connection: {type(e).__name__}")

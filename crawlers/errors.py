"""Error kinds as counted in health records: one short name per way a request can fail."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed


class ProxyRefused(IgnoreRequest):
    """A request would have left loopback: a proxy is configured and the request did not use it."""


class UnsafeRequest(IgnoreRequest):
    """A URL the crawler refuses to fetch (crawlers/safety.py): `kind` is unsafe_scheme or unsafe_address."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind


# Failures that are the crawler's refusal, not the site's: listed with their reason in the health
# file, and not retried on the next run.
REFUSED_KINDS = frozenset({"unsafe_scheme", "unsafe_address", "too_large"})


def error_kind(exc: BaseException | Failure) -> str:
    """`http_503`, `timeout`, `truncated`, `connection`, `robots`, `proxy_guard`, `unsafe_address`,
    `too_large`, … for one failure."""
    e = exc.value if isinstance(exc, Failure) else exc
    if isinstance(e, UnsafeRequest):
        return e.kind
    if isinstance(e, HttpError):
        return f"http_{e.response.status}"
    msg = str(e)
    if "max size" in msg:
        return "too_large"  # cut off at the size cap (crawl.yaml limits), compressed or not
    if "unsafe_address:" in msg:
        return "unsafe_address"  # a host name resolving inside the network (GuardedResolver)
    if isinstance(e, ResponseDataLossError):
        return "truncated"
    if isinstance(e, ProxyRefused):
        return "proxy_guard"
    if isinstance(e, IgnoreRequest):
        return "robots" if "robots" in str(e).lower() else "ignored"
    if isinstance(e, DownloadTimeoutError | net.TimeoutError | net.TCPTimedOutError | TimeoutError):
        return "timeout"
    if isinstance(e, ResponseFailed):
        # Twisted reports a body cut short of its Content-Length as a ResponseFailed(_DataLoss).
        reasons = " ".join(str(r.value.__class__.__name__) for r in getattr(e, "reasons", []))
        return "truncated" if "DataLoss" in reasons else "connection"
    if isinstance(e, net.ConnectError | net.ConnectionLost | net.ConnectionDone | ConnectionError):
        return "connection"
    if isinstance(e, DownloadConnectionRefusedError | DownloadFailedError):
        return "connection"
    if isinstance(e, net.DNSLookupError | CannotResolveHostError):
        return "dns"
    return type(e).__name__.lower()

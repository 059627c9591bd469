"""robots.txt obeyed as Scrapy does, but each host's file is fetched at most once a day.

The parsed file is shared by the family spiders of one process and kept on disk under
data/state/crawl/robots/ for `robots_cache_hours` (RFC 9309 allows caching up to 24 hours), so a
daily incremental crawl does not spend a request per host on robots.txt.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from crawlers.atomic import write_atomic

_SHARED: dict[str, bytes] = {}  # netloc -> robots.txt body, across the crawlers of this process


class CachedRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        d = crawler.settings.get("GREENCHAIN_ROBOTS_DIR")
        self.dir = Path(d) if d else None
        self.ttl_s = crawler.settings.getfloat("GREENCHAIN_ROBOTS_CACHE_HOURS", 24.0) * 3600

    def _file(self, netloc: str) -> Path | None:
        return self.dir / f"{netloc.replace(':', '_')}.txt" if self.dir else None

    def _cached(self, netloc: str) -> bytes | None:
        if netloc in _SHARED:
            return _SHARED[netloc]
        f = self._file(netloc)
        if f is not None and f.exists() and time.time() - f.stat().st_mtime < self.ttl_s:
            _SHARED[netloc] = f.read_bytes()
            return _SHARED[netloc]
        return None

    def process_request(self, request: Request) -> Any:  # type: ignore[override]
        """Checked at once when the host's robots.txt is parsed already (nearly every request);
        otherwise Scrapy's coroutine fetches it or waits for it."""
        if request.meta.get("dont_obey_robotstxt"):
            return None
        rp = self._parsers.get(urlparse_cached(request).netloc)
        if rp is not None and not isinstance(rp, Deferred):
            self.process_request_2(rp, request)
            return None
        return super().process_request(request)

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers and (body := self._cached(netloc)) is not None:
            self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status == 200 or 400 <= response.status < 500:
            # 4xx means "no robots.txt": everything allowed, and worth remembering too.
            body = response.body if response.status == 200 else b""
            _SHARED[netloc] = body
            if (f := self._file(netloc)) is not None:
                write_atomic(f, body)
            if response.status != 200:
                response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

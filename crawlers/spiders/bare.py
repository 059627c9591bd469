"""A bare spider for benchmarks: fetches a list of URLs through the proxy with no processing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls_file: str, proxy: str | None = None, concurrency: str = "64", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = [u for u in Path(urls_file).read_text(encoding="utf-8").splitlines() if u]
        self.proxy = proxy
        self.fetched = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BareSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.settings.setdict({"ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS": int(kwargs.get("concurrency", 64)),
                                  "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "RETRY_ENABLED": False,
                                  "DOWNLOADER_MIDDLEWARES": {}, "HTTPERROR_ALLOW_ALL": True},
                                 priority="spider")
        return spider

    async def start(self) -> AsyncIterator[Any]:
        meta = {"proxy": self.proxy} if self.proxy else {}
        for u in self.urls:
            yield scrapy.Request(u, callback=self.parse, meta=meta, dont_filter=True)

    def parse(self, response: Response) -> None:
        self.fetched += 1

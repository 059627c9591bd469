"""The bare Scrapy baseline of bench/crawl.py: replays a list of requests through the proxy and does
nothing with the answers. It gets the crawler's own requests (all of them at the start), connection
pool, total and per-host concurrency and timeout, and Scrapy's default components with the
crawler's generic tuning, so the two differ in what the crawler does per page.

`python -m bench.bare_spider --requests F --proxy URL --slots F --concurrency N --pool N --stats F`
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, requests_file: str, proxy: str | None = None, slots_file: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # one JSON object a line: {"method", "url", "content_type", "body"}
        self.wanted = [json.loads(x) for x in Path(requests_file).read_text(encoding="utf-8").splitlines() if x]
        self.proxy = proxy
        self.slots = json.loads(Path(slots_file).read_text(encoding="utf-8")) if slots_file else {}
        self.fetched = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BareSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.settings.setdict({"ROBOTSTXT_OBEY": False, "RETRY_ENABLED": False, "HTTPERROR_ALLOW_ALL": True,
                                  "REDIRECT_ENABLED": False, "COOKIES_ENABLED": False,
                                  "DOWNLOAD_SLOTS": spider.slots}, priority="spider")
        return spider

    def requests(self) -> list[scrapy.Request]:
        meta = {"proxy": self.proxy, "dont_obey_robotstxt": True} if self.proxy else {"dont_obey_robotstxt": True}
        out = []
        for r in self.wanted:
            headers = {"Content-Type": r["content_type"]} if r["content_type"] else None
            out.append(scrapy.Request(r["url"], method=r["method"], body=r["body"].encode("utf-8") if r["body"] else None,
                                      headers=headers, callback=self.parse, meta=dict(meta), dont_filter=True))
        return out

    async def start(self) -> AsyncIterator[Any]:
        # Every request goes to the scheduler at once (Scrapy pulls start requests lazily, one
        # per reactor turn), so the per-host queue can always pick the least busy host: the
        # baseline's pipeline is never short of work.
        assert self.crawler.engine is not None
        for req in self.requests():
            self.crawler.engine.crawl(req)
        return
        yield

    def parse(self, response: Response) -> None:
        self.fetched += 1


def main(argv: list[str] | None = None) -> int:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    ap = argparse.ArgumentParser(prog="bench.bare_spider", description=__doc__)
    for name in ("--requests", "--proxy", "--slots", "--stats"):
        ap.add_argument(name, required=True)
    ap.add_argument("--concurrency", type=int, required=True)
    ap.add_argument("--pool", type=int, required=True)
    ap.add_argument("--timeout", type=float, default=5.0)
    a = ap.parse_args(argv)
    settings = Settings({
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "CONCURRENT_REQUESTS": a.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": a.pool,  # sizes the connection pool to the proxy, as in the crawler
        "DOWNLOAD_TIMEOUT": a.timeout,
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "LOG_LEVEL": "WARNING",
        # The generic tuning the crawler has (crawlers/settings.py), so the baseline gets the same
        # help: Scrapy's default of 100 concurrent items doubled a bare spider's CPU per page
        # (4.4 against 2.2 ms, measured), and depth and downloader stats count nothing needed.
        "CONCURRENT_ITEMS": 1,
        "SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.depth.DepthMiddleware": None},
        "DOWNLOADER_MIDDLEWARES": {"scrapy.downloadermiddlewares.stats.DownloaderStats": None},
        "METAREFRESH_ENABLED": False,  # the crawler's refresh targets are among the replayed requests
        "TELNETCONSOLE_ENABLED": False,
        "EXTENSIONS": {"crawlers.extensions.ProcessStats": 0},
        "GREENCHAIN_PROCESS_STATS": a.stats,
    })
    process = CrawlerProcess(settings)
    process.crawl(BareSpider, requests_file=a.requests, proxy=a.proxy, slots_file=a.slots)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())

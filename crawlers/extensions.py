"""Process figures of one crawl for benchmarks: wall and CPU seconds from engine start to engine
stop (imports and registry loading excluded), and responses by status class. Written to the file
named by the GREENCHAIN_PROCESS_STATS setting; off when it is unset. The bare baseline spider
uses the same extension, so both sides are measured the same way."""

from __future__ import annotations

import json
import resource
import time
from collections import Counter
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class ProcessStats:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.by_status: Counter[str] = Counter()
        self.t0 = self.cpu0 = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProcessStats:
        path = crawler.settings.get("GREENCHAIN_PROCESS_STATS")
        if not path:
            raise NotConfigured
        ext = cls(Path(path))
        crawler.signals.connect(ext.started, signal=signals.engine_started)
        crawler.signals.connect(ext.response, signal=signals.response_received)
        crawler.signals.connect(ext.stopped, signal=signals.engine_stopped)
        return ext

    def started(self) -> None:
        self.t0, self.cpu0 = time.monotonic(), _cpu()

    def response(self, response: Response, request: Any, spider: Any) -> None:
        self.by_status[f"{response.status // 100}xx" if response.status != 304 else "304"] += 1

    def stopped(self) -> None:
        out = {"wall_s": round(time.monotonic() - self.t0, 3), "cpu_s": round(_cpu() - self.cpu0, 3),
               "responses": sum(self.by_status.values()), "by_status": dict(self.by_status)}
        self.path.write_text(json.dumps(out), encoding="utf-8")

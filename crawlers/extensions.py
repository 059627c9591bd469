"""Process figures of one crawl for benchmarks: wall and CPU seconds from engine start to engine
stop (imports and registry loading excluded), responses by status class, and how full the
download pipeline was over time (requests transferring, hosts busy, requests waiting), sampled
every SAMPLE_S. Written to the file named by the GREENCHAIN_PROCESS_STATS setting; off when it is
unset. The bare baseline spider uses the same extension, so both sides are measured the same way."""

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
from scrapy.utils.asyncio import create_looping_call

SAMPLE_S = 0.1


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class ProcessStats:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self.by_status: Counter[str] = Counter()
        self.t0 = self.cpu0 = 0.0
        self.samples: list[tuple[float, int, int, int, int]] = []
        self._loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProcessStats:
        path = crawler.settings.get("GREENCHAIN_PROCESS_STATS")
        if not path:
            raise NotConfigured
        ext = cls(crawler, Path(path))
        crawler.signals.connect(ext.started, signal=signals.engine_started)
        crawler.signals.connect(ext.response, signal=signals.response_received)
        crawler.signals.connect(ext.stopped, signal=signals.engine_stopped)
        return ext

    def started(self) -> None:
        self.t0, self.cpu0 = time.monotonic(), _cpu()
        self._loop = create_looping_call(self.sample)
        self._loop.start(SAMPLE_S, now=False)

    def sample(self) -> None:
        """(seconds, requests transferring, hosts transferring, requests in the downloader,
        requests waiting in the scheduler)."""
        engine = self.crawler.engine
        if engine is None:
            return
        dl = engine.downloader
        transferring = [len(s.transferring) for s in dl.slots.values()]
        sched = engine.scheduler
        self.samples.append((round(time.monotonic() - self.t0, 2), sum(transferring),
                             sum(1 for n in transferring if n), len(dl.active),
                             len(sched) if sched is not None else 0))  # type: ignore[arg-type]

    def response(self, response: Response, request: Any, spider: Any) -> None:
        self.by_status[f"{response.status // 100}xx" if response.status != 304 else "304"] += 1

    def stopped(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        wall = time.monotonic() - self.t0
        out = {"wall_s": round(wall, 3), "cpu_s": round(_cpu() - self.cpu0, 3),
               "responses": sum(self.by_status.values()), "by_status": dict(self.by_status),
               "pipeline": pipeline_summary(self.samples, wall), "samples": self.samples}
        self.path.write_text(json.dumps(out), encoding="utf-8")


def pipeline_summary(samples: list[tuple[float, int, int, int, int]], wall: float) -> dict[str, Any]:
    """Means over the samples, and how long the crawl ended with only a few requests transferring."""
    if not samples:
        return {}
    n = len(samples)
    mean = [round(sum(s[i] for s in samples) / n, 1) for i in (1, 2, 3, 4)]
    # Seconds at the end with at most 4 requests transferring: the long tail of a few busy hosts.
    start = n
    while start > 0 and samples[start - 1][1] <= 4:
        start -= 1
    tail = wall - samples[start][0] if start < n else 0.0
    return {"mean_transferring": mean[0], "mean_hosts_transferring": mean[1], "mean_in_downloader": mean[2],
            "mean_in_scheduler": mean[3], "tail_s_at_most_4_transferring": round(tail, 2)}

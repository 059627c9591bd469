"""Record each stage's wall time and peak memory (process + children, e.g. Scrapy subprocesses).

Written to data/runs/<run_id>/stages/<stage>.json whether the stage runs from the CLI or from an
Airflow task, so `make bench` and operators read the same figures.
"""

from __future__ import annotations

import contextlib
import functools
import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import psutil

from greenchain.paths import DataPaths

F = TypeVar("F", bound=Callable[..., Any])


class PeakRss:
    """Samples RSS of this process and all its descendants every `interval` seconds."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def recorded_stage(stage: str) -> Callable[[F], F]:
    """Decorate `fn(run_id, ..., paths=None)`: time it, sample its memory, write the stage record."""

    def deco(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(run_id: str, *args: Any, **kwargs: Any) -> Any:
            paths = kwargs.get("paths") or next((a for a in args if isinstance(a, DataPaths)), None)
            paths = paths or DataPaths.default()
            started = datetime.now(UTC)
            t0 = time.monotonic()
            status = "failed"
            try:
                with PeakRss() as mem:
                    out = fn(run_id, *args, **kwargs)
                status = "ok"
                return out
            finally:
                name = stage
                if stage == "crawl" and args and isinstance(args[0], list) and args[0]:
                    name = f"crawl-{args[0][0]}"  # one record per shard, named by its first source
                rec = {
                    "run_id": run_id, "stage": stage, "status": status, "started_at": started.isoformat(),
                    "seconds": round(time.monotonic() - t0, 3),
                    "peak_rss_mb": round(mem.peak / 2**20, 1) if status == "ok" else None,
                }
                d = paths.runs / run_id / "stages"
                d.mkdir(parents=True, exist_ok=True)
                (d / f"{name}.json").write_text(json.dumps(rec, indent=2), encoding="utf-8")

        return wrapper  # type: ignore[return-value]

    return deco

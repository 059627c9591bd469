"""Progress reporting for long work: a rich bar on a terminal, periodic log lines elsewhere (Airflow, CI)."""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("greenchain.progress")


def _interactive() -> bool:
    forced = os.environ.get("GREENCHAIN_PROGRESS")
    if forced is not None:
        return forced == "1"
    return sys.stderr.isatty()


def track(items: Iterable[T], description: str, total: int | None = None, every_s: float = 10.0) -> Iterator[T]:
    """Yield `items`, showing progress: a bar when interactive, else a log line every `every_s` seconds."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    if _interactive():
        from rich.progress import track as rich_track

        yield from rich_track(items, description=description, total=total, transient=False)
        return
    start = last = time.monotonic()
    n = 0
    for n, item in enumerate(items, start=1):
        yield item
        now = time.monotonic()
        if now - last >= every_s:
            last = now
            of = f"/{total}" if total else ""
            log.info("%s: %d%s (%.0f s)", description, n, of, now - start)
    log.info("%s: done, %d items in %.1f s", description, n, time.monotonic() - start)


def tracked_work(work: Callable[[Callable[[str], None]], T], description: str, total: int) -> T:
    """Run `work(done)` on a thread, showing progress as it calls `done(name)` once per finished unit;
    its result, or its exception raised here (on the calling thread)."""
    finished: queue.Queue[str | None] = queue.Queue()
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = work(finished.put)
        except BaseException as e:  # reported on the calling thread
            box["error"] = e
        finally:
            finished.put(None)

    def names() -> Iterator[str]:
        while (name := finished.get()) is not None:
            yield name

    threading.Thread(target=run, daemon=True).start()
    for _ in track(names(), description, total=total):
        pass
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]  # type: ignore[return-value]

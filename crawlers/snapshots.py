"""Content-addressed snapshot store: data/snapshots/<sha[0:2]>/<sha256>.gz holds the raw bytes, gzipped.

Sites take penalties down after the publicity period, so every fetched document is kept here
exactly as served (no decoding), and the landing line points at it by hash.

In a crawl the store has one writer thread: compress-and-write of each snapshot (zlib and file
writes release the GIL) and any job handed to `after()` run there in order, so the reactor thread
only hashes and never waits on the disk. A source's landing, health and state files are written
by such a job, after its snapshots: a landing line never points at a snapshot not yet on disk.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from queue import SimpleQueue
from typing import Any

from isal import isal_zlib

from crawlers.atomic import write_atomic

# ISA-L's deflate at level 1 writes ordinary gzip files (any gzip reader opens them) at a third of
# zlib's CPU for these pages (level 3: 127 against 41 us for a 5 KB page, files 1% larger).
COMPRESS_LEVEL = 1
# Snapshots are handed to the writer in batches: waking it for each one made the two threads
# trade the GIL on every page.
BATCH_DOCS = 32
BATCH_BYTES = 4_000_000

log = logging.getLogger(__name__)


class SnapshotStore:
    def __init__(self, root: Path, background: bool = False) -> None:
        self.root = root
        self._root = os.fspath(root)  # string paths on the writer's hot path: pathlib costs more than the write
        self._known: set[str] = set()  # stored or queued by this process
        self.failed: dict[str, str] = {}  # sha -> why its write failed (until a later put succeeds)
        self._errors: list[BaseException] = []  # since the last flush()
        self._queue: SimpleQueue[Any] | None = SimpleQueue() if background else None
        self._thread: threading.Thread | None = None
        self._batch: list[tuple[str, bytes]] = []
        self._batch_bytes = 0

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.gz"

    def put(self, raw: bytes) -> str:
        """Store `raw` (once) and return its sha256; identical bytes are stored a single time."""
        sha = hashlib.sha256(raw).hexdigest()
        if sha in self._known:
            return sha
        self._known.add(sha)
        if self._queue is None:
            self._write(sha, raw)
        else:
            self._batch.append((sha, raw))
            self._batch_bytes += len(raw)
            if len(self._batch) >= BATCH_DOCS or self._batch_bytes >= BATCH_BYTES:
                self._submit(None)
        return sha

    def after(self, job: Callable[[], None]) -> None:
        """Run `job` once every snapshot put so far is written (or failed: see `failed`); on the
        writer thread in a crawl, at once otherwise."""
        if self._queue is None:
            job()
        else:
            self._submit(job)

    def _submit(self, item: Any) -> None:
        """Hand the pending batch of snapshots, then `item` (if any), to the writer."""
        assert self._queue is not None
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="snapshots", daemon=True)
            self._thread.start()
        if self._batch:
            self._queue.put(self._batch)
            self._batch, self._batch_bytes = [], 0
        if item is not None:
            self._queue.put(item)

    def _run(self) -> None:
        assert self._queue is not None
        while (item := self._queue.get()) is not None:
            if isinstance(item, threading.Event):
                item.set()
            elif callable(item):
                try:
                    item()
                except Exception as e:
                    log.exception("snapshot writer job failed")
                    self._errors.append(e)
            else:
                for sha, raw in item:
                    try:
                        self._write(sha, raw)
                    except Exception as e:
                        self._errors.append(e)

    def _write(self, sha: str, raw: bytes) -> None:
        path = f"{self._root}{os.sep}{sha[:2]}{os.sep}{sha}.gz"
        try:
            if not os.path.exists(path):
                write_atomic(path, compress(raw))
            self.failed.pop(sha, None)
        except BaseException as e:
            self._known.discard(sha)  # a later put of the same bytes tries again
            self.failed[sha] = f"{type(e).__name__}: {e}"
            raise

    def flush(self) -> None:
        """Wait until every snapshot put (and job handed over) so far is done; re-raise the first
        error since the last flush."""
        if self._queue is not None and (self._thread is not None or self._batch):
            done = threading.Event()
            self._submit(done)
            done.wait()
        errors, self._errors = self._errors, []
        if errors:
            raise errors[0]

    def close(self) -> None:
        try:
            self.flush()
        finally:
            if self._queue is not None and self._thread is not None:
                self._queue.put(None)
                self._thread.join()
                self._thread = None

    def get(self, sha256: str) -> bytes:
        with gzip.open(self.path_for(sha256), "rb") as f:
            return f.read()


def compress(raw: bytes) -> bytes:
    """`raw` as a gzip file with no name and mtime 0: the bytes are a pure function of the content."""
    return isal_zlib.compress(raw, COMPRESS_LEVEL, wbits=31)

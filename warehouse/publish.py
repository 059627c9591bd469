"""Single-writer lock, the run-specific staging copy, and the atomic publish.

DuckDB locks a database file for its whole process: a writer on the published file would make
every analyst's read-only open fail. So the writer never opens the published file: it copies it
to data/warehouse/staging/<load_id>.duckdb, loads and audits the copy, and only then moves the
copy over the published path with os.replace (atomic on one filesystem). Readers that already
had the old file open keep reading that version; new readers see the new one. A load that dies
leaves only a stale staging file, removed by the next load.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import struct
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import duckdb

from warehouse.models import render, sql_file

_HEADER = struct.Struct("<8x4sQ")  # checksum, b"DUCK", storage version number


class LoadLockedError(RuntimeError):
    """Another load holds the single-writer lock."""


@contextlib.contextmanager
def writer_lock(warehouse_dir: Path, timeout_s: float = 0) -> Iterator[Path]:
    """Hold data/warehouse/.load.lock (an flock, released by the OS if the process dies)."""
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = warehouse_dir / ".load.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown"
                    raise LoadLockedError(f"another warehouse load is running ({holder}); try again later") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        yield path
    finally:
        os.close(fd)  # closing drops the flock


def staging_dir(warehouse_dir: Path) -> Path:
    return warehouse_dir / "staging"


def remove_stale_staging(warehouse_dir: Path) -> list[str]:
    """Delete staging files left by loads that died (only call while holding the writer lock)."""
    removed = []
    d = staging_dir(warehouse_dir)
    if d.exists():
        for f in sorted(d.iterdir()):
            # a DuckDB spill directory (<file>.tmp) as well as database files
            if f.is_dir():
                shutil.rmtree(f)
            else:
                f.unlink()
            removed.append(f.name)
    return removed


def storage_version(path: Path) -> int:
    """The storage version number in a DuckDB file's header (64 = DuckDB 0.10 to 1.1, …)."""
    with path.open("rb") as f:
        magic, version = _HEADER.unpack(f.read(_HEADER.size))
    if magic != b"DUCK":
        raise ValueError(f"{path} is not a DuckDB database file")
    return int(version)


@cache
def pinned_storage_version(compatibility: str) -> int:
    """The header number DuckDB writes for `storage_compatibility_version` (e.g. v1.1.0 → 64)."""
    with tempfile.TemporaryDirectory(prefix="greenchain-storage-") as d:
        probe = Path(d) / "probe.duckdb"
        duckdb.connect(str(probe), config={"storage_compatibility_version": compatibility}).close()
        return storage_version(probe)


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def make_staging_copy(published: Path, load_id: str, compatibility: str) -> Path:
    """Copy the published warehouse (if any) to the run's staging file; returns its path.

    A published file in another storage format than the pinned one (written before the pin, or
    under another setting) is rewritten in the pinned format instead of copied byte for byte.
    """
    target = staging_dir(published.parent) / f"{load_id}.duckdb"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not published.exists():
        return target
    if storage_version(published) == pinned_storage_version(compatibility):
        shutil.copyfile(published, target)
        return target
    con = duckdb.connect()
    try:
        con.execute(render(sql_file("load/convert_storage.sql"), old=_quote(published), new=_quote(target),
                           version="'" + compatibility + "'"))  # fmt: skip
    finally:
        con.close()
    return target


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(staged: Path, published: Path) -> None:
    """Atomically replace the published warehouse with the audited staging file."""
    wal = staged.with_name(staged.name + ".wal")
    if wal.exists():  # a closed DuckDB database has checkpointed its WAL; one left means not closed
        raise RuntimeError(f"{staged} still has a write-ahead log; the connection was not closed")
    _fsync(staged)
    # Analysts should open the published file read-only; one who opened it read-write and changed
    # something leaves a WAL beside it, which DuckDB would replay onto the *new* file. Drop it.
    published.with_name(published.name + ".wal").unlink(missing_ok=True)
    os.replace(staged, published)
    _fsync(published.parent)

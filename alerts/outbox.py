"""The outbox (data/alerts/outbox.sqlite): every alert message, its delivery state per channel, tokens.

Enqueueing is one SQLite transaction, so after a crash the outbox holds either all of a run's
messages or none; delivery reads only committed rows, so a re-run delivers what is still pending.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

from alerts.private_files import ensure_private_file, private_dir
from alerts.sqlfiles import query, sql_file
from greenchain.paths import DataPaths

SNAPSHOT_SCHEMA = pa.schema(
    [
        ("seq", pa.int64()),
        ("key", pa.string()),
        ("brand_id", pa.string()),
        ("record_id", pa.string()),
        ("company_id", pa.string()),
        ("version", pa.int64()),
        ("taken_down", pa.bool_()),
        ("stage", pa.string()),
        ("judgement", pa.string()),
        ("supplier_row_id", pa.string()),
        ("supplier_name", pa.string()),
        ("supplier_company_id", pa.string()),
        ("relation", pa.string()),
    ]
)


def outbox_path(paths: DataPaths) -> Path:
    return paths.alerts / "outbox.sqlite"


def connect(paths: DataPaths, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the outbox (created on first use), WAL so the feed service reads while a run writes."""
    path = outbox_path(paths)
    if readonly:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    else:
        # SQLite gives the -wal and -shm files the database file's mode, so 0600 here covers all three
        ensure_private_file(private_dir(path.parent) / path.name)
        con = sqlite3.connect(path, timeout=30, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")  # a committed outbox row must survive a crash
        con.executescript(sql_file("outbox_schema.sql"))
        _add_missing_columns(con)
    con.row_factory = sqlite3.Row
    return con


_ADDED_COLUMNS = {"tokens": ("token_id TEXT", "feed_key_sha256 TEXT", "expires_at TEXT", "revoked_at TEXT")}


def _add_missing_columns(con: sqlite3.Connection) -> None:
    """Bring an outbox written by an older release up to the current schema (columns only ever added)."""
    for table, columns in _ADDED_COLUMNS.items():
        have = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
        for col in columns:
            if col.split()[0] not in have:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {col}")
    con.execute("UPDATE tokens SET token_id = substr(token_sha256, 1, 12) WHERE token_id IS NULL")


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT: one writer at a time, all or nothing."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def snapshot_table(con: sqlite3.Connection) -> pa.Table:
    """The outbox's messages as an Arrow table, for events.sql to diff against."""
    rows = con.execute(query("snapshot")).fetchall()
    cols = {f.name: [r[f.name] for r in rows] for f in SNAPSHOT_SCHEMA}
    cols["taken_down"] = [bool(v) for v in cols["taken_down"]]
    return pa.table(cols, schema=SNAPSHOT_SCHEMA)


def enqueue(con: sqlite3.Connection, messages: list[dict[str, Any]], channels: dict[str, tuple[str, ...]],
            now: float) -> Counter[str]:
    """Insert messages and their pending deliveries in one transaction; returns new messages per kind."""
    added: Counter[str] = Counter()
    with transaction(con):
        for m in messages:
            cur = con.execute(query("insert_message"), m)
            if cur.rowcount == 0:
                continue  # same idempotency key already queued: exactly once
            added[m["kind"]] += 1
            for channel in channels[m["brand_id"]]:
                con.execute(query("insert_delivery"), {"key": m["key"], "channel": channel, "now": now})
    return added


def one(con: sqlite3.Connection, name: str, **params: Any) -> Any:
    row = con.execute(query(name), params).fetchone()
    return None if row is None else row[0]

"""Read the SQL kept in alerts/sql/: whole files, or named statements (`-- name: x`)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).parent / "sql"
_NAME = re.compile(r"^-- name: (\w+)\s*$", re.MULTILINE)


def sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


@cache
def named_queries(name: str) -> dict[str, str]:
    """Statements of one file keyed by their `-- name:` line; text runs to the next name."""
    text = sql_file(name)
    parts = _NAME.split(text)
    # parts = [preamble, name1, body1, name2, body2, ...]
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


def query(name: str) -> str:
    return named_queries("outbox_queries.sql")[name]

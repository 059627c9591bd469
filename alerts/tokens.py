"""Bearer tokens for the feed service: issued once, stored only as sha256 in the outbox."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import UTC, datetime

from alerts.outbox import one, transaction
from alerts.sqlfiles import query

TOKEN_PREFIX = "gca_"  # recognisable in logs and secret scanners


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(con: sqlite3.Connection, brand_id: str, label: str | None = None) -> str:
    """A new random token for one brand; only its hash is stored, so print it now or lose it."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction(con):
        con.execute(query("insert_token"), {
            "token_sha256": token_hash(token), "brand_id": brand_id,
            "issued_at": datetime.now(UTC).isoformat(timespec="seconds"), "label": label,
        })
    return token


def brand_for_token(con: sqlite3.Connection, token: str) -> str | None:
    # A 256-bit random token hashed with sha256: a lookup by hash leaks nothing usable by timing.
    return one(con, "brand_for_token", token_sha256=token_hash(token))

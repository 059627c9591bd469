"""Feed-service credentials: a bearer token and a secret feed URL key per issue, stored only as sha256.

Feed readers cannot send an Authorization header, so each token comes with a feed key that goes in
the URL (`/s/<key>/<brand>.atom`). Both live in one row: revoking, expiring or rotating the token
ends the feed URL too. Tokens are 256-bit random values, so a lookup by hash leaks nothing usable
by timing.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from alerts.outbox import one, transaction
from alerts.sqlfiles import query

TOKEN_PREFIX = "gca_"  # recognisable in logs and secret scanners
FEED_KEY_PREFIX = "gcf_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Issued:
    """What the operator hands to the brand, shown once: the token, its feed key, and the id naming it."""

    token_id: str
    brand_id: str
    token: str
    feed_key: str
    expires_at: str | None


def issue_token(con: sqlite3.Connection, brand_id: str, label: str | None = None,
                expires_in: timedelta | None = None) -> Issued:
    """A new token and feed key for one brand; only their hashes are stored."""
    with transaction(con):
        return _insert(con, brand_id, label, expires_in)


def _insert(con: sqlite3.Connection, brand_id: str, label: str | None, expires_in: timedelta | None) -> Issued:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    feed_key = FEED_KEY_PREFIX + secrets.token_urlsafe(32)
    now = _now()
    expires_at = _iso(now + expires_in) if expires_in is not None else None
    digest = token_hash(token)
    con.execute(query("insert_token"), {
        "token_sha256": digest, "token_id": digest[:12], "brand_id": brand_id, "issued_at": _iso(now),
        "label": label, "feed_key_sha256": token_hash(feed_key), "expires_at": expires_at,
    })
    return Issued(digest[:12], brand_id, token, feed_key, expires_at)


def brand_for_token(con: sqlite3.Connection, token: str) -> str | None:
    """The brand a live (not revoked, not expired) bearer token was issued for."""
    return one(con, "brand_for_token", token_sha256=token_hash(token), now=_iso(_now()))


def brand_for_feed_key(con: sqlite3.Connection, feed_key: str) -> str | None:
    """The brand a live secret feed URL key was issued for."""
    return one(con, "brand_for_feed_key", feed_key_sha256=token_hash(feed_key), now=_iso(_now()))


def list_tokens(con: sqlite3.Connection, brand_id: str | None = None) -> list[dict[str, object]]:
    """Every token (never the token itself), newest first, with its state: live, expired or revoked."""
    now = _iso(_now())
    rows = con.execute(query("list_tokens"), {"brand_id": brand_id}).fetchall()
    out = []
    for r in rows:
        state = ("revoked" if r["revoked_at"] else
                 "expired" if r["expires_at"] and r["expires_at"] <= now else "live")
        shown = dict(r)
        has_feed_url = bool(shown.pop("feed_key_sha256"))
        out.append({**shown, "state": state, "feed_url": has_feed_url})
    return out


def revoke_token(con: sqlite3.Connection, token_id: str) -> str:
    """Revoke one token (and its feed URL) by id; returns its brand. KeyError if no live token has that id."""
    with transaction(con):
        brand = _revoke(con, token_id)
    return brand


def _revoke(con: sqlite3.Connection, token_id: str) -> str:
    row = con.execute(query("live_token_by_id"), {"token_id": token_id}).fetchone()
    if row is None:
        raise KeyError(f"no live token with id {token_id!r} (`greenchain alerts token list` shows them)")
    con.execute(query("revoke_token"), {"token_id": token_id, "at": _iso(_now())})
    return str(row["brand_id"])


def rotate_token(con: sqlite3.Connection, token_id: str, expires_in: timedelta | None = None) -> Issued:
    """Revoke a token and issue its replacement (same brand and label) in one transaction."""
    with transaction(con):
        row = con.execute(query("live_token_by_id"), {"token_id": token_id}).fetchone()
        _revoke(con, token_id)
        return _insert(con, row["brand_id"], row["label"], expires_in)

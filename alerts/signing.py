"""Webhook signatures: HMAC-SHA256 over `<timestamp>.<raw body>` with the brand's secret.

Covering the timestamp stops a captured delivery from being replayed later; receivers check the
signature over the raw bytes they received, then that the timestamp is recent (docs/alerts.md).
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Greenchain-Signature"
TIMESTAMP_HEADER = "X-Greenchain-Timestamp"
ID_HEADER = "X-Greenchain-Id"
EVENT_HEADER = "X-Greenchain-Event"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=<hex>` of HMAC-SHA256(secret, b"<timestamp>." + body)."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signed_headers(secret: str, key: str, event: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """Headers for one delivery attempt; the timestamp (and so the signature) is fresh on each retry."""
    ts = int(now if now is not None else time.time())
    return {
        "Content-Type": "application/json; charset=utf-8",
        TIMESTAMP_HEADER: str(ts),
        SIGNATURE_HEADER: signature(secret, ts, body),
        ID_HEADER: key,
        "Idempotency-Key": key,
        EVENT_HEADER: event,
        "User-Agent": "greenchain-alerts/1",
    }


def verify(secret: str, timestamp: str, sig: str, body: bytes, tolerance_s: int = 300,
           now: float | None = None) -> bool:
    """True when `sig` matches and the timestamp is within `tolerance_s` of now."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - ts) > tolerance_s:
        return False
    return hmac.compare_digest(signature(secret, ts, body), sig)

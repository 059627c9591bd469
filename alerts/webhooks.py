"""Signed webhook delivery with exponential backoff and a dead-letter state.

Each attempt's outcome is committed before the next attempt starts, so a crash loses at most the
outcome of the one request in flight; that message is sent again on the next run with the same
idempotency key (X-Greenchain-Id), which receivers use to drop the duplicate.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from alerts.config import AlertsConfig, Target, webhook_secret
from alerts.outbox import one
from alerts.signing import signed_headers
from alerts.sqlfiles import query
from alerts.tally import Tally
from greenchain.paths import DataPaths

log = logging.getLogger("greenchain.alerts.webhooks")


def backoff_s(failures: int, base: float, cap: float) -> float:
    """Wait after the n-th consecutive failure: base, 2·base, 4·base … capped."""
    return min(cap, base * 2 ** (failures - 1))


def _attempt(client: httpx.Client, target: Target, secret: str | None, key: str, event: str,
             body: bytes) -> str | None:
    """POST one message; None on a 2xx answer, else the reason it failed."""
    if not target.webhook_url:
        return "no webhook_url configured for this brand"
    if not secret:
        return f"no webhook secret: set ${target.secret_env} or the secrets file"
    try:
        r = client.post(target.webhook_url, content=body, headers=signed_headers(secret, key, event, body))
    except httpx.HTTPError as e:
        return f"{type(e).__name__}: {e}"
    if 200 <= r.status_code < 300:
        return None
    return f"HTTP {r.status_code}"


def deliver_webhooks(con: sqlite3.Connection, targets: dict[str, Target], cfg: AlertsConfig, paths: DataPaths,
                     clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep) -> Tally:
    """Send pending webhook deliveries in order per brand, retrying due ones for up to max_wait_s."""
    s = cfg.webhook
    tally = Tally()
    deadline = clock() + s.max_wait_s
    secrets = {b: webhook_secret(t, cfg, paths) for b, t in targets.items() if "webhook" in t.channels}
    with httpx.Client(timeout=s.timeout_s, follow_redirects=False, trust_env=False) as client:
        while True:
            now = clock()
            blocked: set[str] = set()
            for row in con.execute(query("pending"), {"channel": "webhook"}).fetchall():
                brand = row["brand_id"]
                if brand in blocked:
                    continue
                if row["next_attempt_at"] > now:
                    blocked.add(brand)  # keep per-brand order: wait for the earlier message's retry
                    continue
                target = targets.get(brand) or Target(brand_id=brand, channels=(), secret_env="")
                error = _attempt(client, target, secrets.get(brand), row["key"], row["kind"],
                                 row["body"].encode("utf-8"))
                if error is None:
                    con.execute(query("mark_delivered"), {"key": row["key"], "channel": "webhook",
                                                          "at": _utc(clock())})
                    tally.delivered += 1
                    continue
                blocked.add(brand)
                wait = backoff_s(row["attempts"] + 1, s.backoff_base_s, s.backoff_max_s)
                state = con.execute(query("mark_failed"), {
                    "key": row["key"], "channel": "webhook", "error": error,
                    "next_attempt_at": clock() + wait, "max_attempts": s.max_attempts,
                }).fetchone()[0]
                if state == "dead":
                    tally.dead_lettered += 1
                    log.error("webhook %s for %s dead-lettered after %d attempts: %s",
                              row["key"], brand, row["attempts"] + 1, error)
                else:
                    tally.failed += 1
                    log.warning("webhook %s for %s failed (%s); retry in %.1f s", row["key"], brand, error, wait)
            nxt = _next_head_due(con)
            if nxt is None or nxt > deadline:
                break
            sleep(max(0.0, nxt - clock()))
    tally.waiting = one(con, "count_pending", channel="webhook")
    return tally


def _next_head_due(con: sqlite3.Connection) -> float | None:
    """When the earliest brand can continue: the minimum over brands of their first pending message's due time."""
    heads: dict[str, float] = {}
    for row in con.execute(query("pending"), {"channel": "webhook"}).fetchall():
        heads.setdefault(row["brand_id"], row["next_attempt_at"])
    return min(heads.values(), default=None)


def _utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")

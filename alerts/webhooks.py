"""Signed webhook delivery: brands in parallel, each brand's messages in order, every attempt bounded.

- One task per brand (at most `webhook.concurrency` attempts at once), so a slow or dead receiver
  delays only its own brand.
- Each attempt has a total deadline (`webhook.timeout_s`) covering resolution, connection, upload and
  the answer's status line and headers: a receiver dripping one byte at a time cannot hold it longer.
- A 2xx status accepts the message without reading the body; of any other answer at most
  `webhook.max_response_bytes` are read (raw, never decompressed) for the error message.
- The target's host is resolved once and every address checked (alerts/webhook_target.py).

Each attempt's outcome is committed before that brand's next attempt starts, so a crash loses at most
the outcome of the requests in flight; those messages are sent again on the next run with the same
id (`webhook-id`), which receivers use to drop the duplicate.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import ssl
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import certifi
import httpx

from alerts import outbox
from alerts.config import AlertsConfig, Target, webhook_secrets
from alerts.outbox import one
from alerts.signing import SecretError, signed_headers
from alerts.sqlfiles import query
from alerts.tally import Tally
from alerts.webhook_target import TargetRefused, pin_target
from greenchain.configfile import ConfigError
from greenchain.paths import DataPaths

log = logging.getLogger("greenchain.alerts.webhooks")


def backoff_s(failures: int, base: float, cap: float) -> float:
    """Wait after the n-th consecutive failure: base, 2·base, 4·base … capped."""
    return min(cap, base * 2 ** (failures - 1))


def _secrets_or_reason(target: Target, cfg: AlertsConfig, paths: DataPaths) -> list[str] | str:
    """The brand's secrets, or why it cannot be signed (the delivery then fails with that reason)."""
    try:
        found = webhook_secrets(target, cfg, paths)
    except (SecretError, ConfigError) as e:
        return f"webhook secret unusable: {e}"
    return found or f"no webhook secret: set ${target.secret_env} or the secrets file"


async def _attempt(client: httpx.AsyncClient, target: Target, secrets: list[str], key: str, event: str,
                   body: bytes, cfg: AlertsConfig) -> str | None:
    """POST one message; None on a 2xx answer, else the reason it failed."""
    s = cfg.webhook
    if not target.webhook_url:
        return "no webhook_url configured for this brand"
    try:
        async with asyncio.timeout(s.timeout_s):
            pinned = await pin_target(target.webhook_url, s.allow_private_targets)
            headers = {**signed_headers(secrets, key, event, body), "Host": pinned.host_header}
            async with client.stream("POST", pinned.url, content=body, headers=headers,
                                     extensions={"sni_hostname": pinned.sni_hostname}) as r:
                if 200 <= r.status_code < 300:
                    return None
                head = bytearray()
                async for chunk in r.aiter_raw():
                    head += chunk[: s.max_response_bytes - len(head)]
                    if len(head) >= s.max_response_bytes:
                        break
    except TimeoutError:
        return f"no answer within the {s.timeout_s:g} s deadline"
    except TargetRefused as e:
        return str(e)
    except httpx.HTTPError as e:
        return f"{type(e).__name__}: {e}"
    text = " ".join(head.decode("utf-8", "replace").split())[:200]
    return f"HTTP {r.status_code}" + (f": {text}" if text else "")


class _Delivery:
    """One `deliver_webhooks` call: shared outbox connection, tally and limits for the brand tasks."""

    def __init__(self, con: sqlite3.Connection, cfg: AlertsConfig, clock: Callable[[], float]) -> None:
        self.con, self.cfg, self.clock = con, cfg, clock
        self.tally = Tally()
        self.deadline = clock() + cfg.webhook.max_wait_s
        self.slots = asyncio.Semaphore(cfg.webhook.concurrency)
        # one verifying TLS context for all clients: loading the CA bundle takes a tenth of a second,
        # which would stall the event loop (and eat every brand's deadline) if each client did it
        self.tls = ssl.create_default_context(cafile=certifi.where())

    async def brand(self, brand: str, target: Target, secrets: list[str] | str) -> None:
        """Send one brand's pending messages in order, waiting for retries due before the deadline.

        Each brand has its own client: requests go to a pinned address, so a pooled connection must
        never carry one brand's request over TLS that was verified for another brand's host name.
        """
        async with httpx.AsyncClient(timeout=self.cfg.webhook.timeout_s, follow_redirects=False,
                                     trust_env=False, verify=self.tls) as client:
            await self._send_in_order(client, brand, target, secrets)

    async def _send_in_order(self, client: httpx.AsyncClient, brand: str, target: Target,
                             secrets: list[str] | str) -> None:
        while True:
            rows = self.con.execute(query("pending_for_brand"),
                                    {"channel": "webhook", "brand_id": brand}).fetchall()
            if not rows:
                return
            due = rows[0]["next_attempt_at"]
            if due > self.clock():
                if due > self.deadline:
                    return  # left pending, with its due time, for the next run
                await asyncio.sleep(due - self.clock())
                continue
            for row in rows:
                if row["next_attempt_at"] > self.clock():
                    break
                if isinstance(secrets, str):
                    error: str | None = secrets
                else:
                    async with self.slots:
                        error = await _attempt(client, target, secrets, row["key"], row["kind"],
                                               row["body"].encode("utf-8"), self.cfg)
                if error is not None:
                    self._failed(row, brand, error)
                    break  # keep per-brand order: later messages wait for this one's retry
                self.con.execute(query("mark_delivered"), {"key": row["key"], "channel": "webhook",
                                                           "at": _utc(self.clock())})
                self.tally.delivered += 1

    def _failed(self, row: sqlite3.Row, brand: str, error: str) -> None:
        s = self.cfg.webhook
        wait = backoff_s(row["attempts"] + 1, s.backoff_base_s, s.backoff_max_s)
        state = self.con.execute(query("mark_failed"), {
            "key": row["key"], "channel": "webhook", "error": error,
            "next_attempt_at": self.clock() + wait, "max_attempts": s.max_attempts,
        }).fetchone()[0]
        if state == "dead":
            self.tally.dead_lettered += 1
            log.error("webhook %s for %s dead-lettered after %d attempts: %s",
                      row["key"], brand, row["attempts"] + 1, error)
        else:
            self.tally.failed += 1
            log.warning("webhook %s for %s failed (%s); retry in %.1f s", row["key"], brand, error, wait)


async def _deliver_all(con: sqlite3.Connection, targets: dict[str, Target], cfg: AlertsConfig, paths: DataPaths,
                       clock: Callable[[], float]) -> Tally:
    run = _Delivery(con, cfg, clock)
    tasks = []
    for (brand,) in con.execute(query("pending_brands"), {"channel": "webhook"}).fetchall():
        target = targets.get(brand) or Target(brand_id=brand, channels=(), secret_env="")
        tasks.append(run.brand(brand, target, _secrets_or_reason(target, cfg, paths)))
    await asyncio.gather(*tasks)
    return run.tally


def deliver_webhooks(con: sqlite3.Connection, targets: dict[str, Target], cfg: AlertsConfig, paths: DataPaths,
                     clock: Callable[[], float] = time.time) -> Tally:
    """Send pending webhook deliveries, brands in parallel, retrying due ones for up to max_wait_s."""
    if cfg.webhook.allow_private_targets:
        log.warning("webhook.allow_private_targets is on: loopback and private webhook targets are allowed")
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        tally = asyncio.run(_deliver_all(con, targets, cfg, paths, clock))
    else:  # called from inside an event loop: run ours in a thread, with that thread's own connection
        with ThreadPoolExecutor(1) as pool:
            tally = pool.submit(_in_own_thread, targets, cfg, paths, clock).result()
    tally.waiting = one(con, "count_pending", channel="webhook")
    return tally


def _in_own_thread(targets: dict[str, Target], cfg: AlertsConfig, paths: DataPaths,
                   clock: Callable[[], float]) -> Tally:
    con = outbox.connect(paths)  # sqlite3 connections stay in the thread that opened them
    try:
        return asyncio.run(_deliver_all(con, targets, cfg, paths, clock))
    finally:
        con.close()


def _utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")

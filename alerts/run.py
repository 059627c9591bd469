"""Entry point of the alerts stage: derive events from the published warehouse, enqueue, deliver."""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from alerts import outbox
from alerts.config import AlertsConfig, Target, load_alerts_config, resolve_target
from alerts.digest import deliver_digests
from alerts.events import EVENT_KINDS, WarehouseMissing, build_messages, event_rows
from alerts.feeds import deliver_feeds
from alerts.sqlfiles import query
from alerts.webhooks import deliver_webhooks
from greenchain.brands import BrandsConfig, load_brands
from greenchain.paths import DataPaths

log = logging.getLogger("greenchain.alerts")


def _targets(brand_ids: set[str], cfg: AlertsConfig, brands: BrandsConfig) -> dict[str, Target]:
    return {b: resolve_target(b, cfg, brands) for b in sorted(brand_ids)}


def _known_brands(con: sqlite3.Connection, brands: BrandsConfig, extra: set[str]) -> set[str]:
    in_outbox = {r[0] for r in con.execute(query("outbox_brands"))}
    return in_outbox | {b.id for b in brands.brands} | extra


def deliver_pending(paths: DataPaths, cfg: AlertsConfig, brands: BrandsConfig,
                    con: sqlite3.Connection | None = None) -> dict[str, dict[str, int]]:
    """Deliver everything pending in the outbox on every channel; returns counts per channel."""
    own = con is None
    con = con or outbox.connect(paths)
    try:
        with _delivery_lock(paths):
            targets = _targets(_known_brands(con, brands, set()), cfg, brands)
            return {
                "feed": deliver_feeds(con, paths, cfg).as_dict(),
                "webhook": deliver_webhooks(con, targets, cfg, paths).as_dict(),
                "email": deliver_digests(con, targets, cfg, time.time()).as_dict(),
            }
    finally:
        if own:
            con.close()


@contextmanager
def _delivery_lock(paths: DataPaths) -> Iterator[None]:
    """One deliverer at a time (the DAG and a manual `alerts send` could overlap and double-send).

    An flock dies with its process, so a crashed run never leaves the lock behind.
    """
    paths.alerts.mkdir(parents=True, exist_ok=True)
    with (paths.alerts / ".deliver.lock").open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def process_alerts(run_id: str, paths: DataPaths | None = None, deliver: bool = True, *,
                   config: AlertsConfig | None = None, brands: BrandsConfig | None = None) -> dict[str, Any]:
    """Enqueue this load's new events (exactly once per brand, record, event, version) and deliver.

    Returns {"run_id", "events": {kind: new messages}, "delivery": {channel: {delivered, failed,
    dead_lettered, waiting}}}; "delivery" is empty when deliver=False.
    """
    paths = paths or DataPaths.default()
    cfg = config or load_alerts_config()
    brands = brands or load_brands()
    if not paths.warehouse.exists():  # say so before creating an outbox for nothing
        raise WarehouseMissing(f"no published warehouse at {paths.warehouse}; run the load stage first")
    con = outbox.connect(paths)
    try:
        rows = event_rows(paths.warehouse, con)
        created_at = datetime.now(UTC).isoformat(timespec="seconds")
        messages = build_messages(rows, con, run_id, created_at)
        targets = _targets(_known_brands(con, brands, {m["brand_id"] for m in messages}), cfg, brands)
        kinds = outbox.enqueue(con, messages, {b: t.channels for b, t in targets.items()}, time.time())
        log.info("alerts %s: %d events, %d new in the outbox", run_id, len(messages), kinds.total())
        result: dict[str, Any] = {
            "run_id": run_id,
            "events": {k: kinds.get(k, 0) for k in EVENT_KINDS},
            "delivery": {},
        }
        if deliver:
            result["delivery"] = deliver_pending(paths, cfg, brands, con)
        return result
    finally:
        con.close()


def requeue_dead(paths: DataPaths) -> int:
    """Give dead-lettered webhook and email deliveries a fresh set of attempts; returns how many."""
    con = outbox.connect(paths)
    try:
        with outbox.transaction(con):
            return sum(con.execute(query("requeue_dead"), {"channel": c, "now": time.time()}).rowcount
                       for c in ("webhook", "email"))
    finally:
        con.close()

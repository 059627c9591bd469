"""Alerts benchmark: webhook fan-out with hostile receivers among healthy ones, and feed serving.

Figures: wall time to deliver to every brand when one receiver is slow, one drips its answer and one
answers with a huge body (all on 127.0.0.1; timeout 1 s), how long the healthy brands took, messages
per second; the size of a brand's 200-entry JSON Feed and Atom feed plain and gzipped, and the time to
serve it (first request and the mean of the following ones). `run(quick=True)` uses 10 brands.
Run with `python -m bench.alerts [--quick]`.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from alerts import outbox
from alerts.config import AlertsConfig, FeedSettings, Target, WebhookSettings, default_secret_env
from alerts.events import encode_body, idempotency_key, message_body
from alerts.feeds import feeds_dir, write_brand_feeds
from alerts.signing import new_secret
from alerts.webhooks import deliver_webhooks
from greenchain.paths import DataPaths

HOSTILE = ("slow", "drip", "huge")


def _row(brand: str, i: int) -> dict[str, Any]:
    """An event row of the shape events.sql returns, with real-length Chinese text."""
    return {
        "brand_id": brand, "record_id": f"rec-{brand}-{i}", "kind": "new", "version": 1, "detail": f"co-{i}",
        "supplier_row_id": f"{brand}:{i}", "supplier_name": "Suzhou Jinxiang Electronics Co., Ltd.",
        "supplier_company_id": f"co-{i}", "supplier_band": "auto", "supplier_score": 0.97,
        "supplier_explanation": '{"rule": "uscc", "evidence": "USCC on list matches registry"}',
        "company_id": f"co-{i}", "company_name": "苏州金像电子有限公司昆山分公司", "relation": "branch",
        "parent_company_id": "co-p", "parent_company_name": "苏州金像电子有限公司",
        "match_band": "auto", "match_score": 0.95, "match_rule": "name+county",
        "match_explanation": '{"rule": "name+county", "name": 0.98, "county": "320583"}',
        "match_judgement": None, "match_accepted": True, "doc_kind": "penalty_decision",
        "decision_no": f"苏环罚(昆)〔2026〕{i}号", "party_name": "苏州金像电子有限公司昆山分公司",
        "authority": "昆山市生态环境局", "decision_date": "2026-07-01", "fine_yuan": 50000.0,
        "violation_types": ["hazardous_waste_handling", "wastewater_exceedance"], "pollutants": ["COD", "氨氮"],
        "taken_down_at": None, "resolution_stage": None, "resolution_at": None, "resolution_url": None,
        "source_id": "320583-xzcf", "source_url": f"http://www.ks.gov.cn/art/2026/7/1/art_2_{i}.html",
        "snapshot_sha256": "bb22" * 16, "content_hash": "h-b1" * 8,
    }


def _messages(brand: str, n: int) -> list[dict[str, Any]]:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    out = []
    for i in range(n):
        r = _row(brand, i)
        key = idempotency_key(brand, r["record_id"], "new", 1, r["detail"])
        out.append({"key": key, "run_id": "bench", "created_at": now, "brand_id": brand, "record_id": r["record_id"],
                    "kind": "new", "version": 1, "detail": r["detail"], "retracts": None, "company_id": r["company_id"],
                    "taken_down": False, "stage": None, "judgement": None, "supplier_row_id": r["supplier_row_id"],
                    "supplier_name": r["supplier_name"], "supplier_company_id": r["supplier_company_id"],
                    "relation": "branch", "body": encode_body(message_body(r, key, "bench", now, None))})
    return out


def _receiver(answer: Callable[[BaseHTTPRequestHandler], None], arrivals: list[float]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            self.rfile.read(int(self.headers["Content-Length"]))
            arrivals.append(time.monotonic())
            with contextlib.suppress(OSError):
                answer(self)

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        request_queue_size = 256  # the default backlog of 5 would make the receiver the bottleneck
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _ok(h: BaseHTTPRequestHandler) -> None:
    h.send_response(204)
    h.end_headers()


def _slow(h: BaseHTTPRequestHandler) -> None:
    time.sleep(3)
    _ok(h)


def _drip(h: BaseHTTPRequestHandler) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(30):
        h.wfile.write(b"a")
        h.wfile.flush()
        time.sleep(0.2)


def _huge(h: BaseHTTPRequestHandler) -> None:
    h.send_response(500)
    h.send_header("Content-Length", str(1 << 30))
    h.end_headers()
    chunk = b"x" * 65_536
    for _ in range(1 << 14):
        h.wfile.write(chunk)


def webhook_fanout(brands: int, per_brand: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-alerts-") as tmp:
        paths = DataPaths(Path(tmp))
        con = outbox.connect(paths)
        names = [f"brand-{i:03d}" for i in range(brands)]
        msgs = [m for b in names for m in _messages(b, per_brand)]
        outbox.enqueue(con, msgs, dict.fromkeys(names, ("webhook",)), time.time())
        healthy: list[float] = []
        servers = {"ok": _receiver(_ok, healthy)}
        for kind, answer in zip(HOSTILE, (_slow, _drip, _huge), strict=True):
            servers[kind] = _receiver(answer, [])
        targets = {}
        for i, b in enumerate(names):
            kind = HOSTILE[i] if i < len(HOSTILE) else "ok"
            port = servers[kind].server_address[1]
            targets[b] = Target(brand_id=b, channels=("webhook",), webhook_url=f"http://127.0.0.1:{port}/{b}",
                                secret_env=default_secret_env(b))
            os.environ[default_secret_env(b)] = new_secret()
        cfg = AlertsConfig(webhook=WebhookSettings(timeout_s=1, max_attempts=1, max_wait_s=0,
                                                   allow_private_targets=True))
        t0 = time.monotonic()
        tally = deliver_webhooks(con, targets, cfg, paths)
        wall = time.monotonic() - t0
        con.close()
        for s in servers.values():
            s.shutdown()
            s.server_close()
    healthy_msgs = (brands - len(HOSTILE)) * per_brand
    return {
        "brands": brands, "messages": brands * per_brand, "hostile_brands": list(HOSTILE),
        "delivered": tally.delivered, "dead_lettered": tally.dead_lettered,
        "wall_s": round(wall, 2), "healthy_brands_done_s": round(max(healthy) - t0, 2) if healthy else None,
        "healthy_messages_per_s": round(healthy_msgs / (max(healthy) - t0), 1) if healthy else None,
    }


def feed_serving(entries: int) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from alerts.service import create_app
    from alerts.tokens import issue_token

    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmp:
        paths = DataPaths(Path(tmp))
        con = outbox.connect(paths)
        outbox.enqueue(con, _messages("brand-000", entries), {"brand-000": ("feed",)}, time.time())
        write_brand_feeds(con, feeds_dir(paths), "brand-000", FeedSettings(max_entries=entries))
        key = issue_token(con, "brand-000").feed_key
        con.close()
        client = TestClient(create_app(paths, AlertsConfig()))
        out: dict[str, Any] = {"entries": entries}
        for fmt in ("json", "atom"):
            url = f"/s/{key}/brand-000.{fmt}"
            plain = client.get(url, headers={"Accept-Encoding": "identity"})
            times = []
            for _ in range(21):
                t0 = time.perf_counter()
                gz = client.get(url, headers={"Accept-Encoding": "gzip"})
                times.append(time.perf_counter() - t0)
            out[fmt] = {"bytes": len(plain.content), "gzip_bytes": int(gz.headers["content-length"]),
                        "first_gzip_request_ms": round(times[0] * 1000, 1),
                        "next_requests_mean_ms": round(statistics.mean(times[1:]) * 1000, 2)}
    return out


def run(quick: bool = False) -> dict[str, Any]:
    fan = webhook_fanout(10 if quick else 100, 3 if quick else 10)
    print(f"webhooks: {fan['messages']} messages to {fan['brands']} brands (3 hostile) in {fan['wall_s']} s; "
          f"healthy brands done after {fan['healthy_brands_done_s']} s", flush=True)
    feeds = feed_serving(200)
    print(f"feeds: 200-entry JSON Feed {feeds['json']['bytes']:,} B, gzip {feeds['json']['gzip_bytes']:,} B; "
          f"served in {feeds['json']['first_gzip_request_ms']} ms first, {feeds['json']['next_requests_mean_ms']} ms "
          "after", flush=True)
    return {"webhooks": fan, "feeds": feeds}


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))

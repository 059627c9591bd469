"""Alert events: the published warehouse diffed against the outbox (alerts/sql/events.sql).

Nothing is remembered in memory between runs: the outbox's last message per (brand, record) holds
the state that was alerted, and the diff against the warehouse says what changed since.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from alerts.outbox import one, snapshot_table
from alerts.sqlfiles import sql_file

EVENT_KINDS = ("new", "revised", "taken_down", "restored", "resolution", "match_confirmed", "match_rejected")
MESSAGE_TYPE = "greenchain.supplier_alert.v1"


class WarehouseMissing(FileNotFoundError):
    """No published warehouse yet: the load stage has not run."""


def idempotency_key(brand_id: str, record_id: str, kind: str, version: int, detail: str) -> str:
    """Deterministic id of one alert: the same event always gets the same key, on every channel."""
    raw = "\x1f".join([brand_id, record_id, kind, str(version), detail])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def _iso(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


def _json_or_text(v: str | None) -> Any:
    """Explanations are JSON strings in the warehouse; pass them on as JSON, or as text if not JSON."""
    if v is None:
        return None
    try:
        return json.loads(v)
    except ValueError:
        return v


def event_rows(warehouse: Path, con: sqlite3.Connection) -> list[dict[str, Any]]:
    """Run events.sql over the warehouse (read-only) and the outbox's messages."""
    if not warehouse.exists():
        raise WarehouseMissing(f"no published warehouse at {warehouse}; run the load stage first")
    db = duckdb.connect(str(warehouse), read_only=True)
    try:
        db.register("outbox_messages", snapshot_table(con))
        cur = db.execute(sql_file("events.sql"))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        db.close()


def message_body(row: dict[str, Any], key: str, run_id: str, created_at: str, retracts: str | None) -> dict[str, Any]:
    """The alert as every channel sends it (format documented in docs/alerts.md)."""
    return {
        "type": MESSAGE_TYPE,
        "id": key,
        "event": row["kind"],
        "brand_id": row["brand_id"],
        "record_id": row["record_id"],
        "version": row["version"],
        "run_id": run_id,
        "created_at": created_at,
        "retracts": retracts,
        "supplier": {
            "supplier_row_id": row["supplier_row_id"],
            "name_as_listed": row["supplier_name"],
            "company_id": row["supplier_company_id"],
            "match_band": row["supplier_band"],
            "match_score": row["supplier_score"],
            "match_explanation": _json_or_text(row["supplier_explanation"]),
        },
        "company": {
            "company_id": row["company_id"],
            "name": row["company_name"],
            # "direct": the listed supplier; "branch": a registered branch of it; "branch_of": the listed
            # supplier, which the decision names through a unit of it that is not registered itself
            "relation": row["relation"],
            "parent_company_id": row["parent_company_id"],
            "parent_company_name": row["parent_company_name"],
        },
        "match": {
            "band": row["match_band"],
            "score": row["match_score"],
            "rule": row["match_rule"],
            "explanation": _json_or_text(row["match_explanation"]),
            "judgement": row["match_judgement"],  # reviewer's: positive | negative | unsure | null
            "accepted": row["match_accepted"],
        },
        "violation": {
            "doc_kind": row["doc_kind"],
            "decision_no": row["decision_no"],
            "party_name": row["party_name"],
            "authority": row["authority"],
            "decision_date": _iso(row["decision_date"]),
            "fine_yuan": row["fine_yuan"],
            "violation_types": list(row["violation_types"] or []),
            "pollutants": list(row["pollutants"] or []),
            "taken_down_at": _iso(row["taken_down_at"]),
        },
        "resolution": {"stage": row["resolution_stage"], "at": _iso(row["resolution_at"]),
                       "url": row["resolution_url"]},
        "source": {
            "source_id": row["source_id"],
            "url": row["source_url"],
            "snapshot_sha256": row["snapshot_sha256"],
            "content_hash": row["content_hash"],
        },
    }


def encode_body(body: dict[str, Any]) -> str:
    """Canonical JSON text: the bytes signed and sent are exactly these, UTF-8 encoded."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def build_messages(rows: list[dict[str, Any]], con: sqlite3.Connection, run_id: str,
                   created_at: str) -> list[dict[str, Any]]:
    """Outbox rows (key, body, state snapshot) for the event rows of one run."""
    out = []
    for r in rows:
        key = idempotency_key(r["brand_id"], r["record_id"], r["kind"], r["version"], r["detail"] or "")
        retracts = None
        if r["kind"] == "match_rejected":
            retracts = one(con, "key_for_new", brand_id=r["brand_id"], record_id=r["record_id"],
                           company_id=r["company_id"])
        body = message_body(r, key, run_id, created_at, retracts)
        out.append({
            "key": key,
            "run_id": run_id,
            "created_at": created_at,
            "brand_id": r["brand_id"],
            "record_id": r["record_id"],
            "kind": r["kind"],
            "version": r["version"],
            "detail": r["detail"] or "",
            "retracts": retracts,
            "company_id": r["snap_company_id"],
            "taken_down": int(bool(r["snap_taken_down"])),
            "stage": r["snap_stage"],
            "judgement": r["snap_judgement"],
            "supplier_row_id": r["snap_supplier_row_id"],
            "supplier_name": r["snap_supplier_name"],
            "supplier_company_id": r["snap_supplier_company_id"],
            "relation": r["snap_relation"],
            "body": encode_body(body),
        })
    return out

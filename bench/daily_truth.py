"""The number brands feel: the alerts a daily run sent, scored against the simulator's truth.

An alert (brand, record) is right when the company that really committed the violation (the
simulated party behind the record) is on the brand's list (the companies the generated list was made
from, data/reference/.demo-supplier-truth.json), itself or through the parents of a branch, as brands
list the group and bureaus fine the branch. It should have been sent for every violation the
simulator published by that day, on a page a crawler can fetch and a parser can read, whose party is
on a brand's list that way. Precision: right alerts over alerts sent; recall: the violations that
should have been alerted that were.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import duckdb

from greenchain.paths import DataPaths
from simulator.reference import read_supplier_truth
from simulator.truth import truth_lines
from simulator.world import build_web


def _ancestors(company: str | None, parent: dict[str, str | None]) -> Iterable[str]:
    seen: set[str] = set()
    while company and company not in seen:
        seen.add(company)
        yield company
        company = parent.get(company)


def _sent(paths: DataPaths) -> set[tuple[str, str]]:
    con = sqlite3.connect(f"file:{paths.alerts / 'outbox.sqlite'}?mode=ro", uri=True)
    try:
        return {(b, r) for b, r in con.execute("SELECT brand_id, record_id FROM messages WHERE kind = 'new'")}
    finally:
        con.close()


def _warehouse(paths: DataPaths) -> tuple[dict[tuple[str, int], str], set[str], dict[str, str | None]]:
    """(url, row) → record_id of every violation; the document kinds violations have; company → parent."""
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        rows = con.execute("SELECT source_url, coalesce(row_index, -1), record_id, doc_kind FROM core.violations").fetchall()
        parent = dict(con.execute("SELECT company_id, parent_company_id FROM core.companies").fetchall())
    finally:
        con.close()
    return {(u, i): rid for u, i, rid, _ in rows}, {k for *_, k in rows}, parent


def score_alerts(paths: DataPaths, day: int, n_companies: int, sources: list[str] | None) -> dict[str, Any]:
    """Alert precision and recall of everything a run sent up to `day` (module docstring)."""
    lists = {b: set(ids) for b, ids in read_supplier_truth(paths).items()}
    if not lists:
        return {"skipped": "no supplier truth (the registry is not the generated demo one)"}
    by_place, kinds, parent = _warehouse(paths)
    sent = _sent(paths)
    web = build_web(day=day, n_companies=n_companies)
    party_of: dict[str, str | None] = {}  # record_id → the true party
    due: set[tuple[str, tuple[str, int]]] = set()  # (brand, document place) that should have alerted
    for t in truth_lines(web, day, sources, progress=False):
        if t["doc_kind"] not in kinds or t["status"] != "live" or not (t["crawlable"] and t["parseable"]):
            continue
        place = (str(t["url"]), -1 if t["row_index"] is None else int(t["row_index"]))
        rid = by_place.get(place)
        party = t.get("party_company_id")
        if rid is not None:
            party_of[rid] = party
        for b, listed in lists.items():
            if any(a in listed for a in _ancestors(party, parent)):
                due.add((b, place))
    right = sum(1 for b, rid in sent if any(a in lists.get(b, ()) for a in _ancestors(party_of.get(rid), parent)))
    unknown = sum(1 for _b, rid in sent if rid not in party_of)
    caught = sum(1 for b, place in due if place in by_place and (b, by_place[place]) in sent)
    per_brand: dict[str, dict[str, int]] = defaultdict(lambda: {"sent": 0, "due": 0})
    for b, _rid in sent:
        per_brand[b]["sent"] += 1
    for b, _p in due:
        per_brand[b]["due"] += 1
    return {
        "alerts_sent": len(sent), "alerts_right": right, "alerts_due": len(due), "due_and_sent": caught,
        "sent_without_truth": unknown,  # records the simulator does not know (none expected)
        "precision": round(right / len(sent), 4) if sent else 1.0,
        "recall": round(caught / len(due), 4) if due else 1.0,
        "per_brand": dict(per_brand),
    }

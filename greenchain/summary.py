"""The closing summary of a demo or daily run: what was crawled, loaded, matched and alerted."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import duckdb

from greenchain.paths import DataPaths
from greenchain.pipeline import source_health_summary

SQL = Path(__file__).parent / "sql"
EXAMPLE_SQL = (
    "SELECT province, count(*) AS violations, round(sum(fine_yuan)) AS fines_yuan "
    "FROM core.violations GROUP BY ALL ORDER BY violations DESC LIMIT 5"
)


def new_alert_check(paths: DataPaths, run_id: str) -> dict[str, Any]:
    """Compare the run's new-violation alerts with what the warehouse says they should be."""
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        expected = set(con.execute((SQL / "expected_new_alerts.sql").read_text(), {"run_id": run_id}).fetchall())
    finally:
        con.close()
    sent: set[tuple[str, str]] = set()
    examples: dict[str, str] = {}
    outbox = paths.alerts / "outbox.sqlite"
    if outbox.exists():
        with sqlite3.connect(f"file:{outbox}?mode=ro", uri=True) as scon:
            for brand, record, supplier in scon.execute((SQL / "new_alerts_of_run.sql").read_text(), (run_id,)):
                sent.add((brand, record))
                examples.setdefault(brand, f"{supplier} ({record})")
    return {"run_id": run_id, "expected": len(expected), "sent": len(sent), "exact": sent == expected,
            "missing": sorted(expected - sent)[:10], "unexpected": sorted(sent - expected)[:10],
            "by_brand": {b: sum(1 for x, _ in sent if x == b) for b in sorted({x for x, _ in sent})},
            "examples": examples}


def demo_summary(paths: DataPaths, run_ids: list[str]) -> dict[str, Any]:
    health = {r: source_health_summary(r, paths) for r in run_ids}
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        cur = con.execute((SQL / "summary_warehouse.sql").read_text())
        wh = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
    finally:
        con.close()
    alerts: list[tuple[str, int, int]] = []
    outbox = paths.alerts / "outbox.sqlite"
    if outbox.exists():
        with sqlite3.connect(f"file:{outbox}?mode=ro", uri=True) as scon:
            alerts = scon.execute((SQL / "summary_alerts.sql").read_text()).fetchall()
    lines = []
    for r, h in health.items():
        by = ", ".join(f"{k} {v}" for k, v in sorted(h["by_status"].items()))
        lines.append(f"run {r}: {h['sources']} sources crawled ({by})")
    lines += [
        f"records loaded: {wh['records_loaded']} violations from {wh['sources_with_records']} sources "
        f"({wh['records_taken_down']} since taken down at the source), {wh['listings_loaded']} key-polluter "
        f"listings, {wh['disclosures_loaded']} enterprise disclosures",
        f"matches: {wh['records_matched_auto']} of these records matched to a company, {wh['records_in_review']} in review; "
        f"{wh['suppliers_matched']} of {wh['supplier_rows']} supplier rows of {wh['brands']} brands matched",
        "alerts written: " + (", ".join(f"{b} {m}" for b, m, _ in alerts) or "none"),
        f"warehouse: {paths.warehouse}",
    ]
    used = paths.runs / run_ids[-1] / "reference.json"
    if used.exists():
        ref = json.loads(used.read_text(encoding="utf-8")).get("match") or {}
        lists = ", ".join(f"{b} {v['version'] or '–'} ({v['origin']})" for b, v in ref.get("suppliers", {}).items())
        reg = ref.get("companies") or {}
        lines.append(f"reference used by {run_ids[-1]}: registry {reg.get('version')} ({reg.get('origin')}); "
                     f"supplier lists {lists} (greenchain reference status)")
    day2 = new_alert_check(paths, run_ids[-1]) if len(run_ids) > 1 else None
    if day2:
        per = ", ".join(f"{b} {n} (e.g. {day2['examples'][b]})" for b, n in day2["by_brand"].items()) or "none"
        verdict = "exactly the expected alerts" if day2["exact"] else f"MISMATCH: {day2['missing']} {day2['unexpected']}"
        lines.append(f"day {len(run_ids)} ({run_ids[-1]}): new supplier violations alerted: {per}: {verdict}")
    return {"day2_alerts": day2, "health": health, "warehouse": wh, "alerts": alerts, "lines": lines, "example_sql": EXAMPLE_SQL}

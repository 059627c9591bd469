"""The closing summary of a demo or daily run: what was crawled, loaded, matched and alerted."""

from __future__ import annotations

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
        f"records loaded: {wh['records_loaded']} from {wh['sources_with_records']} sources "
        f"({wh['records_taken_down']} since taken down at the source)",
        f"matches: {wh['records_matched_auto']} records auto-matched to companies, {wh['records_in_review']} in review; "
        f"{wh['suppliers_matched']} of {wh['supplier_rows']} supplier rows of {wh['brands']} brands matched",
        "alerts written: " + (", ".join(f"{b} {m}" for b, m, _ in alerts) or "none"),
        f"warehouse: {paths.warehouse}",
    ]
    return {"health": health, "warehouse": wh, "alerts": alerts, "lines": lines, "example_sql": EXAMPLE_SQL}

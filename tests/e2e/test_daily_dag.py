"""The real greenchain_daily DAG, run in-process with dag.test() against the simulator."""

from __future__ import annotations

import json
import sqlite3

import duckdb
import pytest

from greenchain.paths import DataPaths
from greenchain.summary import new_alert_check
from simulator.truth import source_lines, truth_lines
from warehouse.config import load_warehouse_config

pytestmark = pytest.mark.e2e

DAY1, DAY2 = "2026-11-22", "2026-11-23"


def pick_sources(web, per_template: int = 3) -> tuple[list[str], list[str]]:
    """Healthy penalty-decision sources of every template, plus one permanently failing source."""
    healthy: dict[str, list[str]] = {}
    failing: list[str] = []
    for s in source_lines(web, 1):
        if s["fault_mode"] == "none" and 1 <= s["items_live"] <= 25 and s["kind"] == "penalty_decision":
            healthy.setdefault(s["template"], []).append(s["source_id"])
        elif s["fault_mode"] == "permanent_5xx" and not failing:
            failing.append(s["source_id"])
    assert len(healthy) == 5, healthy.keys()
    return [sid for ids in healthy.values() for sid in ids[:per_template]], failing


def truth_keys(web, day: int, ids: list[str]) -> set[tuple]:
    """The live violations the truth lists (prior notices and payment reminders are not violations)."""
    violations = set(load_warehouse_config().violation_kinds)
    return {
        (t["source_id"], t["url"], t["row_index"], t["decision_no"], t["party_name"], t["fine_yuan"])
        for t in truth_lines(web, day, ids, progress=False)
        if t["status"] == "live" and t["doc_kind"] in violations
    }


def warehouse_keys(paths: DataPaths, ids: list[str]) -> set[tuple]:
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        return set(
            con.execute(
                "SELECT source_id, source_url, row_index, decision_no, party_name, fine_yuan::DOUBLE FROM core.violations "
                "WHERE list_contains($ids, source_id) AND taken_down_at IS NULL",
                {"ids": ids},
            ).fetchall()
        )
    finally:
        con.close()


def test_daily_dag_lands_every_published_record_and_alerts_only_matching_brands(
    airflow_db: None, simulator, pipeline_env: DataPaths, load_dag
) -> None:
    _, web = simulator
    healthy, failing = pick_sources(web)
    dag = load_dag("greenchain_daily").daily

    run1 = dag.test(run_conf={"sources": healthy + failing, "run_id": DAY1, "shards": 2})
    assert run1.state == "success"
    # every record each healthy site publishes reached the warehouse, field for field
    assert warehouse_keys(pipeline_env, healthy) == truth_keys(web, 1, healthy)

    health_dir = pipeline_env.landing_run(DAY1) / "health"
    assert {f"{sid}.json" for sid in healthy + failing} == {p.name for p in health_dir.glob("*.json")}
    failed = json.loads((health_dir / f"{failing[0]}.json").read_text())
    assert failed["status"] == "failed" and failed["reason"]

    # day 2: the sites publish new records; the incremental crawl lands them too
    web.set_day(2)
    run2 = dag.test(run_conf={"sources": healthy + failing, "run_id": DAY2, "shards": 2})
    assert run2.state == "success"
    assert warehouse_keys(pipeline_env, healthy) == truth_keys(web, 2, healthy)

    # day 2's new-violation alerts are exactly the new violations of each brand's own suppliers
    day2 = new_alert_check(pipeline_env, DAY2)
    assert day2["exact"], (day2["missing"], day2["unexpected"])

    con = duckdb.connect(str(pipeline_env.warehouse), read_only=True)
    try:
        total, distinct = con.execute("SELECT count(*), count(DISTINCT record_id) FROM core.violations").fetchone()
        assert total == distinct > 0
        # every alert is about a violation of a company on that brand's own supplier list
        with sqlite3.connect(pipeline_env.alerts / "outbox.sqlite") as scon:
            messages = scon.execute("SELECT brand_id, record_id, supplier_company_id FROM messages").fetchall()
        for brand_id, record_id, supplier_company_id in messages:
            listed = con.execute(
                "SELECT count(*) FROM core.brand_suppliers WHERE brand_id = ? AND company_id = ?",
                [brand_id, supplier_company_id],
            ).fetchone()[0]
            assert listed >= 1, (brand_id, record_id)
    finally:
        con.close()

"""Operating the DAGs: a failed task tells the operator once; an imported brand list is used by the next run."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from airflow.models.asset import AssetEvent
from airflow.utils.session import create_session

from greenchain.airflow_notify import notices_path
from greenchain.operations import import_pools
from greenchain.paths import SHARED_REALDATA, DataPaths
from greenchain.reference.importing import import_suppliers
from greenchain.registry import load_registry
from simulator.truth import source_lines

pytestmark = pytest.mark.e2e
APPLE = SHARED_REALDATA / "apple-suppliers"
DAY1 = "2026-11-22"


def test_failing_task_sends_exactly_one_operator_notice(
    airflow_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, load_dag, smtp_inbox, operations_config,
    caplog: pytest.LogCaptureFixture,
) -> None:
    inbox, port = smtp_inbox
    operations_config({"email": ["ops@example.org"], "sender": "greenchain@example.org",
                       "smtp": {"smtp_host": "127.0.0.1", "smtp_port": port}})
    paths = DataPaths(tmp_path / "data")
    monkeypatch.setenv("GREENCHAIN_DATA_DIR", str(paths.root))
    # A production run with no company registry: prepare_reference must stop the run.
    monkeypatch.setenv("GREENCHAIN_CRAWL_PROFILE", "production")
    dag = load_dag("greenchain_daily").daily

    source = load_registry().active()[0].id
    # No logical date and no run_id param: the tasks must not need `ds` to name the run.
    with caplog.at_level(logging.INFO, logger="greenchain.notify"):
        run = dag.test(logical_date=None, run_conf={"sources": [source], "shards": 1})

    assert run.state == "failed"
    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert states["prepare_reference"] == "failed" and states["alerts"] == "upstream_failed"
    assert len(inbox.messages) == 1  # not one per retry, not another for the failed run
    # the run-level callback did run, and stood down because the task had told the operator
    assert any(f"{run.run_id}/(run)/-1 already notified" in r.getMessage() for r in caplog.records)
    msg = inbox.messages[0]
    assert msg["To"] == "ops@example.org" and "prepare_reference" in msg["Subject"]
    body = msg.get_content()
    assert "greenchain reference import companies FILE" in body and f"run         {run.run_id}" in body
    assert not (paths.reference / "companies.parquet").exists()  # nothing invented
    with sqlite3.connect(notices_path(paths)) as con:
        assert con.execute("SELECT task_id, delivery FROM notices").fetchall() == [("prepare_reference", "emailed")]


def test_project_pools_are_created_in_airflow(airflow_db: None) -> None:
    import_pools()
    airflow = Path(sys.executable).parent / "airflow"
    out = subprocess.run([str(airflow), "pools", "get", "warehouse_writer", "-o", "json"], capture_output=True,
                         text=True, check=True)
    assert json.loads(out.stdout)[0]["slots"] == "1"


def _healthy_sources(web, n: int = 3) -> list[str]:
    return [s["source_id"] for s in source_lines(web, 1)
            if s["fault_mode"] == "none" and 1 <= s["items_live"] <= 15 and s["kind"] == "penalty_decision"][:n]


@pytest.mark.skipif(not APPLE.exists(), reason=f"{APPLE} is absent (Apple's published supplier list)")
def test_a_rerun_uses_the_imported_brand_list_and_records_its_version(
    airflow_db: None, simulator, pipeline_env: DataPaths, load_dag, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, web = simulator
    monkeypatch.setenv("GREENCHAIN_DEMO_COMPANIES", "2000")  # a small generated registry: this is not a match test
    sources = _healthy_sources(web)
    daily = load_dag("greenchain_daily").daily
    conf = {"sources": sources, "run_id": DAY1, "shards": 1}

    first = daily.test(run_conf=conf)
    assert first.state == "success"
    used = json.loads((pipeline_env.runs / DAY1 / "reference.json").read_text())["match"]
    assert used["suppliers"]["apple"]["origin"] == "realdata"  # read straight from ../shared
    assert used["companies"]["origin"] == "demo"
    # the published-warehouse event names the run and the load
    with create_session() as session:
        extra = session.query(AssetEvent).order_by(AssetEvent.id.desc()).first().extra
    assert extra["run_id"] == DAY1 and extra["load_id"].startswith(f"{DAY1}.")

    imported = import_suppliers("apple", APPLE, pipeline_env)
    assert imported.status == "imported"
    again = daily.test(run_conf=conf)
    assert again.state == "success"

    used = json.loads((pipeline_env.runs / DAY1 / "reference.json").read_text())["match"]
    assert used["suppliers"]["apple"]["origin"] == "imported"
    assert used["suppliers"]["apple"]["version"] == imported.version
    assert used["suppliers"]["apple"]["imported_from"] == str((APPLE / "apple-supplier-list.csv").resolve())
    con = duckdb.connect(str(pipeline_env.warehouse), read_only=True)
    try:
        listed = con.execute("SELECT count(*) FROM core.brand_suppliers WHERE brand_id = 'apple'").fetchone()[0]
    finally:
        con.close()
    assert listed == imported.rows_accepted

    # the index DAG takes its period from the loaded data and links each brand's evidence rows
    index = load_dag("greenchain_index").index_dag.test()
    assert index.state == "success"
    period = max(p.name for p in (pipeline_env.root / "index").iterdir())
    assert period == "2026"  # the simulator's newest decisions, fetched on 2026-11-22
    assert (pipeline_env.index_period(period) / "evidence" / "apple.csv").exists()

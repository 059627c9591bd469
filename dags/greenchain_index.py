"""greenchain_index: recompute the CITI/CATI-style brand scores whenever the warehouse is published.

The period is `params.period`, else the year the published data is about (the newest violation
decided by the day it was fetched: transparency/sql/data_period.sql), never the wall clock's year.
The result names the run and load whose publication triggered it (the asset event's extra).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task

from greenchain import pipeline
from greenchain.airflow_notify import OperatorNotifier
from greenchain.operations import load_operations_config

WAREHOUSE = Asset("greenchain://warehouse/published")

OPS = load_operations_config()
NOTIFY = OperatorNotifier(OPS.notify)


def triggering_load(ctx: Any) -> dict[str, Any]:
    """run_id and load_id of the newest warehouse publication that triggered this run ({} if manual)."""
    events = ctx.get("triggering_asset_events") or {}
    for key, evs in events.items():
        if getattr(key, "uri", key) == WAREHOUSE.uri and evs:
            return dict(list(evs)[-1].extra or {})
    return {}


@dag(
    dag_id="greenchain_index",
    schedule=[WAREHOUSE],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=OPS.timeouts.index_run_hours),
    on_failure_callback=NOTIFY,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=30), "on_failure_callback": NOTIFY},
    params={"period": Param(None, type=["null", "string"],
                            description="index period, e.g. 2025 (default: the year the published data is about)")},
    tags=["greenchain"],
    doc_md=__doc__,
)
def greenchain_index() -> None:
    @task(pool="warehouse_writer", execution_timeout=OPS.timeouts.task("compute_index"))
    def compute_index() -> dict[str, Any]:
        ctx = get_current_context()
        period = ctx["params"].get("period") or pipeline.data_period()
        out = pipeline.index(period)
        out["triggered_by"] = triggering_load(ctx)
        return out

    compute_index()


index_dag = greenchain_index()

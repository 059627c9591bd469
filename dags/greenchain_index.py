"""greenchain_index: recompute the CITI/CATI-style brand scores whenever the warehouse is published."""

from __future__ import annotations

from typing import Any

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task

from greenchain import pipeline

WAREHOUSE = Asset("greenchain://warehouse/published")


@dag(
    dag_id="greenchain_index",
    schedule=[WAREHOUSE],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    params={"period": Param(None, type=["null", "string"], description="index period, e.g. 2025 (default: year of the run)")},
    tags=["greenchain"],
    doc_md=__doc__,
)
def greenchain_index() -> None:
    @task(pool="warehouse_writer")
    def compute_index() -> dict[str, Any]:
        ctx = get_current_context()
        period = ctx["params"].get("period") or str(ctx["logical_date"].year if ctx.get("logical_date") else pendulum.now().year)
        return pipeline.index(period)

    compute_index()


index_dag = greenchain_index()

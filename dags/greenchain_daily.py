"""greenchain_daily: crawl every source (mapped over shards) → normalize → match → load → alerts.

Thin by design: every task calls a function in greenchain.pipeline, which the CLI calls too.
Scrapy runs in subprocesses inside the crawl tasks (the Twisted reactor cannot restart in one
process). A failing shard does not fail the day: downstream tasks run on what was landed, and
the health summary names every failing source with its reason.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task

from greenchain import pipeline
from greenchain.settings import load_settings

# Downstream DAGs (greenchain_index) run when a load publishes the warehouse.
WAREHOUSE = Asset("greenchain://warehouse/published")
LANDING = Asset("greenchain://landing")


def _run_id() -> str:
    """The pipeline run id: the logical date (re-running a day rewrites that day), or params.run_id."""
    ctx = get_current_context()
    return ctx["params"].get("run_id") or ctx["ds"]


@dag(
    dag_id="greenchain_daily",
    # GREENCHAIN_DAILY_SCHEDULE=none leaves only manual runs (e.g. the scale-out check).
    schedule=None if os.environ.get("GREENCHAIN_DAILY_SCHEDULE") == "none" else os.environ.get("GREENCHAIN_DAILY_SCHEDULE", "@daily"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(seconds=30), "retry_exponential_backoff": True},
    params={
        "sources": Param(None, type=["null", "array"], description="source ids to crawl (default: all active)"),
        "shards": Param(None, type=["null", "integer"], description="crawl shards (default: config)"),
        "run_id": Param(None, type=["null", "string"], description="pipeline run id (default: logical date)"),
    },
    tags=["greenchain"],
    doc_md=__doc__,
)
def greenchain_daily() -> None:
    @task
    def prepare_reference() -> dict[str, Any]:
        return pipeline.prepare_reference(run_id=_run_id())

    @task
    def plan_shards() -> list[list[str]]:
        params = get_current_context()["params"]
        n = params.get("shards") or load_settings().crawl.shards
        return pipeline.plan_crawl_shards(n, params.get("sources"))

    @task(pool="crawl", retries=1, retry_delay=timedelta(seconds=10))
    def crawl(shard: list[str]) -> dict[str, Any]:
        return pipeline.crawl_shard(_run_id(), shard)

    @task(trigger_rule="all_done", outlets=[LANDING])
    def normalize() -> dict[str, Any]:
        return pipeline.normalize(_run_id())

    @task
    def match() -> dict[str, Any]:
        return pipeline.match(_run_id())

    @task(pool="warehouse_writer", outlets=[WAREHOUSE])
    def load() -> dict[str, Any]:
        return pipeline.load(_run_id())

    @task
    def alerts() -> dict[str, Any]:
        return pipeline.alerts(_run_id())

    @task(trigger_rule="all_done")
    def health_summary() -> dict[str, Any]:
        summary = pipeline.source_health_summary(_run_id())
        for f in summary["failing"][:50]:
            print(f"failing source {f['source_id']}: {f['status']} {f['reason']}")
        return summary

    crawled = crawl.expand(shard=plan_shards())
    prepare_reference() >> crawled
    norm = normalize()
    crawled >> norm
    norm >> match() >> load() >> alerts() >> health_summary()


daily = greenchain_daily()

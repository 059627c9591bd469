"""greenchain_daily: crawl every source (mapped over shards) → normalize → match → load → alerts.

Thin by design: every task calls a function in greenchain.pipeline, which the CLI calls too.
Scrapy runs in subprocesses inside the crawl tasks (the Twisted reactor cannot restart in one
process). A failing shard does not fail the day: downstream tasks run on what was landed, and
the health summary (beside the chain) names every failing source with its reason.

Time limits, pools and the operator's failure notices come from config/operations.yaml (validated
when this file is parsed). The published-warehouse asset event carries the run id and load id.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowFailException

from greenchain import pipeline
from greenchain.airflow_notify import OperatorNotifier
from greenchain.operations import load_operations_config
from greenchain.reference import ReferenceMissingError
from greenchain.settings import load_settings

# Downstream DAGs (greenchain_index) run when a load publishes the warehouse.
WAREHOUSE = Asset("greenchain://warehouse/published")
LANDING = Asset("greenchain://landing")

OPS = load_operations_config()
NOTIFY = OperatorNotifier(OPS.notify)
LIMIT = OPS.timeouts.task


def _run_id() -> str:
    """The pipeline run id: params.run_id, else the run's logical date, else (a run without one) the
    day it was due to run (run_after), in UTC. Re-running a day rewrites that day."""
    ctx = get_current_context()
    if ctx["params"].get("run_id"):
        return ctx["params"]["run_id"]
    when = ctx.get("logical_date") or ctx["dag_run"].run_after
    return when.in_timezone("UTC").date().isoformat() if hasattr(when, "in_timezone") else when.date().isoformat()


@dag(
    dag_id="greenchain_daily",
    # GREENCHAIN_DAILY_SCHEDULE=none leaves only manual runs (e.g. the scale-out check).
    schedule=None if os.environ.get("GREENCHAIN_DAILY_SCHEDULE") == "none" else os.environ.get("GREENCHAIN_DAILY_SCHEDULE", "@daily"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=OPS.timeouts.daily_run_hours),
    on_failure_callback=NOTIFY,  # a run that fails with no failed task (its time limit)
    default_args={"retries": 2, "retry_delay": timedelta(seconds=30), "retry_exponential_backoff": True,
                  "on_failure_callback": NOTIFY},  # after a task's last try, not on each retry
    params={
        "sources": Param(None, type=["null", "array"], description="source ids to crawl (default: all active)"),
        "shards": Param(None, type=["null", "integer"], description="crawl shards (default: config)"),
        "run_id": Param(None, type=["null", "string"], description="pipeline run id (default: logical date)"),
    },
    tags=["greenchain"],
    doc_md=__doc__,
)
def greenchain_daily() -> None:
    @task(execution_timeout=LIMIT("prepare_reference"))
    def prepare_reference() -> dict[str, Any]:
        try:
            return pipeline.prepare_reference(run_id=_run_id())
        except ReferenceMissingError as e:
            raise AirflowFailException(str(e)) from None  # retrying cannot help: an operator must import

    @task(execution_timeout=LIMIT("plan_shards"))
    def plan_shards() -> list[list[str]]:
        params = get_current_context()["params"]
        n = params.get("shards") or load_settings().crawl.shards
        try:
            return pipeline.plan_crawl_shards(n, params.get("sources"))
        except KeyError as e:  # an unknown source id in the run's params: retrying cannot help
            raise AirflowFailException(str(e.args[0]) if e.args else str(e)) from None

    @task(pool="crawl", retries=1, retry_delay=timedelta(seconds=10), execution_timeout=LIMIT("crawl"))
    def crawl(shard: list[str]) -> dict[str, Any]:
        return pipeline.crawl_shard(_run_id(), shard)

    # Runs when at least one shard landed something: a failing shard does not fail the day, but a run
    # whose every shard failed (or never started: no registry) stops here instead of loading nothing.
    @task(trigger_rule="all_done_min_one_success", outlets=[LANDING], execution_timeout=LIMIT("normalize"))
    def normalize() -> dict[str, Any]:
        run_id = _run_id()
        out = pipeline.normalize(run_id)
        get_current_context()["outlet_events"][LANDING].extra = {"run_id": run_id}
        return out

    @task(execution_timeout=LIMIT("match"))
    def match() -> dict[str, Any]:
        return pipeline.match(_run_id())

    @task(pool="warehouse_writer", outlets=[WAREHOUSE], execution_timeout=LIMIT("load"))
    def load() -> dict[str, Any]:
        run_id = _run_id()
        out = pipeline.load(run_id)
        # greenchain_index (and anyone watching the asset) learns which run and load it was.
        get_current_context()["outlet_events"][WAREHOUSE].extra = {"run_id": run_id, "load_id": out["load_id"]}
        return out

    @task(execution_timeout=LIMIT("alerts"))
    def alerts() -> dict[str, Any]:
        return pipeline.alerts(_run_id())

    @task(trigger_rule="all_done", execution_timeout=LIMIT("health_summary"))
    def health_summary() -> dict[str, Any]:
        summary = pipeline.source_health_summary(_run_id())
        for f in summary["failing"][:50]:
            print(f"failing source {f['source_id']}: {f['status']} {f['reason']}")
        return summary

    crawled = crawl.expand(shard=plan_shards())
    prepare_reference() >> crawled
    crawled >> normalize() >> match() >> load() >> alerts()
    # Beside the chain, not after it: the summary needs only the crawl, and the run's state follows
    # the chain's last task (alerts), so a failed load shows as a failed run.
    crawled >> health_summary()


daily = greenchain_daily()

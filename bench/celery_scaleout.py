"""Scale-out check (`make scaleout-check`): greenchain_daily on the CeleryExecutor with a local Redis.

Starts, all on 127.0.0.1: redis-server, the Airflow API server (the execution API Celery workers
talk to), scheduler, DAG processor, one Celery worker, and the source simulator. Triggers a run of
greenchain_daily over a slice of the registry, waits for it, and checks that it succeeded, that
every task of the DAG (the crawl shards and normalize among them) ran as a Celery workload, and
that the run's load is published in the warehouse. Needs `redis-server` (Debian: `apt-get install
redis-server`; .ci/run installs it) and the `celery` extra (installed by `make test`).
tests/e2e/test_scaleout_celery.py runs it in `make test`. See docs/operations.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from greenchain.airflow_env import airflow_env
from greenchain.demo import free_port, running_simulator
from greenchain.registry import load_registry

AIRFLOW = str(Path(sys.executable).parent / "airflow")


def _env(root: Path, redis_port: int, api_port: int, sim_port: int) -> dict[str, str]:
    env = airflow_env({**os.environ, "AIRFLOW_HOME": str(root / "airflow")})
    env.update({
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "AIRFLOW__CELERY__RESULT_BACKEND": f"redis://127.0.0.1:{redis_port}/1",
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": "2",
        "AIRFLOW__API__PORT": str(api_port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{api_port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__API_AUTH__JWT_SECRET": os.urandom(16).hex(),
        "GREENCHAIN_DAILY_SCHEDULE": "none",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",  # the worker logs each Celery workload it executes
        "GREENCHAIN_DATA_DIR": str(root / "data"),
        "GREENCHAIN_PROXY": f"http://127.0.0.1:{sim_port}",
        "GREENCHAIN_CRAWL_PROFILE": "simulator",
        "GREENCHAIN_PROGRESS": "0",
        "GREENCHAIN_DEMO_COMPANIES": "2000",  # the generated registry: small, this checks the stack, not the matcher
    })
    return env


def _airflow_out(args: list[str], env: dict[str, str]) -> str:
    out = subprocess.run([AIRFLOW, *args], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"airflow {' '.join(args[:3])} failed: {(out.stdout + out.stderr)[-2000:]}")
    return out.stdout


# Every task of greenchain_daily; each must have run as a Celery workload.
DAG_TASKS = ("prepare_reference", "plan_shards", "crawl", "normalize", "match", "load", "alerts", "health_summary")
_WORKLOAD = re.compile(r"Executing workload in Celery.*?task_id=([A-Za-z0-9_.-]+)")
RUN_ID = "celery-check"


def missing_requirement() -> str | None:
    """Why this check cannot run here, or None."""
    if not shutil.which("redis-server"):
        return "redis-server not found: `apt-get install redis-server` (Debian; .ci/run does it)"
    try:
        import airflow.providers.celery  # noqa: F401
    except ImportError:
        return "the celery extra is not installed: `pip install -c constraints.txt -e '.[celery]'`"
    return None


def _published(warehouse: Path) -> tuple[str | None, int]:
    """(status of this run's load in meta.runs, rows in core.violations) of the published file."""
    if not warehouse.exists():
        return None, 0
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute("SELECT status FROM meta.runs WHERE run_id = ? ORDER BY finished_at DESC LIMIT 1", [RUN_ID]).fetchone()
        violations = con.execute("SELECT count(*) FROM core.violations").fetchone()[0]
    finally:
        con.close()
    return (row[0] if row else None), violations


def run(quick: bool = True, n_sources: int = 40, timeout_s: int = 900, keep: bool = False) -> dict[str, Any]:
    """Run the check; the figures and `ok` (every check passed). The temporary folder is removed
    when the check passes (and `keep` is false); its logs are named in the result otherwise."""
    why_not = missing_requirement()
    if why_not:
        raise SystemExit(why_not)
    root = Path(tempfile.mkdtemp(prefix="greenchain-celery-"))
    logs = root / "logs"
    logs.mkdir()
    redis_port, api_port, sim_port = free_port(), free_port(), free_port()
    env = _env(root, redis_port, api_port, sim_port)
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str, cmd: list[str]) -> None:
        procs.append(subprocess.Popen(cmd, env=env, stdout=(logs / f"{name}.log").open("wb"), stderr=subprocess.STDOUT,
                                      start_new_session=True))

    sources = [s.id for s in load_registry().active()][:: max(1, 5000 // n_sources)][:n_sources]
    t0 = time.monotonic()
    ok = False
    try:
        start("redis", ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        _airflow_out(["db", "migrate"], env)
        _airflow_out(["pools", "set", "crawl", "2", "crawl shards"], env)
        _airflow_out(["pools", "set", "warehouse_writer", "1", "single warehouse writer"], env)
        start("api-server", [AIRFLOW, "api-server", "--host", "127.0.0.1", "--port", str(api_port)])
        start("scheduler", [AIRFLOW, "scheduler", "--skip-serve-logs"])
        start("dag-processor", [AIRFLOW, "dag-processor"])
        start("worker", [AIRFLOW, "celery", "worker", "--skip-serve-logs", "--concurrency", "2"])
        with running_simulator(sim_port, day=1, env=env):
            deadline = time.monotonic() + 120
            while "greenchain_daily" not in _airflow_out(["dags", "list", "-o", "plain"], env):
                if time.monotonic() > deadline:
                    raise RuntimeError("the DAG processor did not parse greenchain_daily in 120 s")
                time.sleep(3)
            _airflow_out(["dags", "unpause", "greenchain_daily"], env)
            conf = json.dumps({"sources": sources, "shards": 4, "run_id": RUN_ID})
            _airflow_out(["dags", "trigger", "greenchain_daily", "-c", conf], env)
            state = "queued"
            deadline = time.monotonic() + timeout_s
            while state not in ("success", "failed"):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"run still {state} after {timeout_s} s; logs in {logs}")
                time.sleep(5)
                listed = _airflow_out(["dags", "list-runs", "greenchain_daily", "-o", "plain"], env)
                # rows: dag_id run_id state …; airflow may print warnings around them
                rows = [ln.split() for ln in listed.splitlines() if ln.startswith("greenchain_daily ")]
                state = rows[0][2] if rows else "queued"
        worker_log = (logs / "worker.log").read_text(errors="replace")
        workloads: dict[str, int] = {}
        for task_id in _WORKLOAD.findall(worker_log):
            workloads[task_id] = workloads.get(task_id, 0) + 1
        status, violations = _published(root / "data" / "warehouse" / "warehouse.duckdb")
        checks = {
            "run succeeded": state == "success",
            "every task ran as a Celery workload": all(workloads.get(t) for t in DAG_TASKS),
            "crawl shards ran on Celery": workloads.get("crawl", 0) > 0,
            "normalize ran on Celery": workloads.get("normalize", 0) > 0,
            "warehouse published": status == "published" and violations > 0,
        }
        result = {"ok": all(checks.values()), "checks": checks, "state": state, "sources": len(sources),
                  "wall_s": round(time.monotonic() - t0, 1), "celery_workloads": workloads,
                  "load_status": status, "violations_loaded": violations, "logs": str(logs)}  # fmt: skip
        ok = result["ok"]
        print(json.dumps(result, indent=2))
        return result
    finally:
        # Airflow servers fork workers: stop each whole process group, not just its leader.
        for p in reversed(procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        if ok and not keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    r = run()
    for name, passed in r["checks"].items():
        print(f"{'ok  ' if passed else 'FAIL'} {name}")
    sys.exit(0 if r["ok"] else 1)

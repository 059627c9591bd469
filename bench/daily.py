"""End-to-end daily run through Airflow on the full registry (issue: operate at scale).

Starts the simulator on 127.0.0.1, runs `airflow dags test greenchain_daily` for day 1 (the
back catalogue) and day 2 (new publications) over every active source, and reports wall time
per day plus each stage's time and peak memory from data/runs/<run_id>/stages/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from greenchain.airflow_env import airflow_env
from greenchain.demo import free_port, running_simulator, set_simulator_day
from greenchain.paths import DataPaths
from greenchain.registry import load_registry

DAY1 = date(2026, 11, 22)


def _airflow(args: list[str], env: dict[str, str]) -> None:
    out = subprocess.run([str(Path(sys.executable).parent / "airflow"), *args], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"airflow {' '.join(args[:3])} failed:\n{(out.stdout + out.stderr)[-3000:]}")


def stage_figures(paths: DataPaths, run_id: str) -> dict[str, dict[str, float]]:
    """Per stage: seconds (crawl shards summed) and peak RSS in MB (max over shards)."""
    out: dict[str, dict[str, float]] = {}
    for f in sorted((paths.runs / run_id / "stages").glob("*.json")):
        rec = json.loads(f.read_text())
        st = out.setdefault(rec["stage"], {"seconds": 0.0, "peak_rss_mb": 0.0})
        st["seconds"] = round(st["seconds"] + rec["seconds"], 2)
        st["peak_rss_mb"] = max(st["peak_rss_mb"], rec.get("peak_rss_mb") or 0.0)
    return out


def warehouse_counts(paths: DataPaths) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        return {
            "violations": con.execute("SELECT count(*) FROM core.violations").fetchone()[0],
            "auto_matches": con.execute("SELECT count(*) FROM core.violation_matches WHERE band = 'auto'").fetchone()[0],
        }
    finally:
        con.close()


def run(quick: bool = False) -> dict:
    root = Path(tempfile.mkdtemp(prefix="greenchain-bench-daily-"))
    paths = DataPaths(root / "data")
    sources = [s.id for s in load_registry().active()]
    if quick:
        sources = sources[::25]
    port = free_port()
    env = airflow_env({**os.environ, "AIRFLOW_HOME": str(root / "airflow")})
    env.update({"GREENCHAIN_DATA_DIR": str(paths.root), "GREENCHAIN_CRAWL_PROFILE": "simulator",
                "GREENCHAIN_PROXY": f"http://127.0.0.1:{port}", "GREENCHAIN_PROGRESS": "0"})
    _airflow(["db", "migrate"], env)
    days: dict[str, dict] = {}
    with running_simulator(port, day=1, env=env) as sim:
        for day in (1, 2):
            set_simulator_day(sim, day)
            run_id = (DAY1 + timedelta(days=day - 1)).isoformat()
            conf = json.dumps({"sources": None if not quick else sources, "run_id": run_id})
            t0 = time.monotonic()
            _airflow(["dags", "test", "greenchain_daily", run_id, "-c", conf], env)
            days[f"day{day}"] = {
                "run_id": run_id,
                "wall_s": round(time.monotonic() - t0, 1),
                "stages": stage_figures(paths, run_id),
            }
    result = {"sources": len(sources), **days, "warehouse": warehouse_counts(paths)}
    print(f"{'':8}{'wall s':>8}  stages (s / peak MB)")
    for d in ("day1", "day2"):
        st = ", ".join(f"{k} {v['seconds']:.0f}s/{v['peak_rss_mb']:.0f}MB" for k, v in result[d]["stages"].items())
        print(f"{d:8}{result[d]['wall_s']:>8.1f}  {st}")
    print(f"sources {result['sources']}, warehouse {result['warehouse']}")
    return result


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))

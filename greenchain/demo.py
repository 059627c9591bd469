"""`make demo`: the daily pipeline through Airflow against the local source simulator.

Day 1 crawls the back catalogue, day 2 the simulator's new publications; then the index DAG
scores the brands. Everything listens on 127.0.0.1 and lives under the project folder.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import httpx
from rich.console import Console

from greenchain.airflow_env import airflow_env
from greenchain.operations import import_pools
from greenchain.paths import SHARED_REALDATA, DataPaths
from greenchain.registry import load_registry

console = Console()
# The demo crawls the sources of these provinces (江苏, 浙江, 广东); `--full` crawls every source.
DEMO_PROVINCES = ("32", "33", "44")
DAY1 = date(2026, 11, 22)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_simulator(
    port: int, day: int = 1, env: dict[str, str] | None = None, extra_args: list[str] | None = None
) -> Iterator[str]:
    """Start `greenchain simulate serve` on 127.0.0.1:port; yield its URL; stop it afterwards."""
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "greenchain.cli.main", "simulate", "serve", "--port", str(port), "--day", str(day), *(extra_args or [])],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/_sim/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise RuntimeError(f"simulator did not start on {url}: {err[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def set_simulator_day(url: str, day: int) -> None:
    httpx.post(f"{url}/_sim/day", params={"d": day}, timeout=10).raise_for_status()


def _airflow(args: list[str], env: dict[str, str], log: Path | None = None) -> None:
    """Run an airflow command; its output goes to `log` (or is captured) and is shown if it fails."""
    cmd = [str(Path(sys.executable).parent / "airflow"), *args]
    if log is None:
        out = subprocess.run(cmd, env=env, capture_output=True, text=True)
        failed, tail = out.returncode, (out.stdout + out.stderr)[-4000:]
    else:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("w") as f:
            failed = subprocess.run(cmd, env=env, stdout=f, stderr=subprocess.STDOUT).returncode
        tail = log.read_text(errors="replace")[-4000:]
    if failed:
        raise RuntimeError(f"`airflow {' '.join(args[:3])}` failed ({failed}):\n{tail}")


def demo_sources(full: bool) -> list[str] | None:
    if full:
        return None
    return [s.id for s in load_registry().active() if s.division_code[:2] in DEMO_PROVINCES]


def run_demo(full: bool = False, port: int = 0, rerun: bool = False) -> None:
    """Day 1 and day 2 of greenchain_daily, then greenchain_index. `rerun`: day 2 again (re-running a day
    rewrites it), e.g. to use reference data imported since, then the index."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    paths = DataPaths.default()
    port = port or free_port()
    env = airflow_env()
    env.update({"GREENCHAIN_CRAWL_PROFILE": "simulator", "GREENCHAIN_PROXY": f"http://127.0.0.1:{port}",
                "GREENCHAIN_DATA_DIR": str(paths.root), "PYTHONUNBUFFERED": "1"})
    if not SHARED_REALDATA.exists():
        console.print(f"[yellow]{SHARED_REALDATA} is absent: brands with real supplier lists use generated stand-ins.[/]")
    if rerun and not paths.warehouse.exists():
        raise FileNotFoundError(f"nothing to re-run: no demo warehouse at {paths.warehouse}; run `make demo` first")
    days = (2,) if rerun else (1, 2)
    sources = demo_sources(full)
    console.print(f"[bold]greenchain demo[/]: {'all' if sources is None else len(sources)} sources, data in {paths.root}")
    console.print("Airflow metadata (SQLite):", env["AIRFLOW_HOME"])
    _airflow(["db", "migrate"], env)
    import_pools(env)  # the pools declared in config/operations.yaml
    t0 = time.monotonic()
    with running_simulator(port, day=days[0], env=env) as sim:
        for day in days:
            set_simulator_day(sim, day)
            logical = (DAY1 + timedelta(days=day - 1)).isoformat()
            conf = json.dumps({"sources": sources})
            log = Path(env["AIRFLOW_HOME"]) / "demo-logs" / f"greenchain_daily-{logical}.log"
            console.print(f"day {day}: airflow dags test greenchain_daily {logical}  (follow: tail -f {log})")
            _airflow(["dags", "test", "greenchain_daily", logical, "-c", conf], env, log)
        log = Path(env["AIRFLOW_HOME"]) / "demo-logs" / "greenchain_index.log"
        console.print(f"index: airflow dags test greenchain_index  (follow: tail -f {log})")
        _airflow(["dags", "test", "greenchain_index"], env, log)  # the period comes from the loaded data
    print_summary(paths, [(DAY1 + timedelta(days=d)).isoformat() for d in (0, 1)], time.monotonic() - t0)


def print_summary(paths: DataPaths, run_ids: list[str], seconds: float) -> None:
    from greenchain.summary import demo_summary

    summary = demo_summary(paths, run_ids)
    console.rule("[bold green]greenchain demo finished")
    for line in summary["lines"]:
        console.print(line)
    from greenchain.pipeline import data_period

    report = paths.index_period(data_period(paths)) / "report.html"
    if report.exists():
        console.print(f"transparency index report: {report} (the rows behind each score: {report.parent / 'evidence'})")
    console.print(f"\nwall time {seconds:.0f} s. Query the warehouse (read-only):")
    console.print(f"  duckdb -readonly {paths.warehouse}")
    console.print(f"  .venv/bin/greenchain sql \"{summary['example_sql']}\"")
    os.makedirs(paths.runs, exist_ok=True)
    (paths.runs / "demo-summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    run_demo(full="--full" in sys.argv)

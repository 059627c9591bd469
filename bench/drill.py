"""Fault drill (`make drill`, and tests/e2e/test_fault_drill.py on a small registry slice).

A clean daily run and a drill run of the same sources, each against its own simulator with 20% of
sources in fault modes. The drill run's process group is SIGKILLed at random points (crawl,
normalize, load… wherever the clock lands) and restarted with the same run id until it finishes.
Afterwards both warehouses must hold the same rows, with no duplicates, and every failed source
must be listed with its reason.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from greenchain.paths import DataPaths
from greenchain.pipeline import source_health_summary
from greenchain.registry import load_registry
from simulator.config import SimulatorConfig, load_simulator_config
from simulator.world import serving

RUN_ID = "2026-11-22"
# Columns that must agree between a clean and a drilled warehouse (timestamps of loading may not).
COMPARED = {
    "core.violations": "record_id, version, content_hash, source_id, decision_no, party_name, fine_yuan, company_id",
    "core.violation_matches": "record_id, company_id, band",
    "core.brand_suppliers": "brand_id, supplier_row_id, company_id, band",
}


def faulty_config(fault_share: float) -> SimulatorConfig:
    """The simulator's configuration with every fault mode's share scaled so they add up to `fault_share`."""
    cfg = load_simulator_config()
    total = sum(cfg.faults.values())
    return cfg.model_copy(update={"faults": {m: v * fault_share / total for m, v in cfg.faults.items()}})


def _env(data: Path, sim_url: str) -> dict[str, str]:
    return {**os.environ, "GREENCHAIN_DATA_DIR": str(data), "GREENCHAIN_PROXY": sim_url,
            "GREENCHAIN_CRAWL_PROFILE": "simulator", "GREENCHAIN_PROGRESS": "0"}


def _run_cmd(sources: list[str]) -> list[str]:
    return [sys.executable, "-m", "greenchain.cli.main", "run", "--run-id", RUN_ID, "--no-deliver",
            "--sources", ",".join(sources)]


def clean_run(root: Path, sources: list[str], fault_share: float) -> tuple[DataPaths, float]:
    paths = DataPaths(root / "clean")
    with serving(day=1, config=faulty_config(fault_share)) as (url, _web):
        env = _env(paths.root, url)
        t0 = time.monotonic()
        subprocess.run(_run_cmd(sources), env=env, check=True, capture_output=True)
        return paths, time.monotonic() - t0


def drilled_run(root: Path, sources: list[str], fault_share: float, kills: int, clean_s: float, seed: int) -> tuple[DataPaths, list[float]]:
    """Kill the run `kills` times at random moments within the clean run's duration, then let it finish."""
    rng = random.Random(seed)
    paths = DataPaths(root / "drill")
    killed_at: list[float] = []
    with serving(day=1, config=faulty_config(fault_share)) as (url, _web):
        env = _env(paths.root, url)
        for _ in range(kills):
            proc = subprocess.Popen(_run_cmd(sources), env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
            delay = rng.uniform(0.5, max(1.0, clean_s * 0.9))
            try:
                proc.wait(timeout=delay)  # finished before the kill: nothing to resume
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the run and its Scrapy children, mid-write
                proc.wait()
                killed_at.append(round(delay, 2))
        subprocess.run(_run_cmd(sources), env=env, check=True, capture_output=True)
    return paths, killed_at


def warehouse_rows(paths: DataPaths) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        return {t: con.execute(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in COMPARED.items()}
    finally:
        con.close()


def drill_slice(sources: list[str], n: int, fault_share: float, seed: int) -> list[str]:
    """A random slice of the registry that always holds two sources the faulty simulator will fail,
    so a small drill still checks that failures are reported with their reasons."""
    from simulator.truth import source_lines
    from simulator.world import build_web

    web = build_web(day=1, config=faulty_config(fault_share))
    failing = sorted(line["source_id"] for line in source_lines(web, 1) if line["expected_health"] == "failed")
    rng = random.Random(seed)
    chosen = rng.sample(failing, min(2, len(failing)))
    chosen += rng.sample([s for s in sources if s not in set(chosen)], n - len(chosen))
    return chosen


def run_drill(n_sources: int | None, kills: int = 3, fault_share: float = 0.2, seed: int = 7) -> dict[str, Any]:
    sources = [s.id for s in load_registry().active()]
    if n_sources:
        sources = drill_slice(sources, n_sources, fault_share, seed)
    root = Path(tempfile.mkdtemp(prefix="greenchain-drill-"))
    clean, clean_s = clean_run(root, sources, fault_share)
    drill, killed_at = drilled_run(root, sources, fault_share, kills, clean_s, seed)
    a, b = warehouse_rows(clean), warehouse_rows(drill)
    health = source_health_summary(RUN_ID, drill)
    result = {
        "data_dirs": {"clean": str(clean.root), "drill": str(drill.root)},
        "sources": len(sources),
        "fault_share": fault_share,
        "clean_run_s": round(clean_s, 1),
        "killed_at_s": killed_at,
        "tables_equal": {t: a[t] == b[t] for t in COMPARED},
        "rows": {t: len(b[t]) for t in COMPARED},
        "duplicate_violation_ids": len(b["core.violations"]) - len({r[0] for r in b["core.violations"]}),
        "failed_sources": health["failing"],
        "failed_without_reason": [f["source_id"] for f in health["failing"] if not f["reason"]],
    }
    result["passed"] = (
        all(result["tables_equal"].values()) and result["duplicate_violation_ids"] == 0
        and not result["failed_without_reason"] and result["rows"]["core.violations"] > 0
    )
    return result


def run(quick: bool = False) -> dict[str, Any]:
    r = run_drill(n_sources=150 if quick else None)
    print(f"drill over {r['sources']} sources ({r['fault_share']:.0%} faulty): killed at {r['killed_at_s']} s; "
          f"tables equal {r['tables_equal']}; rows {r['rows']}; failed sources {len(r['failed_sources'])}; "
          f"{'PASSED' if r['passed'] else 'FAILED'}")
    return r


if __name__ == "__main__":
    out = run(quick="--quick" in sys.argv)
    print(json.dumps({k: v for k, v in out.items() if k != "failed_sources"}, indent=2))
    for f in out["failed_sources"]:
        print(f"failed source {f['source_id']}: {f['status']}: {f['reason']}")
    sys.exit(0 if out["passed"] else 1)

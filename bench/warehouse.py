"""Warehouse benchmark: load 2.2 million violation records (IPE's scale) with their matches, then
time every analyst query documented in docs/warehouse.md on the published warehouse.

The records have realistic variety (warehouse/sql/synthetic/: 2,976 divisions, national and
provincial laws, facts of real length with median ~300 characters, taxonomy codes).

Figures: generation time, load wall time, rows/s, file size, peak memory of the loading process,
a daily incremental load on top (complete listings, only changed documents fetched), and each
documented query's time (target < 1 s) as analysts run it (`greenchain sql`: read-only, sandboxed):
cold = the first run in a fresh process (DuckDB's buffers empty; the OS file cache as it is), warm =
the median of three more runs in the process that ran it cold.
`run(quick=True)` uses 100k records. Run with `python -m bench.warehouse [--quick]`.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from greenchain.paths import PROJECT_ROOT, DataPaths
from warehouse import synthetic

FULL_ROWS = 2_200_000
QUICK_ROWS = 100_000
N_SOURCES = 2_000
DAY1 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def _load_child(run_id: str, root: str, config_dir: str, out: Any) -> None:
    from warehouse.load import load_run

    os.environ.setdefault("GREENCHAIN_PROGRESS", "0")
    t0 = time.perf_counter()
    summary = load_run(run_id, DataPaths(Path(root)), config_dir=Path(config_dir))
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)  # this process only
    # CPU seconds barely depend on other work on the machine; wall time does
    out.put({"wall_s": wall, "summary": summary, "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
             "cpu_s": round(usage.ru_utime + usage.ru_stime, 1)})  # fmt: skip


def _timed_load(run_id: str, paths: DataPaths, config_dir: Path) -> dict[str, Any]:
    """Load in a fresh process so its peak RSS is the load's alone."""
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_load_child, args=(run_id, str(paths.root), str(config_dir), q))
    p.start()
    result = None
    while result is None:
        try:
            result = q.get(timeout=1)
        except queue.Empty:
            if not p.is_alive():
                raise RuntimeError(f"load of {run_id} failed (exit {p.exitcode})") from None
    p.join()
    return result


def _daily_increment(paths: DataPaths) -> int:
    """Run r2, a day later, as an incremental crawl: every source lists all its documents (complete
    listing manifests), the crawl fetches only the ~0.4% whose content changed; returns how many."""
    records = pq.ParquetFile(paths.normalized_run("r1") / "records.parquet")
    # batch by batch: the whole file as one Arrow table (facts and all) is ~5 GB at 2.2M records
    t = pa.concat_tables(
        pa.Table.from_batches([b]).filter(pc.match_substring_regex(b["record_id"], "^rec-00"))  # ~1/256 of ids
        for b in records.iter_batches(batch_size=65_536)
    )
    t = t.set_column(t.schema.get_field_index("fetched_at"), "fetched_at", pc.add(t["fetched_at"], timedelta(days=1)))
    synthetic.write_listings(paths, "r2", synthetic.urls_by_source(paths.normalized_run("r1") / "records.parquet"))
    t = t.set_column(
        t.schema.get_field_index("content_hash"), "content_hash", pc.binary_join_element_wise(t["content_hash"], "-v2", "")
    )
    out = paths.normalized_run("r2")
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(t, out / "records.parquet")
    m = paths.matched_run("r2")
    m.mkdir(parents=True, exist_ok=True)
    matches = pq.read_table(paths.matched_run("r1") / "record_matches.parquet")
    pq.write_table(matches.filter(pc.is_in(matches["record_id"], value_set=t["record_id"])), m / "record_matches.parquet")
    (m / "supplier_matches.parquet").write_bytes((paths.matched_run("r1") / "supplier_matches.parquet").read_bytes())
    synthetic.write_health(paths, "r2", synthetic.source_ids(N_SOURCES), DAY1 + timedelta(days=1))
    return t.num_rows


def documented_queries() -> list[str]:
    text = (PROJECT_ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", text, flags=re.S)


_QUERY_CHILD = """
import json, statistics, sys, time
from pathlib import Path
from greenchain.paths import DataPaths
from warehouse.query import run_sql
paths, query = DataPaths(Path(sys.argv[1])), sys.stdin.read()
t0 = time.perf_counter()
rows = run_sql(query, paths).num_rows
cold = time.perf_counter() - t0
warm = []
for _ in range(3):
    t0 = time.perf_counter()
    run_sql(query, paths)
    warm.append(time.perf_counter() - t0)
print(json.dumps({"cold_s": cold, "warm_s": statistics.median(warm), "rows": rows}))
"""


def _label(query: str) -> str:
    lines = query.strip().splitlines()
    return next((ln for ln in lines if "FROM" in ln), lines[0]).strip()[:70]


def _time_queries(paths: DataPaths) -> list[dict[str, Any]]:
    """Each documented query in a fresh process: cold (first run), then warm (median of 3)."""
    out = []
    for q in documented_queries():
        proc = subprocess.run([sys.executable, "-c", _QUERY_CHILD, str(paths.root)], input=q, text=True,
                              capture_output=True, check=True)  # fmt: skip
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        out.append({"query": _label(q), "cold_s": round(r["cold_s"], 3), "warm_s": round(r["warm_s"], 3),
                    "rows": r["rows"]})  # fmt: skip
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Generate, load, re-load a day, time the documented queries; print a table, return figures."""
    n = QUICK_ROWS if quick else FULL_ROWS
    load_avg = [os.getloadavg()[0]]  # other work on the machine stretches every wall time
    with tempfile.TemporaryDirectory(prefix="greenchain-bench-warehouse-") as tmp:
        root = Path(tmp)
        paths = DataPaths(root / "data")
        config_dir = root / "config"
        synthetic.write_registry(config_dir, N_SOURCES)
        t0 = time.perf_counter()
        synthetic.write_run(paths, "r1", n, n_sources=N_SOURCES, fetched_at=DAY1)
        gen_s = time.perf_counter() - t0
        input_mb = (paths.normalized_run("r1") / "records.parquet").stat().st_size / 2**20

        first = _timed_load("r1", paths, config_dir)
        size_mb = paths.warehouse.stat().st_size / 2**20
        changed = _daily_increment(paths)
        daily = _timed_load("r2", paths, config_dir)
        queries = _time_queries(paths)
        load_avg.append(os.getloadavg()[0])

    c1 = first["summary"]["counts"]
    c2 = daily["summary"]["counts"]
    figures: dict[str, Any] = {
        "records": n,
        "machine_load_avg_start_end": [round(x, 1) for x in load_avg],
        "sources": N_SOURCES,
        "generate_s": round(gen_s, 1),
        "input_parquet_mb": round(input_mb, 1),
        "load_s": round(first["wall_s"], 1),
        "load_rows_per_s": round(n / first["wall_s"]),
        "violations_loaded": c1["violation_records_in_run"],
        "warehouse_mb": round(size_mb, 1),
        "load_peak_rss_mb": first["peak_rss_mb"],
        "load_cpu_s": first["cpu_s"],
        "daily_load_s": round(daily["wall_s"], 1),
        "daily_cpu_s": daily["cpu_s"],
        "daily_fetched_records": changed,
        "daily_versions_added": c2["changed_records_from_run"],
        "daily_peak_rss_mb": daily["peak_rss_mb"],
        "daily_slowest_models_s": dict(sorted(daily["summary"]["model_seconds"].items(), key=lambda kv: -kv[1])[:5]),
        "slowest_models_s": dict(sorted(first["summary"]["model_seconds"].items(), key=lambda kv: -kv[1])[:5]),
        "queries": queries,
        "query_cold_max_s": max(q["cold_s"] for q in queries),
        "query_warm_max_s": max(q["warm_s"] for q in queries),
        "queries_over_1s_cold": [q["query"] for q in queries if q["cold_s"] >= 1.0],
        "queries_over_1s_warm": [q["query"] for q in queries if q["warm_s"] >= 1.0],
    }
    _print(figures)
    return figures


def _print(f: dict[str, Any]) -> None:
    print(f"\nwarehouse load: {f['records']:,} records from {f['sources']:,} sources "
          f"(machine load average {f['machine_load_avg_start_end']})")
    for k in ("generate_s", "input_parquet_mb", "load_s", "load_rows_per_s", "load_cpu_s", "warehouse_mb",
              "load_peak_rss_mb", "daily_load_s", "daily_cpu_s", "daily_fetched_records", "daily_versions_added",
              "daily_peak_rss_mb"):  # fmt: skip
        print(f"  {k:<24} {f[k]:>12,}")
    print(f"  slowest models (s): {f['slowest_models_s']}")
    print(f"  daily, slowest models (s): {f['daily_slowest_models_s']}")
    print(f"\n  {'query':<72} {'cold s':>8} {'warm s':>8} {'rows':>7}")
    for q in f["queries"]:
        print(f"  {q['query']:<72} {q['cold_s']:>8.3f} {q['warm_s']:>8.3f} {q['rows']:>7}")
    print(f"  queries at or over 1 s: cold {len(f['queries_over_1s_cold'])}, warm {len(f['queries_over_1s_warm'])}")


if __name__ == "__main__":
    result = run(quick="--quick" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(result, indent=2, ensure_ascii=False))

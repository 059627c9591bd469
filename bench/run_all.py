"""`make bench`: every benchmark of the project on this machine, one after another.

Each stage's benchmark lives in bench/<stage>.py as `run(quick) -> dict`. They run in separate
subprocesses so one stage's memory does not inflate the next one's peak. Figures are printed
as they come and written to bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCHES = ["simulator", "list_pages", "crawl", "safe_fetching", "parse", "robustness", "match", "latin", "warehouse",
           "daily", "alerts", "reference"]
OUT = Path(__file__).resolve().parent / "results.json"


def run_one(name: str, quick: bool) -> dict:
    """Run bench/<name>.py in a child process; return its figures plus wall time and peak RSS."""
    code = (
        "import json, sys, importlib; "
        f"m = importlib.import_module('bench.{name}'); "
        f"r = m.run(quick={quick}); "
        "sys.stdout.flush(); print('\\n@@RESULT@@' + json.dumps(r, default=str))"
    )
    t0 = time.monotonic()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    proc = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss
    # CPU seconds (user + sys of the bench and every process it waited for) barely depend on what
    # else runs on the machine; wall time does
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    out = proc.stdout
    printed, _, result = out.partition("\n@@RESULT@@")
    print(printed.rstrip())
    print(f"--- bench took {wall:.1f} s wall, {cpu:.1f} CPU-s (user+sys)", flush=True)
    if proc.returncode != 0 or not result:
        return {"status": "failed", "exit_code": proc.returncode, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}
    figures = json.loads(result)
    figures.setdefault("wall_s", round(wall, 1))
    figures.setdefault("cpu_s", round(cpu, 1))
    # ru_maxrss of children is the max over all children so far: report it only when it grew.
    figures.setdefault("peak_rss_mb_process", round(max(peak_kb, before) / 1024, 1))
    figures["status"] = "ok"
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--only", nargs="*", choices=BENCHES, help="run only these benchmarks")
    args = ap.parse_args()
    results: dict = {
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "started_at": datetime.now(UTC).isoformat(),
        "quick": args.quick,
        "benchmarks": {},
    }
    for name in args.only or BENCHES:
        print(f"\n=== bench {name} {'(quick)' if args.quick else ''}", flush=True)
        results["benchmarks"][name] = run_one(name, args.quick)
        OUT.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    print(f"\nfigures written to {OUT}")
    failed = [n for n, r in results["benchmarks"].items() if r.get("status") != "ok"]
    if failed:
        print(f"failed benchmarks: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

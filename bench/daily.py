"""End-to-end daily run through Airflow on the full source registry and a million-company registry.

Starts the simulator on 127.0.0.1, runs `airflow dags test greenchain_daily` for day 1 (the
back catalogue) and day 2 (new publications) over every active source, with a company registry of
1,000,000 firms (the simulator's universe: every simulated party is one of them), and reports:
- wall time per day, each stage's time and peak memory (data/runs/<run_id>/stages/);
- where the crawl's time goes, from its stage records and the sources' health files: per shard, the
  seconds before its first source starts (the Scrapy subprocesses starting and reading the
  registry), the span over which sources are crawled, and the tail after the last one ends; the
  requests made (`airflow dags test` runs mapped tasks one after another, so shards do not overlap);
- the match stage's own figures (data/matched/<run_id>/summary.json): how its persisted index was
  got, records and supplier rows per band, matching seconds;
- the alerts sent, scored against the simulator's truth (bench.daily_truth): precision and recall.

The registry and its match index persist between bench runs in data/bench/daily-<n>/, as the index
persists between days in production (match.index): the first bench run builds it (beside day 1's
crawl; day 1's match stage waits for it on the index's lock), later runs open it, and the printout
says which. Brand supplier-list matches persist there too (match.run), so day 2 re-matches a list
only when the list, the registry or the engine changed.

`quick=True`: every 25th source and the default demo registry (config/greenchain.yaml).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.daily_truth import score_alerts
from greenchain.airflow_env import airflow_env
from greenchain.demo import free_port, running_simulator, set_simulator_day
from greenchain.paths import PROJECT_ROOT, DataPaths
from greenchain.pipeline import prepare_reference
from greenchain.registry import load_registry
from greenchain.settings import Settings, load_settings
from match.run import stage_matcher

DAY1 = date(2026, 11, 22)
REGISTRY_COMPANIES = 1_000_000
# The generated registry and its match index, prepared once and kept between bench runs (as
# bench.match keeps its own): a million-firm index takes the better part of an hour to build, and in
# production it is built once and then kept and updated in place (match.index), never rebuilt daily.
CACHE = PROJECT_ROOT / "data" / "bench"


def _airflow(args: list[str], env: dict[str, str]) -> None:
    out = subprocess.run([str(Path(sys.executable).parent / "airflow"), *args], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"airflow {' '.join(args[:3])} failed:\n{(out.stdout + out.stderr)[-3000:]}")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def stage_figures(paths: DataPaths, run_id: str) -> dict[str, dict[str, float]]:
    """Per stage: seconds (crawl shards summed) and peak RSS in MB (max over shards)."""
    out: dict[str, dict[str, float]] = {}
    for f in sorted((paths.runs / run_id / "stages").glob("*.json")):
        rec = json.loads(f.read_text())
        st = out.setdefault(rec["stage"], {"seconds": 0.0, "peak_rss_mb": 0.0})
        st["seconds"] = round(st["seconds"] + rec["seconds"], 2)
        st["peak_rss_mb"] = max(st["peak_rss_mb"], rec.get("peak_rss_mb") or 0.0)
    return out


def crawl_breakdown(paths: DataPaths, run_id: str) -> dict[str, Any]:
    """Per crawl shard: seconds before its first source started, the span its sources were crawled
    over, the tail after the last one finished, and its requests; summed over shards."""
    health = [json.loads(f.read_text()) for f in (paths.landing_run(run_id) / "health").glob("*.json")]
    shards = [json.loads(f.read_text()) for f in (paths.runs / run_id / "stages").glob("crawl*.json")]

    def t(stamp: str) -> float:
        return datetime.fromisoformat(stamp).timestamp()

    out = {"shards": 0, "seconds": 0.0, "startup_s": 0.0, "crawling_s": 0.0, "tail_s": 0.0, "requests": 0,
           "sources": len(health), "not_modified": sum(bool(h.get("not_modified")) for h in health)}
    for sh in shards:
        s0 = t(sh["started_at"])
        s1 = s0 + sh["seconds"]
        mine = [h for h in health if s0 - 1 <= t(h["started_at"]) <= s1 + 1]
        if not mine:
            continue
        f0, f1 = min(t(h["started_at"]) for h in mine), max(t(h["finished_at"]) for h in mine)
        out["shards"] += 1
        out["seconds"] += sh["seconds"]
        out["startup_s"] += max(0.0, f0 - s0)
        out["crawling_s"] += f1 - f0
        out["tail_s"] += max(0.0, s1 - f1)
        out["requests"] += sum(h.get("requests", 0) for h in mine)
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in out.items()}


def match_figures(paths: DataPaths, run_id: str) -> dict[str, Any]:
    """The match stage's summary (index action, bands, seconds), without the per-brand detail."""
    f = paths.matched_run(run_id) / "summary.json"
    if not f.exists():
        return {}
    s = json.loads(f.read_text(encoding="utf-8"))
    keep = ("records", "record_bands", "record_rules", "suppliers", "supplier_bands", "registry_companies",
            "index", "match_seconds", "seconds")
    return {k: s[k] for k in keep if k in s}


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


def _demo_settings(companies: int) -> Settings:
    s = load_settings()
    return s.model_copy(update={"crawl": s.crawl.model_copy(update={"profile": "simulator"}),
                                "reference": s.reference.model_copy(update={"demo_companies": companies})})


def cached_reference(companies: int) -> Path:
    """data/bench/daily-<n>/: the demo reference (registry of `companies` firms, brand lists, the
    simulator's truth of them) as a first daily run leaves it; written on the first bench run, reused
    by later ones."""
    folder = CACHE / f"daily-{companies}"
    prepare_reference(DataPaths(folder), _demo_settings(companies))
    return folder


def cached_index(folder: Path) -> dict[str, Any]:
    """The registry's match index in `folder`/match_index, as the match stage keeps it between runs:
    built on the first bench run (a million firms take the better part of an hour on a busy machine),
    opened as it is on later ones. Returns how it was got."""
    with stage_matcher(DataPaths(folder), progress=False) as (_matcher, _errors, action):
        return dict(action)


def _seed_from_cache(cache: Path, paths: DataPaths) -> float:
    """A fresh data folder that starts where a first day left off: a copy of the cached reference,
    and the cached match index itself (a link: the index persists between runs, as in production,
    and the match stage updates it in place); returns the seconds it took."""
    t0 = time.monotonic()
    paths.root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", str(cache / "reference"), str(paths.reference)], check=True)
    (paths.root / "match_index").symlink_to(cache / "match_index", target_is_directory=True)
    return round(time.monotonic() - t0, 1)


def run(quick: bool = False) -> dict:
    root = Path(tempfile.mkdtemp(prefix="greenchain-bench-daily-"))
    paths = DataPaths(root / "data")
    sources = [s.id for s in load_registry().active()]
    companies = load_settings().reference.demo_companies if quick else REGISTRY_COMPANIES
    if quick:
        sources = sources[::25]
    # The registry and its index persist between bench runs (as between days in production): the days
    # below open that index. When it must be built first, that runs beside day 1's crawl, and day 1's
    # match stage waits for it on the index's lock; day 2 is never slowed by it.
    cache = cached_reference(companies)
    seed_s = _seed_from_cache(cache, paths)
    index_job = ThreadPoolExecutor(1).submit(cached_index, cache)
    port = free_port()
    env = airflow_env({**os.environ, "AIRFLOW_HOME": str(root / "airflow")})
    env.update({"GREENCHAIN_DATA_DIR": str(paths.root), "GREENCHAIN_CRAWL_PROFILE": "simulator",
                "GREENCHAIN_PROXY": f"http://127.0.0.1:{port}", "GREENCHAIN_PROGRESS": "0",
                "GREENCHAIN_DEMO_COMPANIES": str(companies)})
    _airflow(["db", "migrate"], env)
    days: dict[str, dict] = {}
    with running_simulator(port, day=1, env=env) as sim:
        for day in (1, 2):
            set_simulator_day(sim, day)
            run_id = (DAY1 + timedelta(days=day - 1)).isoformat()
            conf = json.dumps({"sources": None if not quick else sources, "run_id": run_id})
            t0, c0 = time.monotonic(), _children_cpu()
            _airflow(["dags", "test", "greenchain_daily", run_id, "-c", conf], env)
            cpu = _children_cpu() - c0
            stages = stage_figures(paths, run_id)
            days[f"day{day}"] = {
                "run_id": run_id,
                "wall_s": round(time.monotonic() - t0, 1),
                # Airflow and the processes it ran (crawl shards...), not the simulator serving them
                "cpu_s": round(cpu, 1),
                "stages": stages,
                "peak_rss_mb": max((v["peak_rss_mb"] for v in stages.values()), default=0.0),
                "match": match_figures(paths, run_id),
                "crawl": crawl_breakdown(paths, run_id),
            }
    prepared = {**index_job.result(), "seed_s": seed_s}
    alerts = score_alerts(paths, 2, companies, None if not quick else sources)
    result = {"sources": len(sources), "registry_companies": companies, "prepared_index": prepared, **days,
              "warehouse": warehouse_counts(paths), "alerts": alerts}
    p = result["prepared_index"]
    print(f"registry and match index prepared before day 1 (kept in {cache}): index {p['index']} in "
          f"{p['seconds']} s; the run's data folder links to it)")
    print(f"{'':8}{'wall s':>8}{'CPU s':>8}  stages (s / peak MB); times are upper bounds on a busy machine")
    for d in ("day1", "day2"):
        st = ", ".join(f"{k} {v['seconds']:.0f}s/{v['peak_rss_mb']:.0f}MB" for k, v in result[d]["stages"].items())
        print(f"{d:8}{result[d]['wall_s']:>8.1f}{result[d]['cpu_s']:>8.1f}  {st}")
        c = result[d]["crawl"]
        print(f"{'':8}crawl: {c['shards']} shards one after another, {c['seconds']} s: starting {c['startup_s']} s, "
              f"crawling {c['crawling_s']} s, tail {c['tail_s']} s; {c['requests']:,} requests, {c['sources']:,} "
              f"sources ({c['not_modified']:,} lists not modified)")
        m = result[d]["match"]
        if m:
            idx = m.get("index", {})
            print(f"{'':8}match: index {idx.get('index')} in {idx.get('seconds')} s ({m.get('registry_companies'):,} "
                  f"firms), {m.get('records')} records {m.get('record_bands')} in {m.get('match_seconds')} s; "
                  f"suppliers {m.get('supplier_bands')}; peak {result[d]['peak_rss_mb']:.0f} MB")
    a = result["alerts"]
    if "precision" in a:
        print(f"alerts: {a['alerts_sent']} sent, {a['alerts_right']} right, {a['alerts_due']} due, "
              f"{a['due_and_sent']} of them sent: precision {a['precision']}, recall {a['recall']}")
    else:
        print(f"alerts: {a}")
    print(f"sources {result['sources']}, registry {companies:,} companies, warehouse {result['warehouse']}")
    return result


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))

"""Crawl benchmark against the local simulator, list markup varying per host as on real sites.

1. Recall (faults on): day 1 over the whole registry; recall of the documents the simulator's
   truth says a correct crawler can fetch; documents landed twice (within a run, across days).
2. Day 2 (faults on): requests the simulator served against the minimum a correct incremental
   crawler needs, counted from the simulator's truth and list structure (minimal_requests), not
   from the crawler's own health counts.
3. Throughput (faults off): the crawler's day 1 against a bare Scrapy spider handed, at the start,
   exactly the requests the crawler made, with the same connection pool, total and per-host
   concurrency and timeout, and the crawler's generic Scrapy tuning (bench/bare_spider.py); wall
   pages/s and CPU per page, both measured from engine start to engine stop (start-up excluded)
   by the same extension, which also samples how full each one's download pipeline was. A first,
   unmeasured crawl warms the simulator; then the two alternate for several rounds and the ratio
   is reported as median and range (the machine is shared: wall rates are upper bounds).
4. `sources discover` from every host's home page (faults off): share of the registry's HTML
   columns found, proposals that are wrong, CMS family right.
5. `sources check` on sites that moved, vanished, changed CMS, list nothing or fail, among healthy
   ones: how each was classified.

`quick=True`: a few hundred sources and hosts. `python -m bench.crawl --help` runs one part.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from crawlers.check import check_sources
from crawlers.config import load_crawl_config, scrapy_settings
from crawlers.discover import discover
from crawlers.fetch import SafeFetcher
from crawlers.run import crawl
from crawlers.spiders.base import host_slots
from greenchain.paths import PROJECT_ROOT, DataPaths
from greenchain.registry import Registry, Source, Template, load_registry
from simulator.config import FaultMode, SimulatorConfig, load_simulator_config
from simulator.server import running_simulator
from simulator.site import SimulatedWeb
from simulator.truth import truth_lines
from simulator.urls import attachment_files
from simulator.world import build_web

QUICK_SOURCES = 300
QUICK_HOSTS = 60
CHECK_SOURCES = (1000, 200)  # full, quick
CHANGED_MODES = ("moved", "gone", "template_changed", "empty_list", "permanent_5xx")
CHECK_EXPECTED = {"moved": "moved", "gone": "gone", "template_changed": "template_changed",
                  "empty_list": "zero_items", "permanent_5xx": "failing"}
PARTS = ("recall", "throughput", "discover", "check")
THROUGHPUT_SOURCES = 1000  # the full run's throughput sample (the quick run uses its QUICK_SOURCES)
THROUGHPUT_ROUNDS = (5, 3)  # full, quick
UNCRAWLABLE = {FaultMode.TIMEOUT, FaultMode.PERMANENT_5XX, FaultMode.FIREWALL_412, FaultMode.EMPTY_LIST}


def _web(faults: bool, overrides: dict[str, str] | None = None) -> SimulatedWeb:
    """The simulator as `greenchain simulate serve` builds it (seed and companies from greenchain.yaml)."""
    base = load_simulator_config()
    cfg = base if faults else SimulatorConfig.model_validate({**base.model_dump(), "faults": {}})
    if overrides:
        cfg = cfg.model_copy(update={"overrides": overrides})
    return build_web(config=cfg)


def _landed_lines(paths: DataPaths, run: str, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for sid in ids:
        f = paths.landing_run(run) / f"{sid}.jsonl"
        out[sid] = [json.loads(x)["url"] for x in f.read_text("utf-8").splitlines()] if f.exists() else []
    return out


def _truth(web: SimulatedWeb, day: int, ids: list[str]) -> tuple[dict[str, set[str]], dict[str, set[str]],
                                                                  dict[str, set[str]]]:
    """Per source: live document URLs, those a correct crawler can fetch, and those first published
    on `day` that it can fetch (all from the simulator's truth)."""
    live: dict[str, set[str]] = defaultdict(set)
    fetchable: dict[str, set[str]] = defaultdict(set)
    new: dict[str, set[str]] = defaultdict(set)
    for line in truth_lines(web, day, ids, progress=False):
        if line["status"] != "live":
            continue
        sid = line["source_id"]
        live[sid].add(line["url"])
        if line["crawlable"]:
            fetchable[sid].add(line["url"])
            if line["first_day"] == day:
                new[sid].add(line["url"])
    return live, fetchable, new


# --- the minimum a correct incremental crawler needs on a later day --------------------------------

def minimal_requests(web: SimulatedWeb, s: Source, day: int) -> int:
    """Requests a correct crawler needs on `day` for one source that was crawled completely the day
    before: a (conditional) first list page, further pages only until the first item seen before,
    each new document (for attachment sources: each new article and its files), plus what the
    source's fault forces on any client (transient 5xx answers, 429s); 1 probe for a source that
    cannot be crawled. Robots.txt is cached for the day, as the crawl's own cache allows."""
    mode = web.fault(s.id)
    if mode in UNCRAWLABLE:
        return 1
    items = web.live(s)
    new = [it for it in items if it.first_day == day]
    k = next((i for i, it in enumerate(items) if it.first_day < day), len(items))
    if s.template == Template.JSON_API:
        size = int(s.params.get("page_size", 20))
        lists = max(1, min(-(-len(items) // size), k // size + 1))
    else:
        size = web.page_size(s)
        before = web.page_etag(s, day - 1)
        lists = 1 if before == web.page_etag(s, day) else max(1, min(-(-len(items) // size), k // size + 1))
    docs = len(new)
    if s.template == Template.ATTACHMENT:
        docs += sum(len(attachment_files(s, it, len(web.publisher.records(it, day)))) for it in new)
    n = lists + docs
    if mode == FaultMode.TRANSIENT_5XX:
        n += web.config.fault_params.transient_failures
    if mode == FaultMode.RATE_LIMITED:
        every = web.config.fault_params.rate_every
        n += (n - 1) // (every - 1)
    return n


# --- 1 and 2: recall and day 2 (faults on) ---------------------------------------------------------

def _recall_and_day2(registry: Registry, ids: list[str], tmp: Path) -> dict[str, Any]:
    web = _web(faults=True)
    paths = DataPaths(tmp / "faults")
    f: dict[str, Any] = {}
    with running_simulator(web) as proxy:
        web.reset_stats()
        d1 = crawl("bench-d1", ids, paths=paths, profile="simulator", proxy=proxy)
        served1 = web.stats()["total"]
        live, fetchable, _new = _truth(web, 1, ids)
        lines1 = _landed_lines(paths, "bench-d1", ids)
        landed = {s: set(v) for s, v in lines1.items()}
        expected = sum(len(fetchable[s]) for s in ids)
        got = sum(len(fetchable[s] & landed[s]) for s in ids)
        f.update({
            "sources": len(ids), "list_variation": web.config.list_variation,
            "day1_seconds": d1["duration_s"], "day1_served": served1, "day1_documents_landed": d1["detail_pages"],
            "day1_by_status": d1["by_status"],
            "recall_fetchable": round(got / expected, 5) if expected else 1.0,
            "recall_documents_expected": expected, "recall_missing": expected - got,
            "landed_not_in_truth": sum(len(landed[s] - live[s]) for s in ids),
            "recall_missing_examples": sorted(f"{s}: {u}" for s in ids for u in fetchable[s] - landed[s])[:10],
        })
        failing = [x for x in d1["failing"] if x["status"] in ("failed", "zero_items")]
        f["permanently_failing"] = len(failing)
        f["permanently_failing_sources"] = [f"{x['source_id']}: {x['reason'][:100]}" for x in failing]
        # day 2: the minimum, from the simulator's truth and list structure
        web.set_day(2)
        needed = {s: minimal_requests(web, registry.get(s), 2) for s in ids}
        web.reset_stats()
        d2 = crawl("bench-d2", ids, paths=paths, profile="simulator", proxy=proxy)
        served2 = web.stats()["total"]
        _live2, _fetchable2, new2 = _truth(web, 2, ids)
        lines2 = _landed_lines(paths, "bench-d2", ids)
        twice_within = sum(len(v) - len(set(v)) for v in (*lines1.values(), *lines2.values()))
        twice_across = sum(len(set(lines1[s]) & set(lines2[s])) for s in ids)
        new_docs = sum(len(new2[s]) for s in ids)
        got2 = sum(len(new2[s] & set(lines2[s])) for s in ids)
        minimum = sum(needed.values())
        f.update({
            "landed_twice_within_a_run": twice_within, "landed_twice_across_days": twice_across,
            "day2_seconds": d2["duration_s"], "day2_served": served2, "day2_minimal_requests": minimum,
            "day2_requests_over_minimal": round(served2 / minimum, 3) if minimum else None,
            "day2_within_1_05": served2 <= 1.05 * minimum,
            "day2_new_documents_truth": new_docs, "day2_new_documents_landed": got2,
        })
    return f


# --- 3: throughput against a bare Scrapy spider (faults off) -------------------------------------

def _throughput(registry: Registry, ids: list[str], tmp: Path, rounds: int) -> dict[str, Any]:
    """The crawler and the bare spider alternately, `rounds` times each, on one warmed simulator.

    A first, unmeasured crawl records the requests the bare spider replays and warms the
    simulator's caches (both sides then get the same warm server). Rounds alternate which side
    goes first, so a drift in the machine's load hits both; the ratio is taken per round and
    reported as median and range, as the machine is shared.
    """
    web = _web(faults=False)
    cfg = load_crawl_config()
    prof = cfg.profile("simulator")
    settings = scrapy_settings(cfg, prof)
    sources = [registry.get(s) for s in ids]
    with running_simulator(web) as proxy:
        web.request_log = []
        crawl("bench-tp-warm", ids, paths=DataPaths(tmp / "tp-warm"), profile="simulator", proxy=proxy)
        log, web.request_log = web.request_log, None
        reqs = tmp / "requests.jsonl"
        reqs.write_text("".join(json.dumps({"method": m, "url": f"http://{h}{t}", "content_type": ct,
                                            "body": b.decode("utf-8", "replace")}, ensure_ascii=False) + "\n"
                                for m, h, t, ct, b in log), encoding="utf-8")
        slots = tmp / "slots.json"
        slots.write_text(json.dumps(host_slots(sources, prof.delay_scale)), encoding="utf-8")

        def crawler_round(i: int) -> dict[str, Any]:
            stats = tmp / f"crawler_stats{i}.json"
            os.environ["GREENCHAIN_PROCESS_STATS"] = str(stats)
            try:
                crawl(f"bench-tp{i}", ids, paths=DataPaths(tmp / f"tp{i}"), profile="simulator", proxy=proxy)
            finally:
                os.environ.pop("GREENCHAIN_PROCESS_STATS", None)
            return json.loads(stats.read_text("utf-8"))

        def bare_round(i: int) -> dict[str, Any]:
            stats = tmp / f"bare_stats{i}.json"
            subprocess.run([sys.executable, "-m", "bench.bare_spider", "--requests", str(reqs), "--proxy", proxy,
                            "--slots", str(slots), "--concurrency", str(settings["CONCURRENT_REQUESTS"]),
                            "--pool", str(_pool_size()), "--timeout", str(prof.download_timeout_s),
                            "--stats", str(stats)], cwd=PROJECT_ROOT, check=True, capture_output=True)
            return json.loads(stats.read_text("utf-8"))

        per_round: list[dict[str, Any]] = []
        for i in range(rounds):
            got: dict[str, Any] = {}
            for side in (("crawler", "bare") if i % 2 == 0 else ("bare", "crawler")):
                web.reset_stats()
                got[side] = (crawler_round if side == "crawler" else bare_round)(i)
                got[side]["served"] = web.stats()["by_status"]
            per_round.append(got)
            _print_round(i, got)
    return _throughput_figures(per_round, len(ids), len(log), settings, prof.download_timeout_s)


def _side(r: dict[str, Any]) -> tuple[int, float, float]:
    """Pages the simulator served to one side (every status class, robots.txt included, so both
    count the same things), its pages/s and its CPU ms per page (start-up excluded)."""
    pages = sum(r["served"].values())
    return pages, pages / r["wall_s"], 1000 * r["cpu_s"] / pages


def _print_round(i: int, got: dict[str, Any]) -> None:
    c, b = _side(got["crawler"]), _side(got["bare"])
    print(f"  throughput round {i + 1}: crawler {c[1]:.1f} pages/s {c[2]:.2f} ms CPU/page, "
          f"bare {b[1]:.1f} pages/s {b[2]:.2f} ms CPU/page, wall ratio {c[1] / b[1]:.3f}", flush=True)


def _median(xs: list[float]) -> float:
    ys = sorted(xs)
    n = len(ys)
    return ys[n // 2] if n % 2 else (ys[n // 2 - 1] + ys[n // 2]) / 2


def _throughput_figures(per_round: list[dict[str, Any]], n_sources: int, n_replayed: int,
                        settings: dict[str, Any], timeout_s: float) -> dict[str, Any]:
    c = [_side(r["crawler"]) for r in per_round]
    b = [_side(r["bare"]) for r in per_round]
    wall = [x[1] / y[1] for x, y in zip(c, b, strict=True)]
    cpu = [y[2] / x[2] for x, y in zip(c, b, strict=True)]
    last = per_round[-1]
    return {
        "throughput_sources": n_sources, "throughput_requests_replayed": n_replayed,
        "throughput_rounds": len(per_round),
        "throughput_note": "wall figures from a shared, busy machine: compare the ratio, not the rates",
        "crawler_pages": c[-1][0], "bare_pages": b[-1][0],
        "crawler_served_by_status": last["crawler"]["served"], "bare_served_by_status": last["bare"]["served"],
        "crawler_pages_per_s": round(_median([x[1] for x in c]), 1),
        "bare_pages_per_s": round(_median([x[1] for x in b]), 1),
        "crawler_cpu_ms_per_page": round(_median([x[2] for x in c]), 3),
        "bare_cpu_ms_per_page": round(_median([x[2] for x in b]), 3),
        "crawler_vs_bare_wall": round(_median(wall), 3),
        "crawler_vs_bare_wall_range": [round(min(wall), 3), round(max(wall), 3)],
        "crawler_vs_bare_wall_rounds": [round(x, 3) for x in wall],
        "crawler_vs_bare_cpu": round(_median(cpu), 3),
        "crawler_vs_bare_cpu_range": [round(min(cpu), 3), round(max(cpu), 3)],
        "crawler_pipeline": last["crawler"].get("pipeline"), "bare_pipeline": last["bare"].get("pipeline"),
        "same_concurrency": {"total": settings["CONCURRENT_REQUESTS"], "pool_per_proxy": _pool_size(),
                             "per_host": "registry slots (1-2)", "timeout_s": timeout_s},
    }


def _pool_size() -> int:
    from crawlers import settings as crawl_settings

    return int(crawl_settings.CONCURRENT_REQUESTS_PER_DOMAIN)


# --- 4: discover ---------------------------------------------------------------------------------

def _discover(registry: Registry, quick: bool) -> dict[str, Any]:
    web = _web(faults=False)
    hosts = sorted(h for h, ss in web.hosts.items() if any(s.template != Template.JSON_API for s in ss))
    if quick:
        hosts = sorted(random.Random(7).sample(hosts, QUICK_HOSTS))
    cfg = load_crawl_config()
    totals: Counter[str] = Counter()
    wrong_examples: list[str] = []
    missed_examples: list[str] = []
    t0 = time.monotonic()
    with running_simulator(web) as proxy, SafeFetcher(cfg, cfg.profile("simulator"), proxy) as fetcher:
        def one(host: str) -> tuple[str, Any]:
            return host, discover(fetcher, f"http://{host}/")

        with ThreadPoolExecutor(4) as pool:
            for host, report in pool.map(one, hosts):
                truth = {(s.list_url, s.kind): s for s in web.hosts[host] if s.template != Template.JSON_API}
                got = {(p.list_url, p.kind): p for p in report.proposals}
                totals["columns"] += len(truth)
                totals["found"] += len(truth.keys() & got.keys())
                totals["wrong"] += len(got.keys() - truth.keys())
                for key in truth.keys() & got.keys():
                    want, seen = truth[key].template, got[key].template
                    same = want == seen or {want, seen} <= {Template.TRS_WCM, Template.HTML_TABLE}
                    totals["family_right"] += same
                wrong_examples += [f"{host}: {k[0]} as {k[1].value}" for k in got.keys() - truth.keys()]
                missed_examples += [f"{host}: {k[0]} ({k[1].value})" for k in truth.keys() - got.keys()]
        requests = fetcher.requests
    return {
        "discover_hosts": len(hosts), "discover_columns": totals["columns"], "discover_found": totals["found"],
        "discover_found_share": round(totals["found"] / totals["columns"], 4) if totals["columns"] else None,
        "discover_wrong": totals["wrong"], "discover_family_right": totals["family_right"],
        "discover_requests": requests, "discover_seconds": round(time.monotonic() - t0, 1),
        "discover_wrong_examples": wrong_examples[:10], "discover_missed_examples": missed_examples[:10],
        "discover_note": "HTML columns (TRS, jcms, table, attachment); JSON API portals are script-rendered "
                         "single-page apps without column links and are not counted",
    }


# --- 5: check ------------------------------------------------------------------------------------

def _check(registry: Registry, quick: bool) -> dict[str, Any]:
    n = CHECK_SOURCES[1] if quick else CHECK_SOURCES[0]
    pool = [s for s in registry.active() if s.min_items > 0]
    chosen = random.Random(13).sample(pool, n)
    per_mode = n // 20
    overrides = {s.id: CHANGED_MODES[i // per_mode] for i, s in enumerate(chosen[: per_mode * len(CHANGED_MODES)])}
    web = _web(faults=False, overrides=overrides)
    cfg = load_crawl_config()
    with running_simulator(web) as proxy, SafeFetcher(cfg, cfg.profile("simulator"), proxy) as fetcher:
        results = check_sources(chosen, fetcher, ledger={}, workers=8)
    confusion: Counter[tuple[str, str]] = Counter()
    for r in results:
        want = CHECK_EXPECTED.get(overrides.get(r.source_id, ""), "ok")
        confusion[(want, r.result)] += 1
    right = sum(v for (w, g), v in confusion.items() if w == g)
    return {
        "check_sources": len(results), "check_changed_sites": len(overrides),
        "check_correct": right, "check_accuracy": round(right / len(results), 4),
        "check_confusion": {f"{w} -> {g}": v for (w, g), v in sorted(confusion.items())},
    }


def run(quick: bool = False, only: str | None = None, rounds: int | None = None) -> dict[str, Any]:
    """Every part (or `only` one of PARTS); the throughput part alternates the two spiders
    `rounds` times (THROUGHPUT_ROUNDS by default)."""
    registry = load_registry(include_historical=False)
    ids = sorted(s.id for s in registry.active())
    if quick:
        ids = sorted(random.Random(7).sample(ids, QUICK_SOURCES))
    rounds = rounds or THROUGHPUT_ROUNDS[1 if quick else 0]
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="gc-bench-crawl-") as tmp:
        if only in (None, "recall"):
            figures.update(_recall_and_day2(registry, ids, Path(tmp)))
        if only in (None, "throughput"):
            # On the quick sample: the full registry's crawl takes minutes a round on a busy machine.
            tp_ids = ids if quick else sorted(random.Random(7).sample(ids, THROUGHPUT_SOURCES))
            figures.update(_throughput(registry, tp_ids, Path(tmp), rounds))
    if only in (None, "discover"):
        figures.update(_discover(registry, quick))
    if only in (None, "check"):
        figures.update(_check(registry, quick))
    _print(figures)
    return figures


def _print(f: dict[str, Any]) -> None:
    print("crawl benchmark (simulator, list markup varying per host)")
    for k, v in f.items():
        if k not in ("permanently_failing_sources",):
            print(f"  {k:<36} {v}")
    failing = f.get("permanently_failing_sources", [])
    if failing:
        print("  permanently failing sources (faults the simulator injects):")
        for line in failing[:40]:
            print(f"    {line}")
        if len(failing) > 40:
            print(f"    … {len(failing) - 40} more")


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(prog="bench.crawl", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help=f"{QUICK_SOURCES} sources, {QUICK_HOSTS} hosts")
    ap.add_argument("--only", choices=PARTS, help="run one part only")
    ap.add_argument("--rounds", type=int, help="throughput: times each spider runs, alternating")
    a = ap.parse_args(argv)
    run(quick=a.quick, only=a.only, rounds=a.rounds)


if __name__ == "__main__":
    main()

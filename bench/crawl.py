"""Crawl benchmark: the whole registry against the local simulator (faults on), through the runner.

Figures: pages/s of day 1; recall of landed documents against the simulator's truth for the
sources a correct crawler can fetch (healthy and transient faults); the permanently failing sources
with their reasons; day 2 after day 1: requests the simulator served vs list pages + new documents;
and the crawler's pages/s as a share of a bare Scrapy spider fetching the same document URLs with
no processing, in the same run. `quick=True` crawls a few hundred sources.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from crawlers.run import crawl
from greenchain.paths import PROJECT_ROOT, DataPaths
from greenchain.registry import load_registry
from simulator.truth import truth_lines
from simulator.world import serving

QUICK_SOURCES = 300


def _landed(paths: DataPaths, run: str, ids: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for sid in ids:
        f = paths.landing_run(run) / f"{sid}.jsonl"
        out[sid] = {json.loads(x)["url"] for x in f.read_text("utf-8").splitlines()} if f.exists() else set()
    return out


def _truth(web: Any, day: int, ids: list[str]) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, bool]]:
    """(live document URLs, URLs first published on `day`, crawlable) per source."""
    live: dict[str, set[str]] = defaultdict(set)
    new: dict[str, set[str]] = defaultdict(set)
    crawlable: dict[str, bool] = {}
    for line in truth_lines(web, day, ids, progress=False):
        sid = line["source_id"]
        crawlable[sid] = bool(line["crawlable"])
        if line["status"] == "live":
            live[sid].add(line["url"])
            if line["first_day"] == day:
                new[sid].add(line["url"])
    return live, new, crawlable


def _bare(urls: list[str], proxy: str, workdir: Path) -> tuple[int, float]:
    """A bare Scrapy spider over `urls` (one process, same concurrency): (pages, seconds)."""
    f = workdir / "bare_urls.txt"
    f.write_text("\n".join(urls), encoding="utf-8")
    t = time.monotonic()
    subprocess.run([sys.executable, "-m", "scrapy", "crawl", "bare", "-a", f"urls_file={f}", "-a", f"proxy={proxy}",
                    "-a", "concurrency=64", "-s", "LOG_LEVEL=WARNING"], cwd=PROJECT_ROOT, check=True,
                   capture_output=True)
    return len(urls), time.monotonic() - t


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(quick: bool = False) -> dict:
    registry = load_registry(include_historical=False)
    ids = sorted(s.id for s in registry.active())
    if quick:
        ids = sorted(random.Random(7).sample(ids, QUICK_SOURCES))
    figures: dict[str, Any] = {"sources": len(ids)}
    with tempfile.TemporaryDirectory(prefix="gc-bench-crawl-") as tmp, serving(port=0) as (proxy, web):
        paths = DataPaths(Path(tmp) / "data")
        # -- day 1 ---------------------------------------------------------------------------------
        web.reset_stats()
        cpu0 = _children_cpu()
        d1 = crawl("bench-d1", ids, paths=paths, profile="simulator", proxy=proxy)
        crawl_cpu = _children_cpu() - cpu0
        served1 = web.stats()["total"]
        live, _new, crawlable = _truth(web, 1, ids)
        landed = _landed(paths, "bench-d1", ids)
        fetchable = [s for s in ids if crawlable.get(s, True)]
        expected = sum(len(live[s]) for s in fetchable)
        got = sum(len(live[s] & landed[s]) for s in fetchable)
        extra = sum(len(landed[s] - live[s]) for s in ids)
        figures.update({
            "day1_seconds": d1["duration_s"], "day1_requests": d1["requests"], "day1_served": served1,
            "day1_pages_per_s": round(served1 / d1["duration_s"], 1),
            "day1_documents_landed": d1["detail_pages"], "day1_by_status": d1["by_status"],
            "recall_fetchable": round(got / expected, 5) if expected else 1.0,
            "recall_missing": expected - got, "landed_not_in_truth": extra,
        })
        failing = [f for f in d1["failing"] if f["status"] in ("failed", "zero_items")]
        figures["recall_missing_examples"] = sorted(f"{s}: {u}" for s in fetchable for u in live[s] - landed[s])[:10]
        figures["permanently_failing"] = len(failing)
        figures["permanently_failing_sources"] = [f"{f['source_id']}: {f['reason'][:100]}" for f in failing]
        # -- bare Scrapy over the same document URLs ----------------------------------------------
        urls = sorted(set().union(*landed.values()))
        web.reset_stats()
        cpu0 = _children_cpu()
        n_bare, t_bare = _bare(urls, proxy, Path(tmp))
        bare_cpu = _children_cpu() - cpu0
        bare_rate = n_bare / t_bare
        figures.update({
            "bare_pages": n_bare, "bare_seconds": round(t_bare, 1), "bare_pages_per_s": round(bare_rate, 1),
            # wall clock: includes the crawl's tail (timeouts given up on, slow hosts, Retry-After waits)
            "crawler_vs_bare_wall": round((served1 / d1["duration_s"]) / bare_rate, 3),
            # CPU: pages per CPU-second of the Scrapy processes (start-up included on both sides)
            "crawler_cpu_ms_per_page": round(1000 * crawl_cpu / served1, 2),
            "bare_cpu_ms_per_page": round(1000 * bare_cpu / n_bare, 2),
            "crawler_vs_bare_cpu": round((bare_cpu / n_bare) / (crawl_cpu / served1), 3),
        })
        # -- day 2 ---------------------------------------------------------------------------------
        web.set_day(2)
        web.reset_stats()
        d2 = crawl("bench-d2", ids, paths=paths, profile="simulator", proxy=proxy)
        served2 = web.stats()["total"]
        _live2, new2, crawlable2 = _truth(web, 2, ids)
        landed2 = _landed(paths, "bench-d2", ids)
        new_docs = sum(len(new2[s]) for s in ids if crawlable2.get(s, True))
        health = [json.loads((paths.landing_run("bench-d2") / "health" / f"{s}.json").read_text("utf-8"))
                  for s in ids]
        # list pages asked for: read, answered 304, or given up on (a failing source is still asked once)
        lists = sum(h["list_pages"] + h["list_pages_failed"] + (1 if h["not_modified"] else 0) for h in health)
        articles = sum(h["article_pages"] for h in health)
        budget = (lists + articles + new_docs) * 1.05
        got2 = sum(len(new2[s] & landed2[s]) for s in ids if crawlable2.get(s, True))
        figures.update({
            "day2_seconds": d2["duration_s"], "day2_served": served2, "day2_list_pages": lists,
            "day2_article_pages": articles, "day2_new_documents_truth": new_docs, "day2_new_landed": got2,
            "day2_requests_over_needed": round(served2 / (lists + articles + new_docs), 3),
            "day2_within_budget": served2 <= budget,
        })
    _print(figures)
    return figures


def _print(f: dict[str, Any]) -> None:
    print("crawl benchmark (simulator, faults on)")
    for k, v in f.items():
        if k != "permanently_failing_sources":
            print(f"  {k:<32} {v}")
    print("  permanently failing sources:")
    for line in f["permanently_failing_sources"][:40]:
        print(f"    {line}")
    if len(f["permanently_failing_sources"]) > 40:
        print(f"    … {len(f['permanently_failing_sources']) - 40} more")


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)

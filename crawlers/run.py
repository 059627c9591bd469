"""Run a crawl from Python (Airflow tasks, the CLI, benchmarks): Scrapy in subprocesses.

The Twisted reactor cannot restart inside one process, so each shard of sources is crawled by a
fresh `python -m crawlers.process`; shards own whole hosts, so per-host politeness holds across them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crawlers.config import load_crawl_config, resolve_proxy
from crawlers.spiders.base import cached_registry, select_sources
from greenchain.paths import CONFIG_DIR, PROJECT_ROOT, DataPaths
from greenchain.registry import Source

ProgressFn = Callable[[str, str], None]  # (source_id, status) once per finished source


def shard_by_host(sources: list[Source], n: int) -> list[list[str]]:
    """At most `n` disjoint shards of source ids, balanced by count; a host is never split."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for s in sources:
        by_host[s.host].append(s.id)
    shards: list[list[str]] = [[] for _ in range(max(1, min(n, len(by_host))))]
    for host in sorted(by_host, key=lambda h: (-len(by_host[h]), h)):
        min(shards, key=len).extend(by_host[host])
    return [s for s in shards if s]


def _pump(proc: subprocess.Popen[str], on_source: ProgressFn | None, tail: list[str]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("GCSOURCE "):
            if on_source:
                d = json.loads(line[9:])
                on_source(d["id"], d["status"])
        else:
            tail.append(line.rstrip())
            del tail[:-20]


def crawl(
    run_id: str,
    source_ids: list[str] | None = None,
    *,
    paths: DataPaths | None = None,
    profile: str = "production",
    proxy: str | None = None,
    processes: int = 1,
    config_dir: Path | None = None,
    on_source: ProgressFn | None = None,
    log_level: str = "WARNING",
) -> dict[str, Any]:
    """Crawl the chosen sources (default: every active one) into landing/<run_id>/; return a summary.

    The summary has sources ok / failed (with reasons), pages, items and duration. A source whose
    subprocess died without writing health is reported failed with the exit code.
    """
    paths = paths or DataPaths.default()
    cfg_dir = config_dir or CONFIG_DIR
    cfg = load_crawl_config(cfg_dir)
    cfg.profile(profile)  # unknown profile: fail here, before any process starts
    proxy = resolve_proxy(cfg, proxy)
    sources = select_sources(cached_registry(cfg_dir, source_ids), source_ids)
    t0 = time.monotonic()
    shards = shard_by_host(sources, processes)
    procs: list[tuple[subprocess.Popen[str], list[str], threading.Thread]] = []
    with tempfile.TemporaryDirectory(prefix="gc-crawl-") as tmp:
        for i, shard in enumerate(shards):
            f = Path(tmp) / f"shard{i}.txt"
            f.write_text("\n".join(shard) + "\n", encoding="utf-8")
            cmd = [sys.executable, "-m", "crawlers.process", "--run-id", run_id, "--sources-file", str(f),
                   "--profile", profile, "--data-dir", str(paths.root), "--config-dir", str(cfg_dir),
                   "--log-level", log_level]
            if proxy:
                cmd += ["--proxy", proxy]
            p = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True, encoding="utf-8", errors="replace")
            tail: list[str] = []
            th = threading.Thread(target=_pump, args=(p, on_source, tail), daemon=True)
            th.start()
            procs.append((p, tail, th))
        exits = []
        for p, _tail, th in procs:
            exits.append(p.wait())
            th.join()
    duration = time.monotonic() - t0
    summary = summarize_run(run_id, [s.id for s in sources], paths)
    summary["duration_s"] = round(duration, 2)
    summary["processes"] = len(shards)
    summary["exit_codes"] = exits
    summary["pages_per_s"] = round(summary["requests"] / duration, 1) if duration else 0.0
    for (_p, tail, _th), code in zip(procs, exits, strict=True):
        if code != 0:
            summary.setdefault("process_errors", []).append({"exit_code": code, "log_tail": tail[-5:]})
    return summary


def summarize_run(run_id: str, source_ids: list[str], paths: DataPaths) -> dict[str, Any]:
    """Totals over the health files of the given sources for one run."""
    health_dir = paths.landing_run(run_id) / "health"
    status: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    failing: list[dict[str, str]] = []
    totals = Counter[str]()
    for sid in source_ids:
        f = health_dir / f"{sid}.json"
        if not f.exists():
            status["failed"] += 1
            failing.append({"source_id": sid, "status": "failed", "reason": "no health written (crawler process died)"})
            continue
        h = json.loads(f.read_text(encoding="utf-8"))
        status[h["status"]] += 1
        errors.update(h["errors"])
        for k in ("list_pages", "detail_pages", "article_pages", "items_listed", "items_new", "items_lost",
                  "requests"):
            totals[k] += h[k]
        if h["status"] != "ok":
            failing.append({"source_id": sid, "status": h["status"], "reason": h["reason"]})
    return {
        "run_id": run_id,
        "sources": len(source_ids),
        "by_status": dict(status),
        "ok": status["ok"],
        "failing": failing,
        "errors": dict(errors),
        **dict(totals),
        "requests": totals["requests"],
    }

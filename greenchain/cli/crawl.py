"""`greenchain crawl`: crawl bureau sites into data/landing/<run_id>/ (Scrapy, in subprocesses)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from greenchain.paths import DataPaths
from greenchain.progress import tracked_work

console = Console(stderr=True)


def _source_ids(sources: str | None, sources_file: Path | None) -> list[str] | None:
    from crawlers.spiders.base import read_source_ids

    if sources_file is not None and not sources_file.is_file():
        raise typer.BadParameter(f"no such file: {sources_file}", param_hint="--sources-file")
    ids = read_source_ids(sources, str(sources_file) if sources_file else None)
    if ids is not None and not ids:
        raise typer.BadParameter("no source ids given", param_hint="--sources")
    return ids


def crawl_command(
    sources: str | None = typer.Option(None, "--sources", "-s", help="Comma-separated source ids (default: every active source)."),
    sources_file: Path | None = typer.Option(None, "--sources-file", help="File with one source id a line ('#' comments)."),
    run_id: str | None = typer.Option(None, "--run-id", help="Run id, e.g. 2026-11-23 (default: today, UTC). Re-running a run id rewrites its files."),
    profile: str | None = typer.Option(None, "--profile", help="Crawl profile from config/crawl.yaml: production (polite, default) or simulator (no delays)."),
    proxy: str | None = typer.Option(None, "--proxy", help="Loopback HTTP proxy every request must use, e.g. the simulator http://127.0.0.1:8765 (default: $GREENCHAIN_PROXY or crawl.yaml)."),
    processes: int = typer.Option(1, "--processes", "-p", min=1, max=32, help="Scrapy subprocesses over disjoint shards of hosts."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
) -> None:
    """Crawl the chosen sources: one Scrapy spider, list pages read generically, polite and incremental.

    Writes data/landing/<run_id>/<source_id>.jsonl (one line per document, raw bytes in
    data/snapshots/), health/<source_id>.json and listing/<source_id>.json, and updates
    data/state/crawl/. A failing source never stops the others; failures are listed at the end.
    Exit code 1 when no source crawled cleanly.
    """
    from crawlers.config import load_crawl_config, resolve_proxy
    from crawlers.run import crawl
    from crawlers.spiders.base import cached_registry, select_sources
    from greenchain.settings import load_settings

    ids = _source_ids(sources, sources_file)
    cfg = load_crawl_config()
    prof = profile or load_settings().crawl.profile or cfg.default_profile
    if prof not in cfg.profiles:
        raise typer.BadParameter(f"unknown profile {prof!r}; known: {', '.join(sorted(cfg.profiles))}",
                                 param_hint="--profile")
    resolve_proxy(cfg, proxy)  # a non-loopback proxy fails here, in one line
    chosen = select_sources(cached_registry(None, ids), ids)  # unknown ids fail here, with their name
    run = run_id or datetime.now(UTC).date().isoformat()
    summary = tracked_work(
        lambda done: crawl(run, ids, paths=DataPaths.default(), profile=prof, proxy=proxy, processes=processes,
                           on_source=lambda sid, _st: done(sid)),
        f"crawl {run}", len(chosen))
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        _print_summary(summary)
    if summary["ok"] == 0 and summary["sources"]:
        raise typer.Exit(1)


def _print_summary(s: dict[str, Any]) -> None:
    t = Table(title=f"crawl {s['run_id']}: {s['sources']} sources in {s['duration_s']} s")
    for col in ("status", "sources"):
        t.add_column(col)
    for status, n in sorted(s["by_status"].items()):
        t.add_row(status, str(n))
    console.print(t)
    console.print(f"requests {s['requests']} ({s['pages_per_s']}/s), list pages {s['list_pages']}, "
                  f"documents landed {s['detail_pages']}, new items {s['items_new']}, lost {s['items_lost']}")
    if s["errors"]:
        console.print("errors: " + ", ".join(f"{k}={v}" for k, v in sorted(s["errors"].items())))
    for f in s["failing"][:30]:
        console.print(f"  [red]{f['status']}[/red] {f['source_id']}: {f['reason']}")
    if len(s["failing"]) > 30:
        console.print(f"  … and {len(s['failing']) - 30} more (see data/landing/{s['run_id']}/health/)")


def register(app: typer.Typer) -> None:
    app.command("crawl")(crawl_command)

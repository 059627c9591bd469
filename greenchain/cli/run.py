"""`greenchain run`, `health` and `demo`: whole-chain commands."""

from __future__ import annotations

import json
from datetime import date

import typer
from rich.console import Console
from rich.table import Table

from greenchain import pipeline
from greenchain.paths import DataPaths

console = Console(stderr=True)


def _sources_option(sources: str | None) -> list[str] | None:
    return [s.strip() for s in sources.split(",") if s.strip()] if sources else None


def run_cmd(
    run_id: str = typer.Option(None, "--run-id", help="Run id (default: today's date). Re-running an id rewrites it."),
    sources: str = typer.Option(None, "--sources", help="Comma-separated source ids (default: every active source)."),
    no_deliver: bool = typer.Option(False, "--no-deliver", help="Write alerts to the outbox and feeds but send no webhooks or email."),
) -> None:
    """Run the whole daily chain without Airflow: crawl → normalize → match → load → alerts."""
    rid = run_id or date.today().isoformat()
    stages = pipeline.run_daily(rid, _sources_option(sources), deliver_alerts=not no_deliver)
    table = Table(title=f"greenchain run {rid}")
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    for name, st in stages.items():
        table.add_row(name, f"{st['seconds']:.1f}")
    console.print(table)


def health_cmd(
    run_id: str = typer.Option(..., "--run-id", help="The crawl run to summarize."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Source health of one crawl run: counts per status and every failing source with its reason."""
    paths = DataPaths.default()
    if not (paths.landing_run(run_id) / "health").exists():
        raise typer.BadParameter(f"no crawl health for run {run_id!r} under {paths.landing_run(run_id)}")
    summary = pipeline.source_health_summary(run_id, paths)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    console.print(f"run {run_id}: {summary['sources']} sources, " + ", ".join(f"{k} {v}" for k, v in summary["by_status"].items()))
    table = Table(title="failing sources")
    for col in ("source_id", "status", "reason"):
        table.add_column(col)
    for f in summary["failing"]:
        table.add_row(f["source_id"], f["status"], f["reason"])
    console.print(table)


def demo_cmd(
    full: bool = typer.Option(False, "--full", help="Crawl the full registry (≥ 5,000 sources) instead of the demo provinces."),
    port: int = typer.Option(0, "--port", help="Simulator port (default: a free port on 127.0.0.1)."),
    rerun: bool = typer.Option(False, "--rerun", help="Re-run day 2 only (it is rewritten, nothing duplicated), "
                               "e.g. after `greenchain reference import`, then the index."),
) -> None:
    """Run the demo through Airflow: simulator on 127.0.0.1, day 1 and day 2 of greenchain_daily, then the index."""
    from greenchain.demo import run_demo

    run_demo(full=full, port=port, rerun=rerun)


def register(app: typer.Typer) -> None:
    app.command("run")(run_cmd)
    app.command("health")(health_cmd)
    app.command("demo")(demo_cmd)

"""`greenchain index`: score every brand for one period (CITI/CATI-style transparency index)."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from greenchain.configfile import ConfigError
from greenchain.paths import DataPaths

console = Console(stderr=True)


def _fail(msg: str) -> typer.Exit:
    """One line on stderr and exit code 2, like the other commands' argument errors."""
    typer.echo(f"error: {msg}", err=True)
    return typer.Exit(2)


def index_cmd(
    period: str = typer.Option(..., "--period", help="Index period: a calendar year, e.g. 2025."),
    as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON instead of a table."),
) -> None:
    """Score every brand of config/brands/brands.yaml for one period and write data/index/<period>/.

    Evidence comes from the published warehouse, opened read-only (supplier screening, violations, supplier explanations and corrective actions, disclosures), and from each brand's questionnaire in config/brands/questionnaires/; a brand without one is scored from warehouse evidence only, and the report says so.

    The methodology is config/methodology/citi.yaml and cati.yaml (docs/methodology.md). Writes scores and indicator_points (Parquet and CSV) and report.html, a static page that opens from disk. Every score records the methodology version and a hash of its inputs.
    """
    from transparency.evidence import Period
    from transparency.run import compute_index

    try:
        Period.parse(period)
        summary = compute_index(period, DataPaths.default())
    except (ConfigError, FileNotFoundError, ValueError) as e:
        raise _fail(str(e)) from None
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"transparency index {period} (CITI v{summary['methodology']['citi']})")
    table.add_column("rank", justify="right")
    table.add_column("brand")
    table.add_column("score", justify="right")
    for row in summary["ranking"]:
        note = " (warehouse evidence only)" if row["brand_id"] in summary["warehouse_only"] else ""
        table.add_row(str(row["rank"]), row["brand_id"] + note, f"{row['score']:.1f}")
    console.print(table)
    console.print(f"input hash {summary['input_hash'][:16]}…; report: {summary['files'][-1]}")


def register(app: typer.Typer) -> None:
    app.command("index")(index_cmd)

"""`greenchain reference`: bring in the company registry and brand supplier lists; show what is in use."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from greenchain.paths import DataPaths

console = Console(stderr=True)
SHOW_ERRORS = 20

reference_app = typer.Typer(
    help=(
        "Reference data the match stage reads: the company registry (data/reference/companies.parquet) and "
        "each brand's supplier list (data/reference/suppliers/<brand>.csv). Import them from CSV, XLSX or "
        "Parquet; every import is validated row by row and versioned, and each run records the versions it used."
    ),
    no_args_is_help=True,
)
import_app = typer.Typer(
    help="Validate a file and make it the registry or a brand's list in use (atomically, as a new version).",
    no_args_is_help=True,
)
reference_app.add_typer(import_app, name="import")

SKIP = typer.Option(False, "--skip-bad-rows", help="Import the good rows even if some rows are rejected "
                    "(they are listed, with file and line, in data/reference/import-errors/).")
DRY = typer.Option(False, "--dry-run", help="Validate and report only; change nothing.")
AS_JSON = typer.Option(False, "--json", help="Print the import report as JSON.")


def _report(rep: object, as_json: bool) -> None:
    from greenchain.reference.importing import ImportReport

    assert isinstance(rep, ImportReport)
    if as_json:
        typer.echo(json.dumps(rep.as_dict(), ensure_ascii=False, indent=2))
    else:
        console.print(f"{rep.source}: {rep.rows_read} rows read, {rep.rows_accepted} accepted, "
                      f"{rep.duplicates} exact repeats, {rep.out_of_scope} outside mainland China, "
                      f"{len(rep.errors)} rejected, {len(rep.warnings)} repaired")
        for e in [*rep.errors, *rep.warnings][:SHOW_ERRORS]:
            typer.echo(f"  {e.file}:{e.line}: {e.severity}: {e.reason}", err=True)  # one line each, for grep
        more = len(rep.errors) + len(rep.warnings) - SHOW_ERRORS
        if more > 0:
            console.print(f"  … and {more} more in {rep.errors_file}")
        style = "green" if rep.status in ("imported", "unchanged", "checked") else "red"
        console.print(f"[{style}]{rep.status}[/]: {rep.message}", highlight=False)
    if rep.status == "refused":
        raise typer.Exit(1)


@import_app.command("companies")
def import_companies_cmd(
    file: Path = typer.Argument(..., help="CSV, XLSX or Parquet file (or a folder holding exactly one)."),
    skip_bad_rows: bool = SKIP, dry_run: bool = DRY, as_json: bool = AS_JSON,
) -> None:
    """Import the company registry every record and supplier is matched against.

    Columns (config/reference.yaml; first matching header wins): name (required), company_id (os_id of an
    Open Supply Hub list; derived from name and address when absent), uscc, former_names and aliases
    ("|"-separated), english_name, address, division_code, province, city, county, parent_company_id.
    Rows with a country outside mainland China are skipped and counted. Exit code 1 when refused.
    """
    from greenchain.reference.importing import import_companies

    _report(import_companies(file, DataPaths.default(), skip_bad_rows=skip_bad_rows, dry_run=dry_run), as_json)


@import_app.command("suppliers")
def import_suppliers_cmd(
    brand: str = typer.Argument(..., help="Brand id from config/brands/brands.yaml, e.g. apple."),
    file: Path = typer.Argument(..., help="CSV, XLSX or Parquet file (or a folder holding exactly one)."),
    skip_bad_rows: bool = SKIP, dry_run: bool = DRY, as_json: bool = AS_JSON,
) -> None:
    """Import a brand's supplier list; it replaces any list the brand had (a file in data/reference wins).

    Columns (config/matching.yaml supplier_columns): supplier name (supplier_name, name, 供应商名称…),
    address, country, tier, uscc. Open Supply Hub lists (name, address, country) and Apple's published
    list import as they are. Exact repeats (same name, address, country) are kept once. Exit code 1 when refused.
    """
    from greenchain.reference.importing import import_suppliers

    _report(import_suppliers(brand, file, DataPaths.default(), skip_bad_rows=skip_bad_rows, dry_run=dry_run),
            as_json)


@reference_app.command("status")
def status_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """The registry and each brand's list in use: version, origin (imported, demo, realdata, unmanaged, missing)."""
    from greenchain.reference import current_versions

    v = current_versions(DataPaths.default())
    if as_json:
        typer.echo(json.dumps(v, ensure_ascii=False, indent=2))
        return
    table = Table(title="reference data in use")
    for col in ("what", "version", "origin", "rows", "from"):
        table.add_column(col)
    rows = [("companies", v["companies"])] + [(f"suppliers {b}", x) for b, x in v["suppliers"].items()]
    for what, x in rows:
        table.add_row(what, x["version"] or "–", x["origin"], str(x.get("rows") or ""),
                      x.get("imported_from") or x.get("path") or "")
    console.print(table)


@reference_app.command("prepare")
def prepare_cmd() -> None:
    """Check the match inputs as a run would, and print the versions in use.

    With the simulator crawl profile (the demo) a missing registry and lists are generated; in production
    a missing or generated registry is an error that says what to import.
    """
    from greenchain import pipeline

    out = pipeline.prepare_reference(run_id=date.today().isoformat())
    typer.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))


def register(app: typer.Typer) -> None:
    app.add_typer(reference_app, name="reference")

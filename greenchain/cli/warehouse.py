"""`greenchain load`, `greenchain sql`, `greenchain export`: the warehouse from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from greenchain.paths import DataPaths

_FORMATS = ("table", "csv", "json")


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _paths(data_dir: Path | None) -> DataPaths:
    return DataPaths(data_dir.resolve()) if data_dir else DataPaths.default()


DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $GREENCHAIN_DATA_DIR or ./data).", show_default=False),
]


def load(
    run_id: Annotated[str, typer.Option("--run-id", help="Run to load, e.g. 2026-11-23 (its files must exist).")],
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full load summary as JSON.")] = False,
) -> None:
    """Load one run into the warehouse: write a staging copy, audit it, publish it atomically.

    Reads data/normalized/<run>/, data/matched/<run>/, data/landing/<run>/ (health, listings) and the reference files.

    Nothing is published unless every error-level assertion in config/warehouse.yaml passes; the published warehouse stays in place and readable throughout.
    """
    from greenchain.log import setup_logging
    from warehouse.load import AssertionsFailedError, load_run
    from warehouse.publish import LoadLockedError

    setup_logging()
    try:
        summary = load_run(run_id, _paths(data_dir))
    except (AssertionsFailedError, LoadLockedError, FileNotFoundError, ValueError) as e:
        _fail(str(e), 2 if isinstance(e, ValueError | FileNotFoundError) else 1)
        return
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        return
    c = summary["counts"]
    typer.echo(
        f"published {summary['published']} (load {summary['load_id']}, {summary['seconds']} s): "
        f"{c['violation_records_in_run']} violation records in run, {c['versions_from_run']} versions from run, "
        f"{c['taken_down_by_run']} taken down, {len(summary['assertions']['warnings'])} assertion warnings"
    )


def sql(
    query: Annotated[str, typer.Argument(help='SQL to run, e.g. "SELECT * FROM marts.supplier_risk LIMIT 5".')],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json (one object per line).")] = "table",
    limit: Annotated[int | None, typer.Option("--limit", help="Show at most this many rows.", min=1)] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Query the published warehouse read-only (never blocked by, nor blocking, a running load).

    Schemas: core (violations, violation_versions, violation_matches, companies, brands, brand_suppliers, …), marts (supplier_risk, brand_unresolved_violations, …), meta (runs, assertions).

    See docs/warehouse.md for every table's columns and example questions.
    """
    import duckdb

    from warehouse.query import NoWarehouseError, run_sql

    if fmt not in _FORMATS:
        _fail(f"--format must be one of {', '.join(_FORMATS)}, got {fmt!r}", 2)
    try:
        table = run_sql(query, _paths(data_dir), limit=limit, as_text=fmt != "json")
    except NoWarehouseError as e:
        _fail(str(e))
        return
    except duckdb.Error as e:
        _fail(str(e).splitlines()[0], 2)
        return
    rows = table.to_pylist()
    if fmt == "json":
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False, default=str))
    elif fmt == "csv":
        import csv

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(table.column_names)
        w.writerows([r[c] for c in table.column_names] for r in rows)
    else:
        from rich.console import Console
        from rich.table import Table

        out = Table(*table.column_names, show_lines=False)
        for r in rows:
            out.add_row(*("" if v is None else str(v) for v in r.values()))
        Console().print(out)
        typer.echo(f"{len(rows)} row(s)", err=True)


def export(
    out: Annotated[Path, typer.Option("--out", help="Directory for <schema>.<table>.parquet files.")],
    marts: Annotated[bool, typer.Option("--marts", help="Export the marts as well.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Export the published warehouse's core tables (and optionally marts) as Parquet files."""
    from greenchain.progress import track
    from warehouse.query import NoWarehouseError, export_tables

    if out.exists() and not out.is_dir():
        _fail(f"--out {out} exists and is not a directory", 2)
    try:
        written = export_tables(
            out, _paths(data_dir), include_marts=marts, progress=lambda names: track(names, "exporting")
        )
    except NoWarehouseError as e:
        _fail(str(e))
        return
    for name in sorted(written):
        typer.echo(f"{name}: {written[name]} rows → {out / (name + '.parquet')}")


def register(app: typer.Typer) -> None:
    """Add the warehouse commands (load, sql, export) to the `greenchain` app."""
    app.command("load")(load)
    app.command("sql")(sql)
    app.command("export")(export)

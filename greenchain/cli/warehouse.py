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

    Schemas: core (violations, violation_versions, violation_matches, companies, brands, brand_suppliers, labels, …), marts (supplier_risk, brand_unresolved_violations, …), meta (runs, assertions).

    One query at a time (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN). Files, other databases, extensions and settings are off limits: COPY, ATTACH, INSTALL/LOAD, SET and read_csv('/path') are refused. In CSV, lists and structs are JSON.

    See docs/warehouse.md for every table's columns and example questions.
    """
    import duckdb

    from warehouse.guard import RefusedStatementError
    from warehouse.query import NoWarehouseError, run_sql

    if fmt not in _FORMATS:
        _fail(f"--format must be one of {', '.join(_FORMATS)}, got {fmt!r}", 2)
    try:
        table = run_sql(query, _paths(data_dir), limit=limit, as_text=fmt != "json")
    except NoWarehouseError as e:
        _fail(str(e))
        return
    except RefusedStatementError as e:
        _fail(str(e), 2)
        return
    except duckdb.Error as e:
        _fail(_duckdb_message(e), 2)
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


def _duckdb_message(e: Exception) -> str:
    """DuckDB's message with its hints ("Did you mean …", the LINE pointer); a refusal of file access
    says that analyst SQL cannot reach files."""
    text = "\n".join(line for line in str(e).splitlines() if line.strip())
    if "disabled by configuration" in text or "configuration has been locked" in text:
        text += "\n(analyst SQL runs with file access, extensions and settings locked)"
    return text


def export(
    out: Annotated[Path, typer.Option("--out", help="Directory for <schema>.<table>.<ext> files and manifest.json.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet, csv or jsonl (JSON Lines).")] = "parquet",
    marts: Annotated[bool, typer.Option("--marts", help="Export the marts as well.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Export the published warehouse's core tables (and optionally marts) with a manifest.

    manifest.json lists each file's rows, bytes, sha256 and schema (column names, types, comments). Columns holding contacts or secrets (e-mail, webhook, token, …) are never exported; the manifest names those dropped. In CSV, lists and structs are JSON text.
    """
    from greenchain.progress import track
    from warehouse.export import FORMATS, export_tables
    from warehouse.query import NoWarehouseError

    if fmt not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}", 2)
    if out.exists() and not out.is_dir():
        _fail(f"--out {out} exists and is not a directory", 2)
    try:
        manifest = export_tables(
            out, _paths(data_dir), fmt=fmt, include_marts=marts, progress=lambda names: track(names, "exporting")
        )
    except NoWarehouseError as e:
        _fail(str(e))
        return
    for name, t in sorted(manifest["tables"].items()):
        typer.echo(f"{name}: {t['rows']} rows → {out / t['file']}")
    typer.echo(f"manifest: {out / 'manifest.json'}")


def register(app: typer.Typer) -> None:
    """Add the warehouse commands (load, sql, export) to the `greenchain` app."""
    app.command("load")(load)
    app.command("sql")(sql)
    app.command("export")(export)

"""`greenchain export`: the published warehouse's tables as Parquet, CSV or JSON Lines, with a manifest.

The manifest (manifest.json) lists every file with its rows, bytes, sha256 and schema (column
names, DuckDB types, the column comments), so a recipient can check what they got. Contacts and
secrets never leave: columns whose names say they hold them are dropped (and listed as dropped),
whatever table they are in. The warehouse does not load brands' e-mails or webhook URLs in the
first place; this is the second lock on that door.

Only table names from the catalog reach the SQL here, never text a user typed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from greenchain.paths import DataPaths
from warehouse.models import render, sql_file
from warehouse.query import published_path

FORMATS = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}  # format: file extension
_SENSITIVE = re.compile(r"e_?mail|webhook|secret|token|password|passwd|api_?key|phone|contact", re.I)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def is_sensitive(column: str) -> bool:
    """A column that holds contacts or secrets by its name (never exported)."""
    return bool(_SENSITIVE.search(column))


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[dict[str, Any]]:
    schema, name = table.split(".", 1)
    rows = con.execute(sql_file("export/columns.sql"), {"schema": schema, "table": name}).fetchall()
    return [{"name": c, "type": t, "comment": comment, "nested": nested} for c, t, comment, nested in rows]


def _select(con: duckdb.DuckDBPyConnection, table: str, columns: list[dict[str, Any]], fmt: str) -> duckdb.DuckDBPyRelation:
    """The exportable columns; in CSV nested values are JSON text (one cell per value)."""
    exprs = []
    for c in columns:
        col = duckdb.ColumnExpression(c["name"])
        if fmt == "csv" and c["nested"]:
            col = duckdb.FunctionExpression("to_json", col).cast(duckdb.sqltypes.VARCHAR).alias(c["name"])
        exprs.append(col)
    return con.table(table).select(*exprs)


def tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[str]:
    names = [r[0] for r in con.execute(sql_file("load/list_tables.sql")).fetchall()]
    return [n for n in names if n.split(".", 1)[0] in schemas]


def export_tables(
    out_dir: Path,
    paths: DataPaths | None = None,
    *,
    fmt: str = "parquet",
    include_marts: bool = False,
    progress: Callable[[list[str]], Iterable[str]] = iter,
) -> dict[str, Any]:
    """Write core (and optionally mart) tables to <out_dir>/<schema>.<table>.<ext> and manifest.json.

    Returns the manifest. Files are written under a temporary name and renamed when complete.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    # read-only, but with file access: this connection writes the export files (no user SQL runs here)
    con = duckdb.connect(str(published_path(paths)), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        latest = con.execute(sql_file("export/latest_load.sql")).fetchone()
        manifest: dict[str, Any] = {
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "format": fmt,
            "load": {"load_id": latest[0], "run_id": latest[1]} if latest else None,
            "tables": {},
            "excluded_columns": {},
        }
        for table in progress(tables(con, ("core", "marts") if include_marts else ("core",))):
            columns = _columns(con, table)
            dropped = [c["name"] for c in columns if is_sensitive(c["name"])]
            keep = [c for c in columns if not is_sensitive(c["name"])]
            if dropped:
                manifest["excluded_columns"][table] = dropped
            target = out_dir / f"{table}.{FORMATS[fmt]}"
            tmp = out_dir / f".{target.name}.tmp"
            rel = _select(con, table, keep, fmt)
            con.execute(render(sql_file(f"export/copy_{fmt}.sql"), query=rel.sql_query(), path=_path_literal(tmp)))
            tmp.replace(target)
            rows = con.table(table).count("*").fetchall()[0][0]
            manifest["tables"][table] = {
                "file": target.name,
                "rows": rows,
                "bytes": target.stat().st_size,
                "sha256": _sha256(target),
                "columns": [{k: c[k] for k in ("name", "type", "comment")} for c in keep],
            }
    finally:
        con.close()
    tmp = out_dir / ".manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out_dir / "manifest.json")
    return manifest


def _path_literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"

"""Read the published warehouse: ad-hoc SQL (read-only) and Parquet export of the core tables.

Readers open the published file read-only. It is never opened for writing (loads write a staging
copy and swap it in), so a reader is never blocked by a load and never sees half of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
from duckdb import ColumnExpression, sqltypes

from greenchain.paths import DataPaths
from warehouse.models import sql_file


class NoWarehouseError(FileNotFoundError):
    """Nothing has been published yet."""


def open_published(paths: DataPaths | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse (timestamps shown in UTC)."""
    path = (paths or DataPaths.default()).warehouse
    if not path.exists():
        raise NoWarehouseError(f"no published warehouse at {path}; run `greenchain load --run-id <run>` first")
    con = duckdb.connect(str(path), read_only=True)
    con.execute(sql_file("load/reader_session.sql"))
    return con


def run_sql(sql: str, paths: DataPaths | None = None, limit: int | None = None, as_text: bool = False) -> pa.Table:
    """Run one query on the published warehouse; the result as an Arrow table (first `limit` rows).

    `as_text` renders every value as DuckDB prints it (lists, structs, timestamps), for tables and CSV.
    """
    con = open_published(paths)
    try:
        rel = con.sql(sql)
        if rel is None:  # a statement without a result (SET, PRAGMA …)
            return pa.table({})
        if limit is not None:
            rel = rel.limit(limit)
        if as_text and len(set(rel.columns)) == len(rel.columns):
            rel = rel.select(*(ColumnExpression(c).cast(sqltypes.VARCHAR).alias(c) for c in rel.columns))
        return rel.to_arrow_table()
    finally:
        con.close()


def core_tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] = ("core",)) -> list[str]:
    names = [r[0] for r in con.execute(sql_file("load/list_tables.sql")).fetchall()]
    return [n for n in names if n.split(".", 1)[0] in schemas]


def export_tables(
    out_dir: Path,
    paths: DataPaths | None = None,
    include_marts: bool = False,
    progress: Callable[[list[str]], Iterable[str]] = iter,
) -> dict[str, int]:
    """Write every core (and optionally mart) table to <out_dir>/<schema>.<table>.parquet; rows per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = open_published(paths)
    try:
        written: dict[str, int] = {}
        for name in progress(core_tables(con, ("core", "marts") if include_marts else ("core",))):
            rel = con.table(name)
            tmp = out_dir / f".{name}.parquet.tmp"
            rel.write_parquet(str(tmp), compression="zstd")
            tmp.replace(out_dir / f"{name}.parquet")
            written[name] = rel.count("*").fetchall()[0][0]
        return written
    finally:
        con.close()

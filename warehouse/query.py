"""Read the published warehouse: analysts' ad-hoc SQL, locked down.

Readers open the published file read-only. It is never opened for writing (loads write a staging
copy and swap it in), so a reader is never blocked by a load and never sees half of one.

Analyst connections also run with external access off and the configuration locked (DuckDB's own
sandbox settings): no file, URL or other database can be read or written, no extension loaded, no
setting changed, whatever the SQL says. warehouse/guard.py refuses such statements first, with a
message that says why.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
from duckdb import ColumnExpression, sqltypes

from greenchain.paths import DataPaths
from warehouse import guard
from warehouse.models import sql_file

# Settings fixed at connect time; lock_configuration (reader_session.sql) then freezes every other.
ANALYST_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}


class NoWarehouseError(FileNotFoundError):
    """Nothing has been published yet."""


def published_path(paths: DataPaths | None = None) -> Path:
    path = (paths or DataPaths.default()).warehouse
    if not path.exists():
        raise NoWarehouseError(f"no published warehouse at {path}; run `greenchain load --run-id <run>` first")
    return path


def open_published(paths: DataPaths | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only, sandboxed connection to the published warehouse (timestamps shown in UTC)."""
    con = duckdb.connect(str(published_path(paths)), read_only=True, config=ANALYST_CONFIG)
    con.execute(sql_file("load/reader_session.sql"))
    return con


def _col(name: str) -> ColumnExpression:
    return ColumnExpression(name)


def _nested(t: sqltypes.DuckDBPyType) -> bool:
    return t.id in ("list", "struct", "map", "array", "union")


def run_sql(sql: str, paths: DataPaths | None = None, limit: int | None = None, as_text: bool = False) -> pa.Table:
    """Run one analyst query on the published warehouse; the result as an Arrow table.

    Raises guard.RefusedStatementError for anything but a read-only query, duckdb.Error for what
    DuckDB rejects. `as_text` renders values as text for tables and CSV: nested values (lists,
    structs) as JSON, the rest as DuckDB prints them.
    """
    statement = guard.check(sql)
    con = open_published(paths)
    try:
        rel = con.sql(statement)
        if rel is None:  # a PRAGMA without a result
            return pa.table({})
        if limit is not None:
            rel = rel.limit(limit)
        if as_text and len(set(rel.columns)) == len(rel.columns):
            rel = rel.select(
                *(
                    duckdb.FunctionExpression("to_json", _col(c)).cast(sqltypes.VARCHAR).alias(c)
                    if _nested(t)
                    else _col(c).cast(sqltypes.VARCHAR).alias(c)
                    for c, t in zip(rel.columns, rel.types, strict=True)
                )
            )
        return rel.to_arrow_table()
    finally:
        con.close()

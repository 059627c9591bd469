"""What an analyst may run on the published warehouse: read-only queries, nothing else.

The engine is the real barrier: analyst connections open the file read-only with external access
off and the configuration locked (warehouse/query.py), so DuckDB itself refuses files, ATTACH,
extensions and settings. This module says *why* before DuckDB is asked, in words an analyst can act
on. Statements are classified by DuckDB's own parser (`extract_statements`, `json_serialize_sql`),
never by pattern-matching the SQL text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import duckdb

_ALLOWED = {"SELECT", "EXPLAIN", "PRAGMA"}  # SELECT covers WITH, FROM …, VALUES, DESCRIBE, SHOW, SUMMARIZE
_SAVE = "to save results use `greenchain sql -f csv \"…\" > file.csv` or `greenchain export`"
_WHY = {
    "COPY": f"COPY reads or writes files on this machine; {_SAVE}",
    "EXPORT": f"EXPORT DATABASE writes files on this machine; {_SAVE}",
    "ATTACH": "ATTACH opens or creates other database files; only the published warehouse can be queried",
    "DETACH": "DETACH changes which databases the session sees; only the published warehouse can be queried",
    "LOAD": "INSTALL and LOAD add extensions (code) to DuckDB; analyst SQL runs with the built-in functions only",
    "SET": "SET, RESET and USE change the session's settings, which are locked for analyst SQL",
    "CALL": "CALL runs procedures such as CHECKPOINT; use SELECT * FROM <table function>(…) instead",
}
_READ_ONLY = "the published warehouse is read-only: loads change it (`greenchain load`), queries cannot"
# Table functions that read files, URLs or other databases (DuckDB refuses them anyway: external
# access is off); named here so the refusal says which one.
_FILE_FUNCTIONS = {"glob", "sniff_csv", "query_table_file"}
_FILE_PREFIXES = ("read_", "parquet_", "iceberg_", "delta_")
_FILE_SUFFIXES = ("_scan", "_attach")
# What EXPLAIN explains starts after its keyword and options (EXPLAIN ANALYZE runs it).
_EXPLAIN = re.compile(r"^\s*EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\([^)]*\)\s*)?", re.I)


class RefusedStatementError(ValueError):
    """The SQL asks for something analyst SQL may not do; the message says what and why."""


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def _reads_files(name: str) -> bool:
    name = name.lower()
    return name in _FILE_FUNCTIONS or name.startswith(_FILE_PREFIXES) or name.endswith(_FILE_SUFFIXES)


def _looks_like_path(table_name: str) -> bool:
    """`FROM '/etc/passwd'` or `FROM 'x.csv'`: DuckDB would read the file (a replacement scan)."""
    return "/" in table_name or "\\" in table_name or ":" in table_name or "." in table_name


def _file_access(query: str) -> str | None:
    """The first function or path in a SELECT that would read outside the warehouse, if any."""
    con = duckdb.connect(config={"enable_external_access": False})
    try:
        tree = json.loads(con.execute("SELECT json_serialize_sql($1::VARCHAR)", [query]).fetchone()[0])  # type: ignore[index]
    finally:
        con.close()
    if tree.get("error"):
        return None  # DuckDB will report the syntax error itself
    for node in _walk(tree):
        name = node.get("function_name")
        if isinstance(name, str) and _reads_files(name):
            return f"{name}()"
        if node.get("type") == "BASE_TABLE" and not node.get("schema_name") and _looks_like_path(node.get("table_name", "")):
            return repr(node["table_name"])
    return None


def check(sql: str) -> str:
    """Return the one statement in `sql` if analyst SQL may run it; raise RefusedStatementError if not.

    Syntax errors are left to DuckDB (its message, with any "Did you mean …" hint, reaches the user).
    """
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.ParserException:
        return sql
    if not statements:
        raise RefusedStatementError("no SQL statement given")
    if len(statements) > 1:
        raise RefusedStatementError(f"one statement at a time, please ({len(statements)} given)")
    stmt = statements[0]
    kind = stmt.type.name
    if kind not in _ALLOWED:
        raise RefusedStatementError(f"refused {kind}: {_WHY.get(kind, _READ_ONLY)}")
    if kind == "EXPLAIN":  # EXPLAIN ANALYZE runs the statement: it must pass on its own
        inner = _EXPLAIN.sub("", stmt.query, count=1)
        if inner == stmt.query:
            raise RefusedStatementError("refused EXPLAIN: could not tell which statement it explains")
        check(inner)
    elif kind == "SELECT":
        target = _file_access(stmt.query)
        if target:
            raise RefusedStatementError(
                f"refused {target}: analyst SQL reads only the published warehouse, never files, URLs "
                "or other databases on this machine"
            )
    return stmt.query

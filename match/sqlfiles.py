"""Read the SQL files under match/sql/ (SQL lives in .sql files, not in Python strings)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def sql(name: str) -> str:
    """The text of match/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_script(con: object, name: str, params: dict[str, object] | None = None) -> None:
    """Run each statement of match/sql/<name>.sql, passing only the $parameters that statement uses
    (DuckDB binds parameters per statement)."""
    params = params or {}
    for stmt in sql(name).split(";\n"):
        body = "\n".join(ln for ln in stmt.splitlines() if not ln.lstrip().startswith("--")).strip()
        if not body:
            continue
        used = {k: v for k, v in params.items() if f"${k}" in body}
        con.execute(body, used)  # type: ignore[attr-defined]

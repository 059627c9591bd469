"""The SQL models under warehouse/sql/: discovery, dependency order, execution.

One model per file, `<layer>/<prefix>_<name>.sql` builds `<schema>.<name>` (stg_penalty_records.sql
→ staging.penalty_records). Dependencies are the `schema.table` names a file mentions that other
models build, so adding a model is adding a file. Layers run in order raw → staging → core →
marts → meta; inside a layer, dependencies first, then by name (deterministic).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent / "sql"
LAYERS: dict[str, tuple[str, str]] = {  # folder: (schema, file prefix)
    "raw": ("raw", "raw_"),
    "staging": ("staging", "stg_"),
    "core": ("core", "core_"),
    "marts": ("marts", "mart_"),
    "meta": ("meta", "meta_"),
}
SCHEMAS = ("raw", "staging", "core", "marts", "meta")
_REF = re.compile(r"\b(raw|staging|core|marts|meta)\.([a-z_][a-z0-9_]*)\b")
_COMMENT = re.compile(r"--[^\n]*")
# "-- requires table: core.x": a migration that only makes sense on a warehouse that has core.x
_REQUIRES = re.compile(r"^-- requires table: ([a-z_]+\.[a-z_][a-z0-9_]*)\s*$", re.M)


@dataclass(frozen=True)
class Model:
    layer: str
    name: str  # the table or view it builds, "schema.table"
    path: Path
    depends_on: frozenset[str] = field(default_factory=frozenset)

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def _discover(layer: str) -> list[Model]:
    schema, prefix = LAYERS[layer]
    found: list[tuple[str, Path]] = []
    for path in sorted((SQL_DIR / layer).glob(f"{prefix}*.sql")):
        found.append((f"{schema}.{path.stem.removeprefix(prefix)}", path))
    return [
        Model(
            layer,
            name,
            path,
            frozenset(
                f"{s}.{t}" for s, t in _REF.findall(_COMMENT.sub("", path.read_text(encoding="utf-8")))
            )
            - {name},
        )
        for name, path in found
    ]


@cache
def layer_models(layer: str) -> tuple[Model, ...]:
    """The models of one layer in dependency order; raises ValueError on a cycle."""
    models = _discover(layer)
    by_name = {m.name: m for m in models}
    ordered: list[Model] = []
    state: dict[str, str] = {}

    def visit(m: Model, chain: tuple[str, ...]) -> None:
        if state.get(m.name) == "done":
            return
        if state.get(m.name) == "visiting":
            raise ValueError(f"model dependency cycle: {' -> '.join((*chain, m.name))}")
        state[m.name] = "visiting"
        for dep in sorted(m.depends_on):
            if dep in by_name:
                visit(by_name[dep], (*chain, m.name))
        state[m.name] = "done"
        ordered.append(m)

    for m in models:
        visit(m, ())
    return tuple(ordered)


def all_models() -> list[Model]:
    return [m for layer in LAYERS for m in layer_models(layer)]


def sql_file(relative: str) -> str:
    """Text of a non-model SQL file, e.g. "assertions/unique_key.sql"."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def render(sql: str, **names: str) -> str:
    """Fill `{name}` placeholders (identifiers from validated config, quoted paths); other braces,
    such as DuckDB struct literals, are left alone."""
    for key, value in names.items():
        sql = sql.replace("{" + key + "}", value)
    return sql


def create_schemas(con: duckdb.DuckDBPyConnection) -> None:
    for schema in SCHEMAS:
        con.execute(render(sql_file("load/create_schema.sql"), schema=schema))


def run_layer(
    con: duckdb.DuckDBPyConnection,
    layer: str,
    on_model: Callable[[Model, float], None] | None = None,
) -> dict[str, float]:
    """Execute every model of `layer` in order; returns seconds per model."""
    timings: dict[str, float] = {}
    for model in layer_models(layer):
        t0 = time.perf_counter()
        try:
            con.execute(model.sql)
        except duckdb.Error as e:
            raise RuntimeError(f"model {model.name} ({model.path.name}) failed: {e}") from e
        timings[model.name] = round(time.perf_counter() - t0, 3)
        if on_model:
            on_model(model, timings[model.name])
    return timings


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    schema, table = name.split(".")
    return bool(con.execute(sql_file("load/table_exists.sql"), {"schema": schema, "table": table}).fetchone()[0])  # type: ignore[index]


def run_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply each warehouse/sql/migrations/NNN_*.sql not yet in meta.migrations, in name order.

    Core tables are created once and kept, so a change to an existing column's type needs a
    migration; on a new warehouse the migrations find no table (IF EXISTS, or a `-- requires
    table:` line naming one that is absent) and are only recorded.
    """
    con.execute(sql_file("meta/meta_migrations.sql"))
    done = {r[0] for r in con.execute(sql_file("load/migrations_applied.sql")).fetchall()}
    applied = []
    for path in sorted((SQL_DIR / "migrations").glob("*.sql")):
        if path.stem in done:
            continue
        text = path.read_text(encoding="utf-8")
        try:
            if all(_table_exists(con, t) for t in _REQUIRES.findall(text)):
                con.execute(text)
        except duckdb.Error as e:
            raise RuntimeError(f"migration {path.name} failed: {e}") from e
        con.execute(sql_file("load/migration_done.sql"), {"name": path.stem})
        applied.append(path.stem)
    return applied

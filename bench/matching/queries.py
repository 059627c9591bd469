"""Gold queries (plain labelled values) as the engine's Query objects: the one place the two meet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa

from bench.matching.goldset import GoldQuery
from match.engine import Query

_LISTS = ("former_names", "aliases")
REGISTRY_SCHEMA = pa.schema([(c, pa.list_(pa.string()) if c in _LISTS else pa.string()) for c in (
    "company_id", "name", "uscc", "former_names", "aliases", "english_name", "address", "division_code",
    "province", "city", "county", "parent_company_id")])


def as_query(g: GoldQuery) -> Query:
    return Query(g.key, g.name, g.address, g.uscc, g.hints)


def as_queries(gold: Sequence[GoldQuery]) -> list[Query]:
    return [as_query(g) for g in gold]


def registry_table(rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Registry rows (universe companies, real firms, traps; any subset of the columns) as one table."""
    names = REGISTRY_SCHEMA.names
    return pa.Table.from_pylist([{k: r.get(k) for k in names} for r in rows], schema=REGISTRY_SCHEMA)

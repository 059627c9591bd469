"""Gold queries (plain labelled values) as the engine's Query objects: the one place the two meet."""

from __future__ import annotations

from collections.abc import Sequence

from bench.matching.goldset import GoldQuery
from match.engine import Query


def as_query(g: GoldQuery) -> Query:
    return Query(g.key, g.name, g.address, g.uscc, g.hints)


def as_queries(gold: Sequence[GoldQuery]) -> list[Query]:
    return [as_query(g) for g in gold]

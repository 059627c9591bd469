"""Apply a methodology to one brand's facts. Pure functions: facts in, points and scores out."""

from __future__ import annotations

from dataclasses import dataclass, field

from transparency.facts import FACTS, FactValue
from transparency.methodology import Indicator, Methodology


@dataclass(frozen=True)
class IndicatorResult:
    area_id: str
    indicator_id: str
    indicator_name: str
    tier: str
    points: float
    max_points: float
    weight_pct: float  # share of the 0..100 total this indicator can earn, for this brand's industry
    contribution: float  # what it earned towards the 0..100 total
    evidence: dict[str, dict[str, FactValue]]  # fact → {"value", "source"}
    met: list[str]  # the conditions of the tier reached (empty for the bottom tier)
    note: str = ""


@dataclass(frozen=True)
class IndexResult:
    methodology: str
    version: str
    total: float
    area_scores: dict[str, float]  # 0..100 per area
    indicators: list[IndicatorResult] = field(default_factory=list)


def _evidence(ind: Indicator, facts: dict[str, FactValue]) -> dict[str, dict[str, FactValue]]:
    names = dict.fromkeys(c.fact for t in ind.tiers for c in t.requires)
    return {n: {"value": facts.get(n), "source": FACTS[n][0]} for n in names}


def indicator_points(
    ind: Indicator, facts: dict[str, FactValue], indices: dict[str, float]
) -> tuple[str, float, list[str], str, dict[str, dict[str, FactValue]]]:
    """(tier, points, conditions met, note, evidence) for one indicator."""
    if ind.from_index:
        total = indices[ind.from_index]
        ev = {ind.from_index: {"value": round(total, 6), "source": "index"}}
        return f"{ind.from_index} {total:.1f}/100", ind.points * total / 100, [], "", ev
    for tier in ind.tiers:
        if all(c.holds(facts) for c in tier.requires):
            return tier.level, tier.points, [str(c) for c in tier.requires], tier.note, _evidence(ind, facts)
    raise AssertionError("unreachable: the last tier requires nothing (checked on load)")


def score_brand(
    m: Methodology, industry: str, facts: dict[str, FactValue], indices: dict[str, float] | None = None
) -> IndexResult:
    """Score one brand: tiers → indicator points → area shares → weighted 0..100 total."""
    weights = m.weights_for(industry)
    wsum = sum(weights.values())
    results: list[IndicatorResult] = []
    area_scores: dict[str, float] = {}
    total = 0.0
    for area in m.areas:
        area_w = weights[area.id] / wsum * 100  # this area's share of the 0..100 total
        earned = 0.0
        for ind in area.indicators:
            tier, pts, met, note, ev = indicator_points(ind, facts, indices or {})
            earned += pts
            w = area_w * ind.points / area.max_points
            results.append(IndicatorResult(area.id, ind.id, ind.name, tier, pts, ind.points, w,
                                           w * pts / ind.points, ev, met, note))
        area_scores[area.id] = earned / area.max_points * 100
        total += area_w * earned / area.max_points
    return IndexResult(m.id, m.version, total, area_scores, results)

"""Pair features and the calibrated score: how much one candidate looks like the query.

Features are small numbers with a fixed meaning (see config/matching.yaml); the score is a
logistic function of their weighted sum, so a reviewer can read why a pair scored what it did.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from match.config import ScoreModel
from match.regions import region_agreement


@dataclass(frozen=True, slots=True)
class QuerySide:
    lang: str
    core: str
    trade: str
    industry: str
    xkey: str
    branch: str | None
    uscc: str | None
    address_rest: str
    name_codes: frozenset[str]  # regions the name itself names (strongest evidence)
    address_codes: frozenset[str]  # regions the address names
    hint_codes: frozenset[str]  # where the source places the party (weakest: often the authority's area)


@dataclass(frozen=True, slots=True)
class CandidateSide:
    kind: str
    core: str
    trade: str
    industry: str
    xkey: str
    branch: str | None
    uscc: str | None
    address_rest: str
    entity_codes: frozenset[str]  # where the company is registered
    name_codes: frozenset[str]  # regions named in this variant of its name


def _sim(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return Indel.normalized_similarity(a, b)


def _industry(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    sa, sb = set(a.split()), set(b.split())
    return 0.5 if sa & sb else -1.0


def _branch(a: str | None, b: str | None) -> float:
    if a is None and b is None:
        return 0.0
    if a is None or b is None:
        return -1.0
    if "-" in (a, b):  # a branch whose place we could not read: same kind, unknown place
        return 0.0
    return 1.0 if a == b else -1.0


def _region(q: QuerySide, c: CandidateSide) -> float:
    """Name regions compare with the candidate's place and name; an address naming another place than
    where the company sits overrides a name that agrees (金像电子（苏州） with a factory in Xiamen);
    the source's location counts only when neither name nor address says anything."""
    place = c.entity_codes or c.name_codes
    if q.name_codes:
        r = region_agreement(q.name_codes, c.entity_codes | c.name_codes)
        if r > 0 and q.address_codes and region_agreement(q.address_codes, place) < 0:
            return -1.0
        return float(r)
    if q.address_codes:
        return float(region_agreement(q.address_codes, place))
    return float(region_agreement(q.hint_codes, place))


def pair_features(q: QuerySide, c: CandidateSide) -> dict[str, float]:
    """The feature vector of one (query, candidate variant) pair."""
    name = _sim(q.core, c.core)
    trade = _sim(q.trade, c.trade) if q.trade and c.trade else name
    # Only agreement counts: a different street is as often the factory vs the registered office.
    address = max(0.0, 2.0 * _sim(q.address_rest, c.address_rest) - 1.0) if q.address_rest and c.address_rest else 0.0
    # A different code is weaker evidence than an equal one is strong: registries keep old codes and
    # sources mistype them, so a conflict sends an otherwise perfect name to review, not to "none".
    uscc = (1.0 if q.uscc == c.uscc else -0.25) if q.uscc and c.uscc else 0.0
    # Aliases are short forms (金像电子) several firms may use: equal keys there are not "exact".
    exact = 1.0 if q.xkey == c.xkey and c.kind != "alias" else 0.0
    return {
        "name": round(name, 4),
        "trade": round(trade, 4),
        # One character apart is another firm as often as a typo (金像 / 金象): equality is its own evidence.
        "trade_exact": 1.0 if q.trade and q.trade == c.trade else 0.0,
        "industry": _industry(q.industry, c.industry),
        "region": _region(q, c),
        "address": round(address, 4),
        "branch": _branch(q.branch, c.branch),
        "uscc": uscc,
        "exact": exact,
    }


def add_uniqueness(per_entity: dict[str, dict[str, float]]) -> None:
    """Set feature "unique": 1 when no other candidate's name is about as close to the query.

    A name no other firm shares is strong evidence even without a region (the registry is complete);
    a name shared by near-namesakes is weak (term-frequency adjustment, as in Splink). A namesake
    the evidence already rules out (its region conflicts) is no competitor."""
    close = [cid for cid, f in per_entity.items() if f["name"] >= 0.9 and f["region"] >= 0]
    for cid, f in per_entity.items():
        f["unique"] = 0.0 if any(o != cid for o in close) else 1.0


def calibrated_score(features: dict[str, float], model: ScoreModel) -> float:
    """logistic(intercept + Σ weight·feature), then the hard caps that keep conflicts out of "auto"."""
    z = model.intercept + sum(model.weights[k] * v for k, v in features.items())
    s = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
    if features["uscc"] < 0:
        s = min(s, model.cap_uscc_conflict)
    if features["region"] < 0 and features["uscc"] <= 0:
        s = min(s, model.cap_region_conflict)
    if features["branch"] < 0 and features["uscc"] <= 0:
        s = min(s, model.cap_branch_mismatch)
    return round(s, 4)

"""Pair features and the calibrated score: how much one candidate looks like the query.

Features are small numbers with a fixed meaning (see config/matching.yaml); the score is a
logistic function of their weighted sum, so a reviewer can read why a pair scored what it did.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from rapidfuzz.distance import Indel, Levenshtein

from match.config import ScoreModel
from match.regions import city_or_finer, region_agreement


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
    family: str = ""  # company | other | sole | "" (match.names.form_family)

    @property
    def places(self) -> frozenset[str]:
        """Every place the query gives: its name's regions, its address's, the source's."""
        return self.name_codes | self.address_codes | self.hint_codes


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
    near: bool = False  # within one edit of the query's trade name, same industry, in the query's city
    n_near: int = 0  # how many registered trade names are (for this query; a firm's branches share its name)
    n_similar: int = 0  # registry companies anywhere within one edit of the query's trade name, same industry
    regions: str = ""  # the region names as written in this variant (zh)
    whole: bool = False  # its whole written name is at most one edit from the query's, in the query's place
    n_whole: int = 0  # how many registered firms of the query's place are (for this query)
    family: str = ""  # company | other | sole | ""


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


def _place(c: CandidateSide) -> frozenset[str]:
    """Where the candidate is: its registered division, else the region its name gives."""
    return c.entity_codes or c.name_codes


def _region(q: QuerySide, c: CandidateSide) -> float:
    """Where the candidate is registered (its name's region only when the location is unknown) against
    what the query's name, address and source say, each judged on its most specific region.

    The name's region is the registration authority's, so a different county there is a conflict; an
    address or a source location in another county of the same city is not (factory vs registered
    office). An address naming another place overrides a name that agrees (金像电子（苏州） with a
    factory in Xiamen). The source's location is the weakest evidence: it decides only when neither
    name nor address says anything, and otherwise can only take away a province-level agreement
    (湖北X from a source in Enshi, candidate in Yichang)."""
    place = _place(c)
    # A branch's name carries its parent's region (深圳市南山区X公司龙岗分公司 sits in Longgang).
    name = region_agreement(q.name_codes, place | c.name_codes if c.branch else place)
    addr = region_agreement(q.address_codes, place)
    if name < 0 or addr < 0:
        return -1.0
    hint = region_agreement(q.hint_codes, place, county_conflicts=False)
    r = max(name, addr)
    if r == 0:
        return hint if not q.name_codes and not q.address_codes else 0.0
    if r < 1 and hint < 0:
        return 0.0
    return r


def _typo(q: QuerySide, c: CandidateSide, region: float, max_similar: int) -> float:
    """1 when the query's name reads as a slip of the pen on this candidate's and on no other firm's.

    The slip: one character replaced, dropped, typed twice. Two ways to be sure enough:
    - place: the candidate is the only registered firm of the query's own county (or other finest
      place the query gives) whose whole written name is one edit from the query's, and nothing about
      the place disagrees. The rest of the name as it was (region, industry, form) and a neighbourhood
      of a few hundred firms make another, unregistered firm one edit away rare, also for 2-character
      trade names (bench.matching.ambiguity measures it on the gold set). Needs no name parse: the slip may
      sit in a region or industry word and garble the trade name the parse reads.
    - city: the trade names are one slip apart (replaced: both 3+ characters, since 金像 / 金象 side
      by side in one city are two firms as often as a typo; dropped: the query keeps 2+; added: only a
      double, 合佳裕 is another name than 佳裕), with the same industry words; the region agrees at city
      level or finer; no other firm of the city is within one edit; and few firms of the industry
      anywhere are (`max_similar`): where the name space is crowded (transliterations like 斯德克 /
      奥德克, two-character names), a name one edit from a registered one is as likely another firm."""
    if q.lang != "zh":
        return 0.0
    place = _place(c)
    if region < 0 or region_agreement(q.address_codes, place) < 0 or region_agreement(q.hint_codes, place) < 0:
        return 0.0
    if c.whole and c.n_whole == 1 and q.xkey != c.xkey:
        return 1.0
    if not (c.near and c.n_near == 1 and region >= 1.0 and q.industry == c.industry):
        return 0.0
    if c.n_similar > max_similar or Levenshtein.distance(q.trade, c.trade) != 1:
        return 0.0
    lq, lc = len(q.trade), len(c.trade)
    if lq == lc:
        return 1.0 if lq >= 3 else 0.0
    if lq < lc:
        return 1.0 if lq >= 2 else 0.0
    doubled = any(q.trade[i] == q.trade[i + 1] and q.trade[:i] + q.trade[i + 1:] == c.trade for i in range(lq - 1))
    return 1.0 if doubled else 0.0


def _slip(q: QuerySide, c: CandidateSide) -> QuerySide | None:
    """The query read with the candidate's trade name, when the query's trade name is the candidate's
    plus a slip in the words around it that the name parse could not see past; None otherwise.

    Region slip: the candidate's region name, cut off or misspelt, stuck in front of its trade name
    (福泉宏工 written 泉宏工, 青岛市崂山区 cut to 岛市崂山区, 江门 mistyped 林门, 广州 typed 广广州): one
    leftover character must be the region's last or second-to-last, longer leftovers may be one edit
    off the end of the region name. Industry slip: the trade name intact and the industry word one edit
    off (山玉五金 written 山玉五科). The trade name, which identifies the firm, is then the candidate's;
    where the firm is must still come from the rest of the evidence (address, source location)."""
    if q.lang != "zh" or not c.trade or q.trade == c.trade:
        return None
    if c.regions and len(q.trade) > len(c.trade) and q.trade.endswith(c.trade):
        head, region = q.trade[: -len(c.trade)], c.regions
        if len(head) == 1:
            ok = head in region[-2:]
        else:
            ok = any(Levenshtein.distance(head, region[-n:]) <= 1
                     for n in (len(head) - 1, len(head), len(head) + 1) if 0 < n <= len(region))
        if ok:
            return replace(q, trade=c.trade, core=q.core[len(head):])
    if c.industry and q.core.startswith(c.trade) and Levenshtein.distance(q.core, c.core) == 1:
        return replace(q, trade=c.trade, industry=c.industry)
    return None


def pair_features(q: QuerySide, c: CandidateSide, typo_max_similar: int = 0) -> dict[str, float]:
    """The feature vector of one (query, candidate variant) pair."""
    region = _region(q, c)
    typo = _typo(q, c, region, typo_max_similar)
    slipped = _slip(q, c) if not typo else None
    q = slipped or q
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
        # A trade name of three characters or more is rarely borne by two firms of one industry, a
        # two-character one by dozens (DOMAIN.md section 5): a long trade name the two share says more.
        "distinctive": 1.0 if q.lang == "zh" and len(q.trade) >= 3 and q.trade == c.trade else 0.0,
        "industry": _industry(q.industry, c.industry),
        "region": region,
        "address": round(address, 4),
        "branch": _branch(q.branch, c.branch),
        "uscc": uscc,
        "exact": exact,
        "typo": typo,
        # a typo reading that the firm's own address or USCC confirms: the name alone never can (below)
        "typo_confirmed": 1.0 if typo and (address >= 0.5 or uscc > 0) else 0.0,
        "slip": 1.0 if slipped else 0.0,
        # The trade name or industry differs and no slip of a region or industry word explains it. Even where a typo
        # explains it, the name alone cannot decide: a firm one character away that the registry does not
        # hold looks exactly like a typo (registries are never complete), so an agreeing address or the
        # USCC must say it is this firm (the cap in calibrated_score).
        "mismatch": 1.0 if q.lang == "zh" and (q.trade != c.trade or q.industry != c.industry) else 0.0,
        # A short trade name (2 characters) with no region agreeing: one of dozens of namesakes (DOMAIN.md §5).
        "short_unplaced": 1.0 if q.lang == "zh" and len(q.trade) <= 2 and region <= 0 else 0.0,
        # The forms say another kind of entity: a factory or a one-person business is not the company.
        "form_conflict": 1.0 if _form_conflict(q.family, c.family) else 0.0,
        # The query's name says a city or county, the candidate's name no city and all that is known of
        # where it is registered is the province: a namesake there is as likely (广州X vs a Guangdong X).
        "place_unconfirmed": 1.0 if _unconfirmed(q.name_codes, c) else 0.0,
    }


def _unconfirmed(named: frozenset[str], c: CandidateSide) -> bool:
    return (any(city_or_finer(a) for a in named) and not any(city_or_finer(b) for b in c.name_codes)
            and not any(city_or_finer(b) for b in _place(c)))


def _form_conflict(a: str, b: str) -> bool:
    # a one-person business is often registered as a 厂 or 店: those two are one kind here
    return bool(a and b and a != b and {a, b} != {"sole", "other"})


def add_uniqueness(per_entity: dict[str, dict[str, float]]) -> None:
    """Set feature "unique": 1 when no other candidate's name is about as close to the query.

    A name no other firm shares is strong evidence even without a region (the registry is complete);
    a name shared by near-namesakes is weak (term-frequency adjustment, as in Splink). A namesake
    the evidence already rules out (its region conflicts, or it is a branch where the query names a
    head office, or the other way round) is no competitor."""
    close = [cid for cid, f in per_entity.items() if f["name"] >= 0.9 and f["region"] >= 0 and f["branch"] >= 0]
    for cid, f in per_entity.items():
        f["unique"] = 0.0 if any(o != cid for o in close) else 1.0


def calibrated_score(features: dict[str, float], model: ScoreModel, placed: bool = True) -> float:
    """logistic(intercept + Σ weight·feature), then the hard caps that keep conflicts out of "auto".
    `placed`: the query's name, address or source says where the party is."""
    z = model.intercept + sum(w * features[k] for k, w in model.weights.items())
    s = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
    if features["uscc"] < 0:
        s = min(s, model.cap_uscc_conflict)
    if features["region"] < 0 and features["uscc"] <= 0:
        s = min(s, model.cap_region_conflict)
    if features["branch"] < 0 and features["uscc"] <= 0:
        s = min(s, model.cap_branch_mismatch)
    if features["form_conflict"] and features["uscc"] <= 0:
        s = min(s, model.cap_form_conflict)
    if features["place_unconfirmed"] and features["address"] < 0.5 and features["uscc"] <= 0:
        s = min(s, model.cap_weak_name)
    # A query that says nothing about the place, naming the only registered firm with this very name
    # (trade name and industry): no namesake puzzle. (A query placed in another county is no such case.)
    only_one = not placed and features["name"] >= 1.0 and features["unique"] >= 1.0 and not features["mismatch"]
    if ((features["mismatch"] or (features["short_unplaced"] and not only_one))
            and features["address"] < 0.5 and features["uscc"] <= 0):
        # A name that is only like the candidate's, or a short name from nowhere that other firms bear
        # too: the name alone cannot decide; an agreeing address or the code can.
        s = min(s, model.cap_weak_name)
    if only_one and _names_alone(features):
        # The name decides there, whatever the region words it drops: the logistic model, being
        # additive, cannot give a query without a place the weight a lone bearer of its name deserves
        # (on the calibration data, such review-band favourites were right every time).
        s = max(s, model.sole_name_score)
    return round(s, 4)


def _names_alone(f: dict[str, float]) -> bool:
    """The trade name is the candidate's own and distinctive (three characters or more: a two-character
    one is borne by dozens of firms, registered here or not), and nothing else in the pair disagrees
    or hedges."""
    return (f["trade_exact"] >= 1.0 and f["distinctive"] >= 1.0 and f["industry"] >= 0 and f["branch"] >= 0 and f["uscc"] >= 0
            and not (f["slip"] or f["typo"] or f["form_conflict"] or f["place_unconfirmed"]))

"""How much of the Chinese gold set any matcher could resolve: the recall ceiling, computed without the engine.

A Chinese gold query is a company's name put through one kind of variation (bench.matching.goldset).
The registry companies that *explain* it are those that, placed where the query places them (the
same county when the query has a location hint or an address, anywhere otherwise), would have
produced the very same text under some kind of variation: the name itself (script, widths,
brackets, spaces, pinyin annotations and form misspellings undone), the name without its region,
with the region bracketed or a publisher's region in front, a former name, the bare body (a short
name), a branch or plant of it; or, only where nothing else explains the query, a name one edit
away (a typo).

- An in-registry query explained by another firm besides the truth is *ambiguous*: two equally good
  answers, which a precision-first matcher must leave to a person.
- An outsider (not in the registry) explained by exactly one registry firm is a *decoy*: it looks
  exactly like a resolvable query, and matching it is a false positive.

`ceiling` plays an oracle that knows the explaining firms: it auto-matches a query when exactly one
firm explains it, slice by slice (whether the query is placed × the kinds of variation by which it
is explained), taking the cleanest slices first while precision stays at or above the target. It
reads names and places only: a matcher that also compares street addresses can tell a typo of a
firm's name (the firm's own address) from an unregistered firm one character away (another
address), so on typos it can go past the oracle; on everything else the oracle's recall bounds it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bench.matching import variants as v
from bench.matching.goldset import GoldQuery, parts_of
from greenchain.registry_build import divisions_by_code
from simulator.companies import Company

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")
# The company forms a source confuses (有限公司 / 有限责任公司, 股份有限公司 / 股份有限责任公司, 有限公 cut short)
# are one form here; a factory, a shop or a sole proprietorship is not a company.
_COMPANY_FORM = re.compile(r"(集团)?(股份)?有限(责任)?公司?$|(集团)?公司$")
_BRANCH = re.compile(r"^(.+?(?:公司|厂))[^()]{1,12}(?:分公司|分厂|经营部|项目部|加油站|经营处|营业部)$")
_FACILITY = re.compile(r"^(.+)\([^()]*\)$")


def canon(text: str) -> str:
    """What the non-typo kinds change, undone: the text a matcher could not tell them apart by."""
    t = _PINYIN.sub("", v.plain_text(text))
    return _COMPANY_FORM.sub("公司", t)


# The kinds of variation as a matcher can tell them apart. A unit's parent explains only what no firm's
# own name explains (a registered branch is itself), and a typo that lands on exactly this text is
# thousands of times less likely than any of the others, so it only explains what nothing else does.
KINDS = ("name", "former", "region_bracketed", "region_dropped", "region_added", "short_name", "branch_of")


def _placed(g: GoldQuery) -> bool:
    return bool(g.hints or g.address)


def _productions(c: Company) -> Iterable[tuple[str, str]]:
    """(kind, canonical text) of every query this company can produce, typos, branches and plants aside."""
    p = parts_of(c)
    d = divisions_by_code()[c.division_code]
    city = divisions_by_code()[d.city_code] if d.city_code else d
    yield "name", canon(c.name)
    yield "region_dropped", canon(v.region_dropped(p))
    yield "region_bracketed", canon(v.region_bracketed(v.NameParts("", p.body, p.form, p.branch), city.short))
    for prefix in (divisions_by_code()[d.province_code].name, city.name):
        yield "region_added", canon(v.region_added(p, prefix))
    yield "short_name", canon(p.body)
    for f in c.former_names:
        yield "former", canon(f)


def _parent_text(text: str) -> str | None:
    """The name a branch or a plant carries in front of its own part (canonical), or None."""
    m = _BRANCH.match(text) or _FACILITY.match(text)
    return canon(m.group(1)) if m else None


def explainers(gold: Sequence[GoldQuery], companies: Sequence[Company]) -> dict[str, dict[str, frozenset[str]]]:
    """For every Chinese query, by kind of variation, the ids of the registry companies that explain it
    (as a typo only where no other kind does)."""
    zh = [g for g in gold if g.lang == "zh"]
    wanted = {canon(g.name) for g in zh}
    parents = {_parent_text(canon(g.name)) for g in zh} - {None}
    who: dict[tuple[str, str], list[Company]] = defaultdict(list)
    by_div: dict[str, list[Company]] = defaultdict(list)
    by_city: dict[str, list[Company]] = defaultdict(list)
    for c in companies:
        by_div[c.division_code].append(c)
        by_city[c.division_code[:4]].append(c)
        for kind, text in _productions(c):
            if text in wanted:
                who[(kind, text)].append(c)
            if kind == "name" and text in parents:
                who[("branch_of", text)].append(c)
    written = {c.company_id: v.plain_text(c.name) for c in companies}
    out: dict[str, dict[str, frozenset[str]]] = {}
    unplaced: list[GoldQuery] = []
    for g in zh:
        text = canon(g.name)
        parent = _parent_text(text)
        here = {c.company_id for c in by_city[g.place[:4]]} if g.place else set()
        exp = {k: frozenset(c.company_id for c in who.get((k, text), ()) if not _placed(g) or c.division_code == g.place)
               for k in KINDS if k != "branch_of"}
        out[g.key] = exp
        if any(exp.values()):
            continue
        if parent:  # a unit the registry does not hold: its parent explains it (it sits in the parent's city)
            exp["branch_of"] = frozenset(c.company_id for c in who.get(("branch_of", parent), ())
                                         if not _placed(g) or c.company_id in here)
            if exp["branch_of"]:
                continue
        if _placed(g):  # a typo: one character replaced, so one edit away, in the county
            pool = by_div[g.place]
            hits = process.extract(v.plain_text(g.name), [written[c.company_id] for c in pool],
                                   scorer=Levenshtein.distance, score_cutoff=1, limit=None)
            out[g.key]["typo"] = frozenset(pool[i].company_id for _, _, i in hits)
        else:
            unplaced.append(g)
    all_names = [written[c.company_id] for c in companies]
    for start in range(0, len(unplaced), 64):  # the whole registry, a block of queries at a time
        block = unplaced[start: start + 64]
        dist = process.cdist([v.plain_text(g.name) for g in block], all_names, scorer=Levenshtein.distance,
                             score_cutoff=1, dtype=np.uint8, workers=-1)
        for g, row in zip(block, dist, strict=True):
            out[g.key]["typo"] = frozenset(companies[i].company_id for i in np.flatnonzero(row <= 1))
    return out


def ceiling(gold: Sequence[GoldQuery], companies: Sequence[Company], target: float = 0.995) -> dict[str, Any]:
    """The oracle's figures (module docstring): ambiguous queries, decoys, and its best recall at `target`."""
    exp = explainers(gold, companies)
    zh = [g for g in gold if g.lang == "zh"]
    slices: dict[tuple[bool, frozenset[str]], list[int]] = defaultdict(lambda: [0, 0])  # [resolvable, decoys]
    ambiguous: dict[str, int] = defaultdict(int)
    ambiguous_keys: set[str] = set()
    in_registry = unexplained = 0
    for g in zh:
        by_kind = exp[g.key]
        anyone = frozenset().union(*by_kind.values())
        # what a matcher can see: whether the query is placed, and how the one explaining firm explains it
        where = (_placed(g), frozenset(k for k, ids in by_kind.items() if ids))
        if g.truth is None:
            slices[where][1] += len(anyone) == 1
            continue
        in_registry += 1
        unexplained += g.truth not in anyone
        if anyone - {g.truth}:
            ambiguous[g.noise] += 1
            ambiguous_keys.add(g.key)
        elif anyone:
            slices[where][0] += 1
    tp = fp = 0
    for good, bad in sorted(slices.values(), key=lambda s: s[1] / max(s[0] + s[1], 1)):
        if (tp + good) / max(tp + good + fp + bad, 1) < target:
            break
        tp, fp = tp + good, fp + bad
    return {
        "in_registry": in_registry,
        "ambiguous": len(ambiguous_keys),
        "ambiguous_by_noise": dict(sorted(ambiguous.items(), key=lambda kv: -kv[1])[:10]),
        "decoys": sum(s[1] for s in slices.values()),
        "truth_not_explaining": unexplained,
        "resolvable_share": round(1 - len(ambiguous_keys) / max(in_registry, 1), 4),
        "oracle_recall": round(tp / max(in_registry, 1), 4),
        "oracle_precision": round(tp / max(tp + fp, 1), 4),
        "target_precision": target,
        "ambiguous_keys": ambiguous_keys,
    }

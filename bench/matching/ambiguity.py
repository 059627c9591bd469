"""How much of the Chinese gold set any matcher could resolve: the recall ceiling, computed without the engine.

A Chinese gold query is a company's name put through one kind of noise (bench.matching.goldset). The registry
companies that *explain* it are those that, placed where the query places them (the same county when
the query has a location hint or an address, anywhere otherwise), would have produced the very same
text under the same kind of noise: the same region-less name (region dropped or bracketed), the same
name but for the organizational form, widths or traditional characters, or a name one edit away (typo).

- An in-registry query explained by another firm besides the truth is *ambiguous*: two equally good
  answers, which a precision-first matcher must leave to a person.
- An outsider (not in the registry) explained by exactly one registry firm is a *decoy*: it looks
  exactly like a resolvable query, and matching it is a false positive.

`ceiling` plays an oracle that knows the explaining firms: it auto-matches a query when exactly one
firm explains it, slice by slice (whether the query is placed × the kinds of noise by which it is
explained), taking the cleanest slices first while precision stays at or above the target. A
matcher does not know those firms, so its recall at that precision is at most the oracle's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bench.matching.goldset import _FORMS, GoldQuery, _bracket_region, _drop_region, plain_text
from simulator.companies import Company


def _canon(text: str) -> str:
    # what the non-typo noises change: widths, spaces, brackets, script (plain_text), the form
    t = plain_text(text)
    for f in _FORMS:
        if t.endswith(f):
            return t[: -len(f)]
    return t


# The kinds of noise as a matcher can tell them apart: form, widths and script all leave the same
# canonical name, so they are one kind here. A typo that lands on exactly this text is thousands of
# times less likely than any of the others, so it only explains a query nothing else explains.
KINDS = ("name", "former", "bracket_region", "drop_region")


def _placed(g: GoldQuery) -> bool:
    return bool(g.hints or g.address)


def _productions(c: Company) -> Iterable[tuple[str, str]]:
    """(kind, canonical text) of every query this company can produce, typos aside."""
    yield "name", _canon(c.name)
    yield "drop_region", _canon(_drop_region(c))
    yield "bracket_region", _canon(_bracket_region(c))
    for f in (c.name, *c.former_names):
        yield "former", _canon(f)


def explainers(gold: Sequence[GoldQuery], companies: Sequence[Company]) -> dict[str, dict[str, frozenset[str]]]:
    """For every Chinese query, by kind of noise, the ids of the registry companies that explain it
    (as a typo only where no other kind does)."""
    zh = [g for g in gold if g.lang == "zh"]
    wanted = {(k, _canon(g.name)) for g in zh for k in KINDS}
    who: dict[tuple[str, str], list[Company]] = defaultdict(list)
    by_div: dict[str, list[Company]] = defaultdict(list)
    for c in companies:
        by_div[c.division_code].append(c)
        for pair in _productions(c):
            if pair in wanted:
                who[pair].append(c)
    written = {c.company_id: plain_text(c.name) for c in companies}  # widths and script as the query's
    out: dict[str, dict[str, frozenset[str]]] = {}
    unplaced: list[GoldQuery] = []
    for g in zh:
        canon = _canon(g.name)
        out[g.key] = {k: frozenset(c.company_id for c in who.get((k, canon), ())
                                         if not _placed(g) or c.division_code == g.place)
                            for k in KINDS}
        if any(out[g.key].values()):
            continue
        if _placed(g):  # a typo: one character replaced, dropped or doubled, so one edit away
            pool = by_div[g.place]
            hits = process.extract(plain_text(g.name), [written[c.company_id] for c in pool],
                                   scorer=Levenshtein.distance, score_cutoff=1, limit=None)
            out[g.key]["typo"] = frozenset(pool[i].company_id for _, _, i in hits)
        else:
            unplaced.append(g)
    all_names = [written[c.company_id] for c in companies]
    for start in range(0, len(unplaced), 64):  # the whole registry, a block of queries at a time
        block = unplaced[start: start + 64]
        dist = process.cdist([plain_text(g.name) for g in block], all_names, scorer=Levenshtein.distance,
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
        "ambiguous_by_noise": dict(sorted(ambiguous.items(), key=lambda kv: -kv[1])),
        "decoys": sum(s[1] for s in slices.values()),
        "truth_not_explaining": unexplained,
        "resolvable_share": round(1 - len(ambiguous_keys) / max(in_registry, 1), 4),
        "oracle_recall": round(tp / max(in_registry, 1), 4),
        "oracle_precision": round(tp / max(tp + fp, 1), 4),
        "target_precision": target,
        "ambiguous_keys": ambiguous_keys,
    }

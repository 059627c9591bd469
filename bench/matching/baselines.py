"""The two rapidfuzz baselines the engine is measured against, given the same help the engine gets.

Both compare the engine's normalized name (match.names: script, widths, brackets, spaces, pinyin
notes, organizational form and region chains undone: the exact key's text) of the query against the
same text of every name variant the engine indexes (registered, former and alias names), with
`fuzz.ratio`, and take the best firm when its score reaches a cutoff. The cutoff is chosen on a
calibration set (the best F1 there) and then applied unchanged to the set reported.

- brute force: every query against every variant, `process.cdist(workers=-1)` in blocks.
- blocked: an inverted index of character 2-grams (a 2-gram in more than `max_df` variants is
  dropped), the `top_k` variants sharing the most 2-grams with the query, then `fuzz.ratio` on those.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
from rapidfuzz import fuzz, process

from bench.matching.goldset import GoldQuery
from match.features import registry_variants
from match.names import is_chinese, parse_zh_name

CUTOFFS = (70, 75, 80, 85, 88, 90, 92, 94, 96, 98, 100)


def normalized(name: str) -> str:
    """The engine's normalized text of a Chinese name (its exact key without the separators)."""
    return parse_zh_name(name).key.replace("|", "") if is_chinese(name) else name.lower()


@dataclass
class Choices:
    """Every indexed Chinese name variant as normalized text, with the firm it belongs to."""

    texts: list[str]
    owner: np.ndarray  # variant index → firm index
    company_ids: list[str]

    @classmethod
    def from_registry(cls, table: pa.Table) -> Choices:
        d = table.to_pydict()
        texts: list[str] = []
        owner: list[int] = []
        for i, name in enumerate(d["name"]):
            former = d.get("former_names", [None] * len(d["name"]))[i] or ()
            aliases = d.get("aliases", [None] * len(d["name"]))[i] or ()
            for v in registry_variants(name, former, aliases):
                if v.lang == "zh":
                    texts.append(v.xkey.replace("|", ""))
                    owner.append(i)
        return cls(texts, np.array(owner, dtype=np.int64), [str(c) for c in d["company_id"]])


def brute_force(queries: Sequence[GoldQuery], choices: Choices, block: int = 256) -> list[tuple[str | None, float]]:
    """(best firm, its score) for every query, comparing against every variant on all cores."""
    out: list[tuple[str | None, float]] = []
    texts = [normalized(g.name) for g in queries]
    for start in range(0, len(texts), block):
        scores = process.cdist(texts[start: start + block], choices.texts, scorer=fuzz.ratio, dtype=np.uint8,
                               workers=-1)
        best = scores.argmax(axis=1)
        for row, j in enumerate(best):
            out.append((choices.company_ids[choices.owner[j]], float(scores[row, j])))
    return out


class Blocked:
    """2-gram blocking over the variants, then fuzz.ratio on the best-sharing candidates."""

    def __init__(self, choices: Choices, max_df: int = 2000, top_k: int = 50) -> None:
        self.choices = choices
        self.top_k = top_k
        postings: dict[str, list[int]] = defaultdict(list)
        for j, t in enumerate(choices.texts):
            for g in {t[i: i + 2] for i in range(len(t) - 1)}:
                postings[g].append(j)
        self.postings = {g: np.array(js, dtype=np.int64) for g, js in postings.items() if len(js) <= max_df}

    def match(self, queries: Sequence[GoldQuery]) -> list[tuple[str | None, float]]:
        out: list[tuple[str | None, float]] = []
        texts = self.choices.texts
        for g in queries:
            t = normalized(g.name)
            lists = [self.postings[x] for x in {t[i: i + 2] for i in range(len(t) - 1)} if x in self.postings]
            if not lists:
                out.append((None, 0.0))
                continue
            ids, counts = np.unique(np.concatenate(lists), return_counts=True)
            if len(ids) > self.top_k:
                ids = ids[np.argpartition(-counts, self.top_k)[: self.top_k]]
            hit = process.extractOne(t, [texts[j] for j in ids], scorer=fuzz.ratio)
            if hit is None:
                out.append((None, 0.0))
            else:
                out.append((self.choices.company_ids[self.choices.owner[ids[hit[2]]]], float(hit[1])))
        return out


def prf_at(gold: Sequence[GoldQuery], preds: Sequence[tuple[str | None, float]], cutoff: float) -> dict[str, float]:
    tp = sum(1 for g, (cid, s) in zip(gold, preds, strict=True) if s >= cutoff and cid is not None and cid == g.truth)
    fp = sum(1 for g, (cid, s) in zip(gold, preds, strict=True) if s >= cutoff and cid is not None and cid != g.truth)
    fn = sum(1 for g in gold if g.truth is not None) - tp
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def best_cutoff(gold: Sequence[GoldQuery], preds: Sequence[tuple[str | None, float]]) -> float:
    """The cutoff with the best F1 on this (calibration) set."""
    return max(CUTOFFS, key=lambda c: (prf_at(gold, preds, c)["f1"], c))


def timed(fn: Any, *args: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0

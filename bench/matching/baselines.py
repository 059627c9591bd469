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
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
from rapidfuzz import fuzz, process

from bench.matching.goldset import GoldQuery
from match.engine import Matcher
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

    @classmethod
    def from_index(cls, matcher: Matcher) -> Choices:
        """The same variants, read from an index the engine built (no second parse of a large registry:
        its Chinese variants' exact key is the text above)."""
        con = matcher.con
        t = con.sql("SELECT replace(v.xkey, '|', '') AS text, v.eid FROM reg_variants v "
                        "WHERE v.lang = 'zh' ORDER BY v.vid").to_arrow_table()
        eids = con.sql("SELECT eid, company_id FROM reg_entities ORDER BY eid").to_arrow_table()
        ids = eids.column("eid").to_numpy()
        pos = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
        pos[ids] = np.arange(len(ids))
        return cls(t.column("text").to_pylist(), pos[t.column("eid").to_numpy()],
                   eids.column("company_id").to_pylist())


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
        # (2-gram, variant) pairs in flat int arrays, sorted by 2-gram: a million-firm registry's tens of
        # millions of postings take a few hundred MB this way, not gigabytes of Python lists.
        grams, owners = array("q"), array("q")
        for j, t in enumerate(choices.texts):
            for g in {_gram(t[i: i + 2]) for i in range(len(t) - 1)}:
                grams.append(g)
                owners.append(j)
        g_arr = np.frombuffer(grams, dtype=np.int64)
        order = np.argsort(g_arr, kind="stable")
        self._ids = np.frombuffer(owners, dtype=np.int64)[order]
        keys, starts, counts = np.unique(g_arr[order], return_index=True, return_counts=True)
        self.postings = {int(k): (int(s), int(s + n)) for k, s, n in zip(keys, starts, counts, strict=True)
                         if n <= max_df}

    def match(self, queries: Sequence[GoldQuery]) -> list[tuple[str | None, float]]:
        out: list[tuple[str | None, float]] = []
        texts = self.choices.texts
        for g in queries:
            t = normalized(g.name)
            spans = [self.postings[x] for x in {_gram(t[i: i + 2]) for i in range(len(t) - 1)} if x in self.postings]
            lists = [self._ids[a:b] for a, b in spans]
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


def _gram(two: str) -> int:
    return ord(two[0]) << 21 | ord(two[1])


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

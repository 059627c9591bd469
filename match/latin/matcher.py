"""The engine's path for names written in Latin script: blocking keys in DuckDB, scoring in Python.

A registry firm with a Chinese name is met by the pinyin of its name (syllable pairs, plain and
within its province); a firm with an English name (the registry's `english_name`, or a facility list
registered in English) by its words. Candidates are scored with the cross-script model (English query,
Chinese name: match.latin.crossscript) or the English model (match.latin.english), the best variant
per firm counts, and the band rule is the engine's, with one more condition for cross-script: auto
only where the place agrees (the name's place, the address's, the source's).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from match.bands import AUTO, NONE, REVIEW, decide_band
from match.features import division_codes, parse_address, valid_uscc
from match.latin.config import LatinConfig, load_latin_config
from match.latin.crossscript import (
    EnSide,
    ZhSide,
    cross_features,
    en_side,
    en_term_words,
    initials,
    is_acronym_word,
    name_places,
    strength,
    zh_side,
    zh_term_words,
)
from match.latin.english import english_features, english_side, idf_weight
from match.latin.meanings import compound, meanings
from match.latin.pinyin import readings, segment, segmentations, syllables
from match.latin.sound import chars_onsets, english_onsets
from match.names import is_chinese
from match.regions import gazetteer, region_agreement

if TYPE_CHECKING:
    from match.engine import MatchResult, Query

_SQL = Path(__file__).resolve().parent / "sql"
_LATIN = re.compile(r"[a-z0-9]+")
_MAX_READINGS = 4  # syllable pairs per character pair when both have several readings
_MAX_MEANINGS = 4  # translations per English word that blocking tries


def _sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def _codes_str(codes: Iterable[str]) -> str:
    return ",".join(sorted(codes))


def _provinces(codes: Iterable[str]) -> set[str]:
    return {c[:2] for c in codes if c}


def _cities(codes: Iterable[str]) -> set[str]:
    """Prefecture-level cities (4 digits) of division codes, where the code is finer than a province."""
    return {c[:4] for c in codes if len(c) >= 4 and c[2:4] != "00"}


def zh_keys(name: str, codes: frozenset[str]) -> list[str]:
    """Pinyin syllable pairs of a Chinese name's trade name and words ('y'), and the same per province ('Y')."""
    z = zh_side(name)
    body = "".join(ch for ch, k in zip(z.body, z.kinds, strict=True) if k != "o")
    keys: set[str] = set()
    for a, b in zip(body, body[1:], strict=False):
        pairs = list(product(sorted(readings(a)), sorted(readings(b))))[:_MAX_READINGS]
        keys.update(f"y{x}|{y}" for x, y in pairs)
    if len(body) == 1:
        keys.update(f"y{x}" for x in readings(body))
    keys.update("w" + w for w in _LATIN.findall(z.body.lower()) if len(w) >= 2)  # TCL科技
    # pinyin initials of the name's first 3 to 6 characters (ZYNP = 中原内配): acronyms start the name
    spelt = z.lead + body
    for n in range(3, min(6, len(spelt)) + 1):
        keys.update("a" + "".join(p) for p in list(product(*(sorted(initials(c)) for c in spelt[:n])))[:_MAX_READINGS])
    provs = _provinces(codes | z.codes)
    places = provs | _cities(codes | z.codes)
    # a firm named after its county (章丘鼓风机: Zhangqiu Blower): the county's syllables too
    county = _county_lead(z)
    for a, b in zip(county, county[1:], strict=False):
        keys.update(f"y{x}|{y}" for x, y in list(product(sorted(readings(a)), sorted(readings(b))))[:_MAX_READINGS])
    # industry words per province and city: what finds a name that is translated, not spelt (云南铝业 =
    # Yunnan Aluminium); the trade name's characters (a name translated word by word: Dark Horse 黑马) and
    # how its first two syllables start (a name approximated by ear: Teway 天味 t-w), per place too
    trade = "".join(ch for ch, k in zip(z.body, z.kinds, strict=True) if k == "r")
    local = {f"T{w}" for w in zh_term_words(z)} | {f"M{ch}" for ch in trade}
    if len(trade) >= 2:
        local.update(f"S{o}" for o in chars_onsets(trade[:2]))
        # the trade name's first syllable and how the second starts: a brand spelt loosely (Anne 安妮 an|n,
        # Haid 海大 hai|d, Sanfame 三房 san|f)
        local.update(f"L{x}|{i}" for x in readings(trade[0]) for i in initials(trade[1]))
    return sorted(keys | {f"{k[0]}{p}|{k[1:]}" for k in local for p in places}
                  | {f"Y{p}{k[1:]}" for k in keys if k[0] == "y" for p in provs})


def _syllable_runs(words: Sequence[str]) -> list[list[frozenset[str]]]:
    """Runs of consecutive words that read as pinyin, as syllables (a word that does not breaks a run)."""
    runs: list[list[frozenset[str]]] = [[]]
    for w in words:
        seg = segment(w)
        if seg is None or w.isdigit():
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].extend(seg)
    return [r for r in runs if r]


def en_query_keys(en: EnSide, provinces: Iterable[str], cities: Iterable[str] = ()) -> list[str]:
    """Keys an English query meets Chinese names with: its syllable pairs, plain and per province, and
    its industry words' translations per province."""
    words = en.words
    keys: set[str] = set()
    for run in _syllable_runs(words):
        for a, b in zip(run, run[1:], strict=False):
            keys.update(f"y{x}|{y}" for x, y in list(product(sorted(a), sorted(b)))[:_MAX_READINGS])
        if len(run) == 1:
            keys.update(f"y{x}" for x in run[0])
    for w in words:  # the other ways to cut a word into syllables (qinan: qi|nan and qin|an)
        for seg in segmentations(w)[1:]:
            keys.update(f"y{next(iter(a))}|{next(iter(b))}" for a, b in zip(seg, seg[1:], strict=False))
    keys.update("a" + w for w in words if is_acronym_word(w))
    provs = set(provinces)
    # per place: industry words translated, other words' translations (first characters) and how they start by ear
    local = {f"T{w}" for w in en_term_words(en)}
    for w, p in zip(words, en.places, strict=True):
        if p or w.isdigit() or len(w) < 3:
            continue
        local.update(f"M{zh[0]}" for zh in meanings(w)[:_MAX_MEANINGS])
        parts = compound(w)
        if parts:
            local.update(f"M{zh[0]}" for part in parts for zh in part[:_MAX_MEANINGS])
        if segment(w) is None:
            local.update(f"S{o[:2]}" for o in english_onsets(w) if len(o) >= 2)
        local.update(f"L{x}|{i}" for x, i in loose_syllables(w))
    places = provs | set(cities)
    return sorted(keys | {f"{k[0]}{p}|{k[1:]}" for k in local for p in places}
                  | {f"Y{p}{k[1:]}" for k in keys for p in provs})


def loose_syllables(word: str) -> list[tuple[str, str]]:
    """(first syllable, letter the next starts with) of a word read loosely as pinyin: every syllable
    the word starts with, and the letter after it ("anne" → an|n, "haid" → hai|d, "sanfame" → san|f)."""
    syl = syllables()
    if not word.isalpha() or len(word) < 3:
        return []
    return [(word[:k], word[k]) for k in range(2, min(6, len(word) - 1) + 1) if word[:k] in syl]


def _county_lead(z: ZhSide) -> str:
    """The county (or county-level city, district) a registered name's regions end with: firms are
    named after it (章丘鼓风机 is Zhangqiu Blower), so an English name may spell it as a trade name."""
    if not z.lead:
        return ""
    gaz = gazetteer()
    for n in (3, 2):
        tail = z.lead[-n:]
        codes = gaz.codes([tail]) if tail in gaz.zh else frozenset()
        if codes and all(len(c) == 6 and not c.endswith("00") for c in codes):
            return tail
    return ""


def word_keys(words: Sequence[str]) -> list[str]:
    """Keys of English words: the word, its first and last four letters (a misspelt word keeps one), and
    the first and last five letters of the name written together (a name spaced apart at random,
    "ale x tr i c o t", keeps them)."""
    keys: set[str] = set()
    joined = "".join(words)
    if len(joined) >= 6:
        keys.update(("c" + joined[:5], "e" + joined[-5:]))
    for w in words:
        if len(w) < 2:
            continue
        keys.add("w" + w)
        if len(w) >= 6:
            keys.add("h" + w[:4])
            keys.add("t" + w[-4:])
    return sorted(keys)


class LatinIndex:
    """The registry indexed for Latin-script queries, in the engine's DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, n_entities: int, config: LatinConfig) -> None:
        self.con = con
        self.n_entities = n_entities
        self.config = config

    @classmethod
    def build(cls, con: duckdb.DuckDBPyConnection, companies: pa.Table, config: LatinConfig | None = None,
              batch_rows: int = 50_000) -> LatinIndex:
        """Index a registry table (columns of data/reference/companies.parquet; only `company_id` and
        `name` are required; `english_name`, `aliases`, `address`, `division_code`, `uscc`, `country`
        help). The tables (latin_entities, latin_keys, latin_key_df, latin_index) live in `con`: a file
        connection keeps them for `open` and `update`."""
        config = config or load_latin_config()
        con.execute(f"CREATE OR REPLACE TABLE latin_entities ({_ENTITY_COLUMNS})")
        con.execute("CREATE OR REPLACE TABLE latin_keys (key VARCHAR, eid BIGINT)")
        n = _insert(con, companies, 0, batch_rows)
        index = cls(con, n, config)
        index._reweigh()
        return index

    @classmethod
    def open(cls, con: duckdb.DuckDBPyConnection, config: LatinConfig | None = None) -> LatinIndex | None:
        """The index `build` left in this connection's database, or None when it has none (or an older
        layout): then build it."""
        have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not set(TABLES) <= have:
            return None
        cols = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = "
                                          "'latin_entities' ORDER BY column_index").fetchall()]
        if cols != [c.split()[0] for c in _ENTITY_COLUMNS.split(", ")]:
            return None
        n = con.execute("SELECT count(*) FROM latin_entities").fetchall()[0][0]
        return cls(con, n, config or load_latin_config())

    def update(self, fresh: pa.Table, gone: Sequence[str]) -> None:
        """Re-index only what changed: firms `gone` (company ids removed or edited) leave, the `fresh`
        rows (added or edited) are indexed; the key weights are then recomputed in SQL (seconds, where
        indexing every name again takes minutes at a million firms)."""
        con = self.con
        con.register("latin_gone", pa.table({"company_id": pa.array(list(gone), pa.string())}))
        try:
            con.execute("DELETE FROM latin_keys WHERE eid IN (SELECT eid FROM latin_entities "
                        "WHERE company_id IN (SELECT company_id FROM latin_gone))")
            con.execute("DELETE FROM latin_entities WHERE company_id IN (SELECT company_id FROM latin_gone)")
        finally:
            con.unregister("latin_gone")
        eid0 = con.execute("SELECT coalesce(max(eid), -1) + 1 FROM latin_entities").fetchall()[0][0]
        _insert(con, fresh, eid0)
        self.n_entities = con.execute("SELECT count(*) FROM latin_entities").fetchall()[0][0]
        self._reweigh()

    def _reweigh(self) -> None:
        for stmt in _sql("latin_index").split(";\n"):
            body = "\n".join(ln for ln in stmt.splitlines() if not ln.lstrip().startswith("--")).strip()
            if body:
                self.con.execute(body, {k: v for k, v in {"n_entities": max(self.n_entities, 1),
                                                          "max_df": self.config.blocking.max_key_entities}.items()
                                        if f"${k}" in body})

    # --- matching ---------------------------------------------------------------------------

    def match(self, queries: Sequence[Query]) -> list[MatchResult]:
        """Resolve English / pinyin queries; results in query order."""
        sides, by_q, weight = self._candidates(queries)
        return [self._resolve(q, sides[i], by_q.get(i, []), weight) for i, q in enumerate(queries)]

    def candidate_features(self, queries: Sequence[Query]) -> list[dict[str, tuple[dict[str, float], str]]]:
        """Per query: company_id → (features, model) of every blocked candidate (for calibration)."""
        sides, by_q, weight = self._candidates(queries)
        return [{cid: (f, m) for cid, (_s, f, m, _r) in self.score_candidates(sides[i], by_q.get(i, []), weight).items()}
                for i in range(len(queries))]

    def candidate_scores(self, queries: Sequence[Query]) -> list[dict[str, float]]:
        """Per query: company_id → score of every blocked candidate (pairwise decisions, deduplication)."""
        sides, by_q, weight = self._candidates(queries)
        return [{cid: v[0] for cid, v in self.score_candidates(sides[i], by_q.get(i, []), weight).items()
                 if cid not in q.skip} for i, q in enumerate(queries)]

    def _candidates(self, queries: Sequence[Query]) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]], Any]:
        sides = [self._query_side(q) for q in queries]
        q_keys: dict[str, list[Any]] = defaultdict(list)
        q_uscc: dict[str, list[Any]] = defaultdict(list)
        for qid, s in enumerate(sides):
            ks = en_query_keys(s["cross"], _provinces(s["places"]), _cities(s["places"])) + word_keys(s["english"].words)
            q_keys["qid"].extend([qid] * len(ks))
            q_keys["key"].extend(ks)
            if s["uscc"]:
                q_uscc["qid"].append(qid)
                q_uscc["uscc"].append(s["uscc"])
        self.con.register("q_keys", pa.table({"qid": pa.array(q_keys["qid"], pa.int64()),
                                              "key": pa.array(q_keys["key"], pa.string())}))
        self.con.register("q_uscc", pa.table({"qid": pa.array(q_uscc["qid"], pa.int64()),
                                              "uscc": pa.array(q_uscc["uscc"], pa.string())}))
        try:
            cand = self.con.sql(_sql("latin_candidates"), params={"top_k": self.config.blocking.top_k}).to_arrow_table()
        finally:
            self.con.unregister("q_keys")
            self.con.unregister("q_uscc")
        rows = cand.to_pylist()
        by_q: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            by_q[r["qid"]].append(r)
        df = self._word_df({w for s in sides for w in s["english"].words}
                           | {w for r in rows for w in english_side(r["english"] or r["name"]).words
                              if not is_chinese(r["english"] or r["name"])})
        return sides, by_q, idf_weight(lambda w: df.get(w, 0), self.n_entities)

    def _word_df(self, words: set[str]) -> dict[str, int]:
        if not words:
            return {}
        t = pa.table({"key": pa.array(sorted("w" + w for w in words), pa.string())})
        self.con.register("q_words", t)
        try:
            got = self.con.execute("SELECT key, df FROM latin_key_df JOIN q_words USING (key)").fetchall()
        finally:
            self.con.unregister("q_words")
        return {k[1:]: int(v) for k, v in got}

    @staticmethod
    def _query_side(q: Query) -> dict[str, Any]:
        cross = en_side(q.name)
        addr = parse_address(q.address)
        return {"cross": cross, "english": english_side(q.name, q.address or "", q.country or ""),
                "name_codes": cross.codes, "address_codes": addr.codes,
                "hint_codes": division_codes(*q.division_codes),
                "places": cross.codes | addr.codes | division_codes(*q.division_codes),
                "uscc": valid_uscc(q.uscc)}

    def score_candidates(self, side: dict[str, Any], rows: list[dict[str, Any]], weight: Any,
                         resolving: bool = False) -> dict[str, tuple[float, dict[str, float], str, dict[str, Any]]]:
        """company_id → (score, features, model, row) of its best-scoring name. `resolving`: one firm is
        sought among the registry's (not every pair of a deduplication): see _score."""
        scored: dict[str, list[tuple[dict[str, float], str, dict[str, Any]]]] = defaultdict(list)
        for r in rows:
            codes = frozenset(c for c in (r["codes"] or "").split(",") if c)
            if is_chinese(r["name"]):
                for zh in (r["name"], *(r["aliases"] or "").split("|")):
                    if not zh:
                        continue
                    z = zh_side(zh)
                    where = codes | zh_side(r["name"]).codes
                    f = cross_features(side["cross"], z, where,
                                       region_agreement(side["address_codes"], where, county_conflicts=False),
                                       region_agreement(side["hint_codes"], where, county_conflicts=False))
                    scored[r["company_id"]].append((f, "cross", r))
            for text in (r["english"], None if is_chinese(r["name"]) else r["name"]):
                if text and not is_chinese(text):
                    c = english_side(text, r["address"] or "", r["country"] or "")
                    f = english_features(side["english"], c, weight)
                    if side["places"] and codes:  # an English name of a Chinese firm: its place counts too
                        where = _place({**side, "name_codes": name_places(side["cross"], set(c.words))}, codes)
                        f["country"] = -1.0 if where < 0 else 1.0 if where > 0 else f["country"]
                    scored[r["company_id"]].append((f, "english", r))
        _add_unique(scored)
        best: dict[str, tuple[float, dict[str, float], str, dict[str, Any]]] = {}
        for cid, fs in scored.items():
            for f, model, r in fs:
                if side["uscc"] and r["uscc"] == side["uscc"]:
                    f = {**f, "uscc": 1.0}
                s = self._score(f, model, resolving)
                if resolving and model == "english" and is_chinese(r["name"]) and f["country"] <= 0 \
                        and f["name"] < 0.999 and not f.get("uscc"):
                    # A Chinese firm's English name on file, met only approximately (Yelong / Helong) and
                    # with no place agreeing: as weak as a cross-script reading without a place.
                    s = min(s, self.config.cross.cap_no_place)
                if cid not in best or s > best[cid][0]:
                    best[cid] = (s, f, model, r)
        return best

    def _score(self, f: dict[str, float], model: str, resolving: bool = False) -> float:
        if f.get("uscc", 0.0) > 0:
            return 1.0  # the same unified social credit code decides on its own
        m = self.config.cross if model == "cross" else self.config.english
        z = m.intercept + sum(w * f[k] for k, w in m.weights.items())
        s = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
        if model == "cross":
            if f["place"] < 0:
                s = min(s, self.config.cross.cap_place_conflict)
            elif f["place"] < 0.5:
                s = min(s, self.config.cross.cap_no_place)
        elif f["country"] < 0:
            s = min(s, self.config.english.cap_country_conflict)
        elif f["elsewhere"] > 0:
            s = min(s, self.config.english.cap_elsewhere)
        elif resolving and f["rare_miss"] >= 0.99:
            # The word that sets a name apart is missing on the other side ("Hangzhou Yongke Machinery"
            # against another Hangzhou machinery firm's English name): a registry holds thousands of
            # firms sharing the rest, so this is at best a person's call.
            s = min(s, self.config.english.cap_rare_missing)
        return round(s, 4)

    def _decide(self, decision: dict[str, float], feats: dict[str, float]) -> float:
        m = self.config.cross.decision
        z = m.intercept + sum(w * decision[k] for k, w in m.weights.items())
        s = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
        if feats["place"] < 0:
            s = min(s, self.config.cross.cap_place_conflict)
        elif feats["place"] < 0.5:
            s = min(s, self.config.cross.cap_no_place)
        if feats["trade"] == 0 and feats["pinyin_left"] > 0:
            s = min(s, self.config.cross.cap_other_trade_name)
        return round(s, 4)

    def _resolve(self, q: Query, side: dict[str, Any], rows: list[dict[str, Any]], weight: Any) -> MatchResult:
        from match.engine import MatchResult

        best = self.score_candidates(side, rows, weight, resolving=True)
        best = {cid: v for cid, v in best.items() if cid not in q.exclude and cid not in q.skip}
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        cross = side["cross"]
        query_info = {"name": q.name, "lang": "en", "words": list(cross.words),
                      "name_regions": sorted(side["name_codes"]), "address_regions": sorted(side["address_codes"]),
                      "location_hints": sorted(side["hint_codes"]), "uscc": side["uscc"]}
        if not ranked:
            rule = "no_candidate" if cross.words or side["uscc"] else "empty_name"
            return MatchResult(q.key, None, NONE, 0.0, rule,
                               explanation={"rule": rule, "reason": "no candidate", "query": query_info, "candidates": 0})
        cid, (score, feats, model, r) = ranked[0]
        ru = ranked[1] if len(ranked) > 1 else None
        pair_score, decision = score, None
        if model == "cross" and not feats.get("uscc"):
            # how sure the firm ranked first is the one: its lead over the runner-up counts, not its score alone
            decision = decision_features(score, ru[1][0] if ru else None, feats)
            score = self._decide(decision, feats)
            # the decision already weighs the runner-up (lead): no margin on top; its own auto threshold
            band, reason = decide_band(score, None, self.config.bands.model_copy(
                update={"auto": self.config.cross.decision.auto, "margin": 0.0}))
        else:
            band, reason = decide_band(score, ru[1][0] if ru else None, self.config.bands)
        rejected = sorted({x["company_id"] for x in rows} & q.exclude)
        if band == AUTO and model == "english" and not feats.get("uscc"):
            # An English name on file matches, but another firm's Chinese name reads just as well (金像 and
            # 金象 are both Jinxiang): the registry's English name is no proof against a homophone.
            reads = next((c for c, (_s, f, m, _r) in ranked[1:] if m == "cross" and f["place"] >= 0
                          and strength(f) >= 0.9), None)
            if reads is not None:
                band, reason = REVIEW, f"{reads}'s Chinese name reads the same: a person decides"
        if rejected and band == AUTO:
            band, reason = REVIEW, f"reviewer rejected {', '.join(rejected)}; next candidate {reason}"
        rule = "uscc" if feats.get("uscc", 0) > 0 else f"latin_{model}"
        explanation = {
            "rule": rule, "band": band, "reason": reason, "score": score, "pair_score": pair_score,
            "decision_features": decision, "query": query_info,
            "matched": {"company_id": cid, "name": r["name"], "english": r["english"]},
            "model": model, "features": feats,
            "runner_up": None if ru is None else {"company_id": ru[0], "name": ru[1][3]["name"], "score": ru[1][0],
                                                  "features": ru[1][1]},
            "candidates": len(ranked), "rejected_by_reviewer": rejected,
            "thresholds": {"auto": self.config.bands.auto, "margin": self.config.bands.margin,
                           "review": self.config.bands.review},
        }
        return MatchResult(q.key, cid if band != NONE else None, band, score, rule,
                           ru[0] if ru else None, ru[1][0] if ru else None, explanation)


TABLES = ("latin_entities", "latin_keys", "latin_key_df", "latin_index")  # what build leaves in the database
_ENTITY_COLUMNS = ("eid BIGINT, company_id VARCHAR, name VARCHAR, english VARCHAR, aliases VARCHAR, uscc VARCHAR, "
                   "codes VARCHAR, address VARCHAR, country VARCHAR")
_HERE = Path(__file__).resolve().parent


def fingerprint() -> str:
    """What shapes the Latin-script index: this package's code, its SQL and config/latin.yaml. A
    persisted index built under another fingerprint is stale (build it again)."""
    h = hashlib.sha256()
    for f in sorted([*_HERE.glob("*.py"), *_HERE.glob("sql/*.sql")]):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    h.update(json.dumps(load_latin_config().model_dump(), sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16]


def _aliases(value: Any) -> list[str]:
    """A registry's aliases cell: a list, or "a|b" / "a;b" text (CSV registries)."""
    if value is None:
        return []
    parts = value.replace(";", "|").split("|") if isinstance(value, str) else [str(v) for v in value if v]
    return [p.strip() for p in parts if p and p.strip()]


def _insert(con: duckdb.DuckDBPyConnection, companies: pa.Table, eid: int, batch_rows: int = 50_000) -> int:
    """Index the rows of a registry table from entity id `eid` on; returns the next free id."""
    cols = set(companies.column_names)
    for batch in companies.to_batches(max_chunksize=batch_rows):
        d = batch.to_pydict()
        ents: dict[str, list[Any]] = defaultdict(list)
        keys: dict[str, list[Any]] = defaultdict(list)
        for i in range(batch.num_rows):
            name = str(d["name"][i] or "")
            english = (d["english_name"][i] or "") if "english_name" in cols else ""
            address = (d["address"][i] or "") if "address" in cols else ""
            # Chinese short names (万科, 汇顶科技): another Chinese name the English may render
            aliases = [a for a in _aliases(d["aliases"][i] if "aliases" in cols else None) if is_chinese(a)]
            codes = (division_codes(d["division_code"][i]) if "division_code" in cols else frozenset()) \
                or parse_address(address).codes
            row_keys: set[str] = set()
            if is_chinese(name):
                row_keys.update(zh_keys(name, codes))
                for a in aliases:
                    row_keys.update(zh_keys(a, codes))
            else:
                row_keys.update(word_keys(english_side(name).words))
            if english and not is_chinese(english):
                row_keys.update(word_keys(english_side(english).words))
            ents["eid"].append(eid)
            ents["company_id"].append(str(d["company_id"][i]))
            ents["name"].append(name)
            ents["english"].append(english or None)
            ents["aliases"].append("|".join(aliases) or None)
            ents["uscc"].append(valid_uscc(d["uscc"][i]) if "uscc" in cols else None)
            ents["codes"].append(_codes_str(codes))
            ents["address"].append(address or None)
            ents["country"].append((d["country"][i] or "") if "country" in cols else "")
            keys["key"].extend(row_keys)
            keys["eid"].extend([eid] * len(row_keys))
            eid += 1
        for table, data in (("latin_entities", ents), ("latin_keys", keys)):
            if data:
                con.register("latin_batch", pa.table(dict(data)))
                con.execute(f"INSERT INTO {table} SELECT * FROM latin_batch")
                con.unregister("latin_batch")
    return eid


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def decision_features(top: float, runner_up: float | None, feats: dict[str, float]) -> dict[str, float]:
    """What the decision on a cross-script query's first-ranked firm reads (config cross.decision)."""
    z1 = _logit(top)
    return {"top": round(z1, 4), "lead": round(min(z1 - _logit(runner_up or 0.0), 12.0), 4), "place": feats["place"],
            "trade": feats["trade"], "en_left": feats["en_left"], "approx": feats["approx"],
            "brand_miss": feats["brand_miss"]}


def _place(side: dict[str, Any], candidate: frozenset[str]) -> float:
    """The engine's reading of places: the name's regions are the registration's (another county is a
    conflict); an address or a source location in another county of the same city is not."""
    name = region_agreement(side["name_codes"], candidate)
    addr = region_agreement(side["address_codes"], candidate, county_conflicts=False)
    hint = region_agreement(side["hint_codes"], candidate, county_conflicts=False)
    if name < 0 or addr < 0:
        return -1.0
    r = max(name, addr)
    return hint if r == 0 and not side["name_codes"] and not side["address_codes"] else r


def _add_unique(scored: dict[str, list[tuple[dict[str, float], str, dict[str, Any]]]]) -> None:
    """unique = 1 when no other firm's name explains the query about as well (and its place does not
    rule it out): the term-frequency idea, across candidates."""
    def closeness(f: dict[str, float], model: str) -> float:
        return strength(f) if model == "cross" else f["name"]

    per: dict[str, float] = {}
    for cid, fs in scored.items():
        ok = [closeness(f, m) for f, m, _ in fs if f.get("place", 0) >= 0 and f.get("country", 0) >= 0]
        per[cid] = max(ok, default=-1.0)
    for cid, fs in scored.items():
        for f, m, _ in fs:
            mine = closeness(f, m)
            f["unique"] = 0.0 if any(o != cid and v >= mine - 0.1 for o, v in per.items()) else 1.0

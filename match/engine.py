"""The matching engine: registry index in DuckDB, candidate blocking in SQL, scoring in Python.

Cascade for each query: USCC exact (candidates by code) → normalized-name exact (the 'x' key) →
blocked fuzzy candidates (2-grams / trade names / pinyin 4-grams, frequency-capped) → rapidfuzz
features and a calibrated score → band (auto only when high AND clearly ahead of the runner-up).
Every result carries its explanation: rule, per-feature scores, runner-up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from greenchain.progress import track
from match.bands import AUTO, NONE, REVIEW, decide_band
from match.config import MatchingConfig, load_matching_config
from match.features import (
    Variant,
    division_codes,
    parse_address,
    query_variant,
    registry_variants,
    valid_uscc,
)
from match.latin.matcher import LatinIndex
from match.names import is_chinese, written_parts
from match.regions import cities, region_agreement
from match.scoring import CandidateSide, QuerySide, add_uniqueness, calibrated_score, pair_features
from match.sqlfiles import run_script, sql

REGISTRY_BATCH = 50_000


@dataclass(frozen=True)
class Query:
    """One name to resolve, with whatever else the source gives: address, USCC, location hints."""

    key: str  # the caller's id (record_id, supplier_row_id, row number)
    name: str
    address: str | None = None
    uscc: str | None = None
    division_codes: tuple[str, ...] = ()  # where the source places the party (6-digit GB/T 2260)
    exclude: frozenset[str] = frozenset()  # company ids a reviewer rejected for this query
    skip: frozenset[str] = frozenset()  # company ids that are not candidates (deduplication: the query itself)
    country: str | None = None  # as a supplier list gives it (Latin-script queries compare it)


@dataclass
class MatchResult:
    key: str
    company_id: str | None
    band: str
    score: float
    rule: str
    runner_up_company_id: str | None = None
    runner_up_score: float | None = None
    explanation: dict[str, Any] = field(default_factory=dict)


def _codes_str(codes: frozenset[str]) -> str:
    return ",".join(sorted(codes))


def _variant_row(v: Variant) -> dict[str, Any]:
    return {"lang": v.lang, "kind": v.kind, "name": v.name, "core": v.core, "trade": v.trade,
            "industry": v.industry, "xkey": v.xkey, "branch": v.branch, "codes": _codes_str(v.codes),
            "regions": v.regions, **_written(v.name if v.lang == "zh" else "")}


def _written(name: str) -> dict[str, str]:
    body, form = written_parts(name) if name else ("", "")
    return {"written": body, "wform": form}


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # CSV registries: "name1|name2"
        return [p.strip() for p in value.replace(";", "|").split("|") if p.strip()]
    return [str(p) for p in value if p]


class Matcher:
    """A company registry indexed for matching. Build once, match many batches of queries."""

    def __init__(self, con: duckdb.DuckDBPyConnection, n_entities: int, config: MatchingConfig,
                 registry: pa.Table | None = None) -> None:
        self.con = con
        self.n_entities = n_entities
        self.config = config
        # Latin-script queries (English supplier lists) go through match.latin; its index is built on the
        # first such query, in the same connection, from the registry table kept here.
        self._registry = registry
        self._latin: LatinIndex | None = None
        self._codes_cache: dict[str, frozenset[str]] = {"": frozenset()}
        # how crowded a trade name's neighbourhood may be for a typo reading, for this registry's size
        self.typo_max_similar = max(1, round(config.score.typo_max_similar_per_million * n_entities / 1e6))

    # --- building ---------------------------------------------------------------------------

    @classmethod
    def build(cls, companies: pa.Table, config: MatchingConfig | None = None, progress: bool = False,
              threads: int = 2) -> Matcher:
        """Index a registry table (contract columns of data/reference/companies.parquet)."""
        config = config or load_matching_config()
        con = duckdb.connect(":memory:", config={"threads": threads})
        con.execute("SET enable_progress_bar = false")  # our own progress goes through greenchain.progress
        con.execute(sql("keys_macro"))
        con.execute("CREATE TABLE reg_entities (eid BIGINT, company_id VARCHAR, name VARCHAR, uscc VARCHAR, "
                    "address_rest VARCHAR, codes VARCHAR, parent_company_id VARCHAR, cities VARCHAR[], places VARCHAR[])")
        con.execute("CREATE TABLE reg_variants (vid BIGINT, eid BIGINT, lang VARCHAR, kind VARCHAR, name VARCHAR, "
                    "core VARCHAR, trade VARCHAR, industry VARCHAR, xkey VARCHAR, branch VARCHAR, codes VARCHAR, "
                    "regions VARCHAR, written VARCHAR, wform VARCHAR)")
        cols = set(companies.column_names)
        batches = companies.to_batches(max_chunksize=REGISTRY_BATCH)
        it: Iterable[pa.RecordBatch] = track(batches, "indexing registry") if progress else batches
        eid = vid = 0
        for batch in it:
            d = batch.to_pydict()
            n = batch.num_rows
            ents: dict[str, list[Any]] = defaultdict(list)
            vars_: dict[str, list[Any]] = defaultdict(list)
            for i in range(n):
                name = d["name"][i]
                variants = registry_variants(
                    name,
                    _as_list(d["former_names"][i]) if "former_names" in cols else (),
                    _as_list(d["aliases"][i]) if "aliases" in cols else (),
                    (d["english_name"][i] or None) if "english_name" in cols else None,
                )
                addr = parse_address(d["address"][i] if "address" in cols else None)
                codes = division_codes(d["division_code"][i] if "division_code" in cols else None) or addr.codes
                ents["eid"].append(eid)
                ents["company_id"].append(str(d["company_id"][i]))
                ents["name"].append(name)
                ents["uscc"].append(valid_uscc(d["uscc"][i]) if "uscc" in cols else None)
                ents["address_rest"].append(addr.rest)
                ents["codes"].append(_codes_str(codes))
                ents["parent_company_id"].append(d["parent_company_id"][i] if "parent_company_id" in cols else None)
                ents["cities"].append(cities(codes or variants[0].codes))
                ents["places"].append(sorted(codes))
                for v in variants:
                    row = _variant_row(v)
                    vars_["vid"].append(vid)
                    vars_["eid"].append(eid)
                    for k, val in row.items():
                        vars_[k].append(val)
                    vid += 1
                eid += 1
            ent_tbl = pa.table(dict(ents))
            var_tbl = pa.table(dict(vars_))
            con.register("ent_batch", ent_tbl)
            con.register("var_batch", var_tbl)
            con.execute("INSERT INTO reg_entities SELECT * FROM ent_batch")
            con.execute("INSERT INTO reg_variants SELECT * FROM var_batch")
            con.unregister("ent_batch")
            con.unregister("var_batch")
        run_script(con, "registry_index", {"n_entities": max(eid, 1), "max_df": config.blocking.max_key_entities})
        return cls(con, eid, config, registry=companies)

    def close(self) -> None:
        self.con.close()

    # --- matching ---------------------------------------------------------------------------

    def _codes(self, s: str | None) -> frozenset[str]:
        if not s:
            return frozenset()
        c = self._codes_cache.get(s)
        if c is None:
            c = self._codes_cache[s] = frozenset(s.split(","))
        return c

    def _query_side(self, q: Query) -> tuple[Variant, QuerySide]:
        v = query_variant(q.name)
        addr = parse_address(q.address)
        return v, QuerySide(v.lang, v.core, v.trade, v.industry, v.xkey, v.branch, valid_uscc(q.uscc),
                            addr.rest if v.lang == "zh" else "", v.codes, addr.codes,
                            division_codes(*q.division_codes))

    def latin_index(self) -> LatinIndex:
        """The registry indexed for Latin-script names (built once, on first use)."""
        if self._latin is None:
            if self._registry is None:
                raise ValueError("this matcher was built without its registry table: no Latin-script index")
            self._latin = LatinIndex.build(self.con, self._registry)
        return self._latin

    def match(self, queries: Sequence[Query], progress: bool = False) -> list[MatchResult]:
        """Resolve every query; results come back in query order. Names written in Latin script (English
        or pinyin, no Chinese character) go through match.latin, the rest through the Chinese cascade."""
        out: dict[int, MatchResult] = {}
        latin = [i for i, q in enumerate(queries) if is_latin_query(q)]
        chinese = [i for i, q in enumerate(queries) if not is_latin_query(q)] if latin else range(len(queries))
        chunk = self.config.blocking.chunk_queries
        for ids, label in ((chinese, "names"), (latin, "Latin-script names")):
            starts = range(0, len(ids), chunk)
            it: Iterable[int] = track(starts, f"matching {len(ids)} {label}", total=len(starts)) \
                if progress and ids else starts
            for start in it:
                part = [ids[k] for k in range(start, min(start + chunk, len(ids)))]
                batch = [queries[i] for i in part]
                if label == "names":
                    out.update(zip(part, self._match_chunk(batch), strict=True))
                else:
                    out.update(zip(part, map(_two_readings, self._match_chunk(batch), self.latin_index().match(batch)),
                                   strict=True))
        return [out[i] for i in range(len(queries))]

    def _match_chunk(self, queries: Sequence[Query]) -> Iterator[MatchResult]:
        for q, v, side, rows in self._candidate_rows(queries):
            yield self._resolve(q, v, side, rows)

    def _candidate_rows(self, queries: Sequence[Query]
                        ) -> Iterator[tuple[Query, Variant, QuerySide, list[dict[str, Any]]]]:
        """Blocking in DuckDB: each query with the candidate rows (entity + variant columns) found for it."""
        sides: list[tuple[Variant, QuerySide]] = [self._query_side(q) for q in queries]
        qv: dict[str, list[Any]] = defaultdict(list)
        for qid, (v, side) in enumerate(sides):
            if not v.core and not side.uscc:
                continue
            qv["qid"].append(qid)
            qv["lang"].append(v.lang)
            qv["core"].append(v.core)
            qv["trade"].append(v.trade)
            qv["industry"].append(v.industry)
            qv["cities"].append(cities(side.places))
            qv["xkey"].append(v.xkey)
            qv["uscc"].append(side.uscc)
            qv["address_rest"].append(side.address_rest)
            for k, val in _written(queries[qid].name if v.lang == "zh" else "").items():
                qv[k].append(val)
            qv["places"].append(sorted(side.places))
        schema = pa.schema([("qid", pa.int64()), ("lang", pa.string()), ("core", pa.string()),
                            ("trade", pa.string()), ("industry", pa.string()), ("cities", pa.list_(pa.string())),
                            ("xkey", pa.string()), ("uscc", pa.string()), ("address_rest", pa.string()),
                            ("written", pa.string()), ("wform", pa.string()), ("places", pa.list_(pa.string()))])
        self.con.register("q_variants", pa.table(dict(qv), schema=schema) if qv else schema.empty_table())
        try:
            rows = self.con.sql(sql("candidates"), params={"top_k": self.config.blocking.top_k,
                                                            "n_entities": max(self.n_entities, 1)}).to_arrow_table()
        finally:
            self.con.unregister("q_variants")
        cand = rows.to_pydict()
        by_q: dict[int, list[int]] = defaultdict(list)
        for i, qid in enumerate(cand["qid"]):
            by_q[qid].append(i)
        for qid, q in enumerate(queries):
            yield q, sides[qid][0], sides[qid][1], [_row(cand, i) for i in by_q.get(qid, [])]

    def _score_entities(self, side: QuerySide, rows: list[dict[str, Any]], exclude: frozenset[str] = frozenset()
                        ) -> dict[str, tuple[float, dict[str, float], dict[str, Any]]]:
        """company_id → (score, features, row) of its best-scoring variant; `exclude`d companies are left out
        before uniqueness is judged (a rejected candidate is not a namesake)."""
        model = self.config.score
        feats_of: dict[str, list[tuple[dict[str, float], dict[str, Any]]]] = defaultdict(list)
        named = self._named_outright(side, rows, exclude)
        for r in rows:
            if r["company_id"] in exclude:
                continue
            c = CandidateSide(r["kind"], r["core"], r["trade"], r["industry"], r["xkey"], r["branch"], r["uscc"],
                              r["address_rest"], self._codes(r["entity_codes"]), self._codes(r["name_codes"]),
                              r["near"], r["n_near"], r["n_similar"], r["variant_regions"],
                              r["whole"] and not named, r["n_whole"])
            feats_of[r["company_id"]].append((pair_features(side, c, self.typo_max_similar), r))
        # Uniqueness looks across entities, so it is added once every candidate's name is compared.
        add_uniqueness({cid: max((f for f, _ in fs), key=lambda f: f["name"]) for cid, fs in feats_of.items()})
        best: dict[str, tuple[float, dict[str, float], dict[str, Any]]] = {}
        placed = bool(side.places)
        for cid, fs in feats_of.items():
            unique = next(f["unique"] for f, _ in fs if "unique" in f)
            for f, r in fs:
                f["unique"] = unique
                s = calibrated_score(f, model, placed)
                if cid not in best or s > best[cid][0]:
                    best[cid] = (s, f, r)
        return best

    def _named_outright(self, side: QuerySide, rows: list[dict[str, Any]], exclude: frozenset[str]) -> bool:
        """Some candidate bears the query's very trade name and industry, and its place does not conflict:
        then the query names that firm (in another form, without its region), and a firm one slip of
        the pen away is no explanation (a typo only explains what nothing else does)."""
        return side.lang == "zh" and any(
            r["core"] == side.core and r["company_id"] not in exclude
            and region_agreement(side.places, self._codes(r["entity_codes"]), county_conflicts=False) >= 0
            for r in rows)

    def candidate_features(self, queries: Sequence[Query]) -> list[dict[str, dict[str, float]]]:
        """Per query: company_id → features of every blocked candidate (for calibration)."""
        out = []
        for start in range(0, len(queries), self.config.blocking.chunk_queries):
            for _q, _v, side, rows in self._candidate_rows(queries[start: start + self.config.blocking.chunk_queries]):
                out.append({cid: f for cid, (_s, f, _r) in self._score_entities(side, rows).items()})
        return out

    def _resolve(self, q: Query, v: Variant, side: QuerySide, rows: list[dict[str, Any]]) -> MatchResult:
        rejected = sorted({r["company_id"] for r in rows} & q.exclude)
        best_by_entity = self._score_entities(side, rows, q.exclude | q.skip)
        ranked = sorted(best_by_entity.items(), key=lambda kv: (-kv[1][0], kv[0]))
        query_info = {"name": q.name, "lang": v.lang, "core": v.core, "trade": v.trade, "industry": v.industry,
                      "branch": v.branch, "name_regions": sorted(side.name_codes),
                      "address_regions": sorted(side.address_codes), "location_hints": sorted(side.hint_codes),
                      "uscc": side.uscc,
                      # firms within one edit of the trade name (same industry): in the query's cities, anywhere
                      "near_in_city": rows[0]["n_near"] if rows else 0, "near_anywhere": rows[0]["n_similar"] if rows else 0,
                      # firms of the query's county (finest place) whose whole name is one edit from the query's
                      "one_edit_in_place": rows[0]["n_whole"] if rows else 0}
        if not ranked:
            band, reason = decide_band(None, None, self.config.bands)
            rule = "no_candidate" if v.core or side.uscc else "empty_name"
            return MatchResult(q.key, None, NONE, 0.0, rule,
                               explanation={"rule": rule, "reason": reason, "query": query_info, "candidates": 0})
        cid, (score, feats, r) = ranked[0]
        ru = ranked[1] if len(ranked) > 1 else None
        band, reason = decide_band(score, ru[1][0] if ru else None, self.config.bands)
        if band == NONE and feats["name"] >= 0.95 and feats["region"] >= 0 and feats["branch"] >= 0:
            # The same name with too little else to go on (namesakes elsewhere, a conflicting code):
            # too weak to accept, too close to drop. A person decides.
            band, reason = REVIEW, f"same name but weak evidence (score {score:.3f}): a person decides"
        if rejected and band == AUTO:
            # The reviewer turned the favourite down; whoever is next deserves a human look too.
            band, reason = REVIEW, f"reviewer rejected {', '.join(rejected)}; next candidate {reason}"
        rule = "uscc" if feats["uscc"] > 0 else "name_exact" if feats["exact"] > 0 else "fuzzy"
        explanation: dict[str, Any] = {
            "rule": rule,
            "band": band,
            "reason": reason,
            "score": score,
            "query": query_info,
            "matched": {"company_id": cid, "name": r["entity_name"], "variant": r["variant_name"], "kind": r["kind"],
                        "parent_company_id": r["parent_company_id"]},
            "features": feats,
            "runner_up": None if ru is None else {
                "company_id": ru[0], "name": ru[1][2]["entity_name"], "score": ru[1][0], "features": ru[1][1]},
            "candidates": len(ranked),
            "rejected_by_reviewer": rejected,
            "thresholds": {"auto": self.config.bands.auto, "margin": self.config.bands.margin,
                           "review": self.config.bands.review},
        }
        if v.branch and band == NONE:
            # A branch the registry does not know: link it to its head office for a person to confirm
            # (a penalty on a branch concerns the parent's supply relationships), never automatically.
            parent = next((e for e in ranked if e[1][2]["branch"] is None and e[1][1]["name"] >= 0.95
                           and e[1][1]["region"] >= 0), None)
            if parent is not None:
                cid, (score, feats, r) = parent
                band, rule = REVIEW, "branch_of_parent"
                reason = f"branch not in the registry; its head office is {cid}"
                explanation.update(rule=rule, band=band, reason=reason, score=score, features=feats,
                                   matched={"company_id": cid, "name": r["entity_name"], "variant": r["variant_name"],
                                            "kind": r["kind"], "parent_company_id": r["parent_company_id"]})
        if v.branch and r["branch"] is None:
            explanation["branch_of"] = cid
        return MatchResult(q.key, cid if band != NONE else None, band, score, rule,
                           ru[0] if ru else None, ru[1][0] if ru else None, explanation)


def _row(cand: dict[str, list[Any]], i: int) -> dict[str, Any]:
    return {k: v[i] for k, v in cand.items()}


def _two_readings(words: MatchResult, latin: MatchResult) -> MatchResult:
    """A Latin-script name read two ways: by the cascade's English and pinyin variants (`words`) and by
    match.latin's cross-script and English models (`latin`). match.latin decides, except that the
    cascade's automatic match stands where match.latin ranks the same firm first, and a cross-script one
    (a pinyin variant, not the firm's own English name) only with the place agreeing; where the two
    readings name different firms, a person decides."""
    if words.band != AUTO:
        return latin
    same_firm = latin.explanation.get("matched", {}).get("company_id") == words.company_id
    own_english = words.explanation.get("matched", {}).get("kind") == "english"
    placed = words.explanation.get("features", {}).get("region", 0.0) > 0 or words.rule == "uscc"
    if same_firm and (own_english or placed):
        if latin.band == AUTO:
            return latin
        return MatchResult(words.key, words.company_id, AUTO, words.score, words.rule, latin.runner_up_company_id,
                           latin.runner_up_score, {**words.explanation, "latin": latin.explanation})
    if latin.band == AUTO and not same_firm:
        reason = f"the two readings name different firms ({words.company_id}, {latin.company_id}): a person decides"
        return MatchResult(latin.key, latin.company_id, REVIEW, latin.score, latin.rule, words.company_id,
                           words.score, {**latin.explanation, "band": REVIEW, "reason": reason})
    return latin


def is_latin_query(q: Query) -> bool:
    """A name with letters and no Chinese character: an English or pinyin name (a USCC alone is Chinese)."""
    return bool(q.name) and not is_chinese(q.name) and any(c.isalpha() for c in q.name)


def is_auto(result: MatchResult) -> bool:
    return result.band == AUTO

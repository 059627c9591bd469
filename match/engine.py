"""The matching engine: registry index in DuckDB, candidate blocking in SQL, scoring in Python.

Cascade for each query: USCC exact (candidates by code) → normalized-name exact (the 'x' key) →
blocked fuzzy candidates (2-grams / trade names / pinyin 4-grams, frequency-capped) → rapidfuzz
features and a calibrated score → band (auto only when high AND clearly ahead of the runner-up).
Every result carries its explanation: rule, per-feature scores, runner-up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from rapidfuzz.distance import Indel, Levenshtein

from greenchain.progress import track
from match.bands import AUTO, NONE, REVIEW, decide_band
from match.config import MatchingConfig, load_matching_config
from match.features import Variant, division_codes, parse_address, query_variant, valid_uscc
from match.indexing import build_tables, update_tables, written_columns
from match.latin.config import load_latin_config
from match.latin.matcher import LatinIndex
from match.names import is_chinese
from match.regions import cities, region_agreement
from match.scoring import CandidateSide, QuerySide, add_uniqueness, calibrated_score, pair_features
from match.sqlfiles import run_script, sql


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
    relation: str = "same"  # same | branch_of (the query names a unit of this company that is not registered)


class Matcher:
    """A company registry indexed for matching. Build once, match many batches of queries."""

    def __init__(self, con: duckdb.DuckDBPyConnection, n_entities: int, config: MatchingConfig,
                 registry: pa.Table | Callable[[], pa.Table] | None = None) -> None:
        self.con = con
        self.n_entities = n_entities
        self.config = config
        # Latin-script queries (English supplier lists) go through match.latin; its index is built on the
        # first such query, in the same connection, from the registry table kept here.
        self._registry = registry
        self._latin: LatinIndex | None = None
        self._codes_cache: dict[str, frozenset[str]] = {"": frozenset()}
        self.registry_version = ""  # the registry file's version, when the index is a persisted one
        # how crowded a trade name's neighbourhood may be for a typo reading, for this registry's size
        self.typo_max_similar = max(1, round(config.score.typo_max_similar_per_million * n_entities / 1e6))

    # --- building ---------------------------------------------------------------------------

    @staticmethod
    def _connect(path: Path | None, threads: int, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
        # A memory limit bounds DuckDB's buffer pool: with a file behind it, the index pages out instead
        # of growing the process (a 1M-firm index is several GB).
        config: dict[str, Any] = {"threads": threads, **({"memory_limit": memory_limit} if memory_limit else {})}
        con = duckdb.connect(str(path) if path else ":memory:", config=config)
        con.execute("SET enable_progress_bar = false")  # our own progress goes through greenchain.progress
        run_script(con, "keys_macro")
        return con

    @classmethod
    def build(cls, companies: pa.Table, config: MatchingConfig | None = None, progress: bool = False,
              threads: int = 2, path: Path | None = None, memory_limit: str | None = None) -> Matcher:
        """Index a registry table (contract columns of data/reference/companies.parquet), in memory or,
        with `path`, in a DuckDB file that `open` reads again and `update` keeps current. `memory_limit`
        (DuckDB's, e.g. "3GB") bounds the index's memory; it is worth setting only with `path`."""
        config = config or load_matching_config()
        con = cls._connect(path, threads, memory_limit)
        n = build_tables(con, companies, config, progress)
        if path is not None:
            con.execute("CHECKPOINT")
        return cls(con, n, config, registry=companies)

    @classmethod
    def open(cls, path: Path, config: MatchingConfig | None = None, threads: int = 2,
             registry: Callable[[], pa.Table] | None = None, memory_limit: str | None = None) -> Matcher:
        """A matcher on an index `build` wrote to `path` earlier. `registry` reads the registry table,
        should the Latin-script index have to be built (match.latin; kept in the same file once built)."""
        con = cls._connect(path, threads, memory_limit)
        n = con.execute("SELECT count(*) FROM reg_entities").fetchall()[0][0]
        return cls(con, n, config or load_matching_config(), registry=registry)

    def update(self, companies: pa.Table, progress: bool = False) -> dict[str, int]:
        """Bring the index in line with a new version of the registry, re-indexing only the rows that
        changed (added, removed, or edited: compared by each row's fingerprint)."""
        con = self.con
        changes, fresh, gone = update_tables(con, companies, self.config, progress)
        self.n_entities = changes["companies"]
        # match.latin's index, when this file holds one, takes the same rows (else it is built on first use)
        self._registry = companies
        self._latin = LatinIndex.open(con, load_latin_config())
        if self._latin is not None:
            self._latin.update(companies.take(fresh), gone)
        con.execute("CHECKPOINT")
        self.typo_max_similar = max(1, round(self.config.score.typo_max_similar_per_million * self.n_entities / 1e6))
        return changes

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
                            division_codes(*q.division_codes), v.family)

    def latin_index(self) -> LatinIndex:
        """The registry indexed for Latin-script names (built once, on first use; a persisted index
        keeps it in its file)."""
        if self._latin is None:
            # match.latin's own check: its tables are there, in the layout this code reads
            self._latin = LatinIndex.open(self.con, load_latin_config())
            if self._latin is not None:
                return self._latin
            if self._registry is None:
                raise ValueError("this matcher was built without its registry table: no Latin-script index")
            registry = self._registry() if callable(self._registry) else self._registry
            self._latin = LatinIndex.build(self.con, registry)
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

    def _match_chunk(self, queries: Sequence[Query]) -> list[MatchResult]:
        """Decisive evidence first (the only firm with the query's exact name or USCC, settled from those
        candidates alone, in one cheap join), then blocking and scoring for the rest, then the units
        (branches, plants) the registry does not hold, through the names of what they belong to."""
        sides = [self._query_side(q) for q in queries]
        out: list[MatchResult | None] = [None] * len(queries)
        fast = [i for i, q in enumerate(queries) if not q.exclude and not q.skip]
        for i, (q, v, side, rows) in zip(fast, self._candidate_rows([queries[i] for i in fast],
                                                                   [sides[i] for i in fast], "exact"), strict=True):
            if rows:
                out[i] = self._decide_outright(q, v, side, rows)
        rest = [i for i, r in enumerate(out) if r is None]
        for i, (q, v, side, rows) in zip(rest, self._candidate_rows([queries[i] for i in rest],
                                                                   [sides[i] for i in rest]), strict=True):
            out[i] = self._resolve(q, v, side, rows)
        done = [r for r in out if r is not None]
        units = {i: sides[i][0] for i, r in enumerate(done) if sides[i][0].parents and r.band != AUTO}
        if units:
            self._resolve_units(queries, units, done)
        return done

    def _resolve_units(self, queries: Sequence[Query], units: dict[int, Variant], out: list[MatchResult]) -> None:
        """A unit (branch, plant, project office) the registry does not know resolves to what it belongs
        to, read from the name it carries (…有限公司吴江分公司 → …有限公司): its parent unit if that is
        registered, else the parent's own parent, with the relation `branch_of`. Where the unit sits is
        not where its parent is registered (nor is a unit's USCC its parent's), so only the parent's
        name speaks for the parent."""
        asks = [Query(f"{queries[i].key}#parent", v.parents[0], None, None, (), queries[i].exclude, queries[i].skip)
                for i, v in units.items()]
        for (i, v), pr in zip(units.items(), self._match_chunk(asks), strict=True):
            first = out[i]
            if pr.band == NONE or (pr.band == REVIEW and first.band == REVIEW):
                continue
            expl = {**pr.explanation, "rule": "branch_of", "relation": "branch_of",
                    "reason": f"{queries[i].name} is a unit of {pr.explanation['matched']['name']}, which is "
                              f"not registered itself; its parent: {pr.explanation['reason']}",
                    "unit": {"name": queries[i].name, "label": v.branch, "parent_name": v.parents[0],
                             "parent_relation": pr.relation},
                    "unit_match": {"band": first.band, "company_id": first.company_id, "score": first.score}}
            expl["query"] = {**pr.explanation.get("query", {}), "name": queries[i].name}
            out[i] = MatchResult(first.key, pr.company_id, pr.band, pr.score, "branch_of", pr.runner_up_company_id,
                                 pr.runner_up_score, expl, "branch_of")

    def _candidate_rows(self, queries: Sequence[Query], sides: Sequence[tuple[Variant, QuerySide]] | None = None,
                        how: str = "candidates") -> Iterator[tuple[Query, Variant, QuerySide, list[dict[str, Any]]]]:
        """Blocking in DuckDB (match/sql/<how>.sql): each query with the candidate rows (entity + variant
        columns) found for it."""
        if sides is None:
            sides = [self._query_side(q) for q in queries]
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
            for k, val in written_columns(queries[qid].name if v.lang == "zh" else "").items():
                qv[k].append(val)
            qv["places"].append(sorted(side.places))
        schema = pa.schema([("qid", pa.int64()), ("lang", pa.string()), ("core", pa.string()),
                            ("trade", pa.string()), ("industry", pa.string()), ("cities", pa.list_(pa.string())),
                            ("xkey", pa.string()), ("uscc", pa.string()), ("address_rest", pa.string()),
                            ("written", pa.string()), ("wform", pa.string()), ("places", pa.list_(pa.string()))])
        self.con.register("q_variants", pa.table(dict(qv), schema=schema) if qv else schema.empty_table())
        try:
            params = {"top_k": self.config.blocking.top_k, "n_entities": max(self.n_entities, 1)} \
                if how == "candidates" else {}
            rows = self.con.sql(sql(how), params=params).to_arrow_table()
        finally:
            self.con.unregister("q_variants")
        by_q: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in rows.to_pylist():  # rows come ordered by query
            by_q[row["qid"]].append(row)
        for qid, q in enumerate(queries):
            yield q, sides[qid][0], sides[qid][1], by_q.get(qid, [])

    def _score_entities(self, side: QuerySide, rows: list[dict[str, Any]], exclude: frozenset[str] = frozenset()
                        ) -> dict[str, tuple[float, dict[str, float], dict[str, Any]]]:
        """company_id → (score, features, row) of its best-scoring variant; `exclude`d companies are left out
        before uniqueness is judged (a rejected candidate is not a namesake)."""
        model = self.config.score
        feats_of: dict[str, list[tuple[dict[str, float], dict[str, Any]]]] = defaultdict(list)
        named = self._named_outright(side, rows, exclude)
        for r in rows:
            if r["company_id"] in exclude or not _worth_scoring(side, r):
                continue
            feats_of[r["company_id"]].append((self._pair(side, r, named), r))
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

    @staticmethod
    def _query_info(q: Query, v: Variant, side: QuerySide, rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"name": q.name, "lang": v.lang, "core": v.core, "trade": v.trade, "industry": v.industry,
                      "branch": v.branch, "form_family": v.family, "name_regions": sorted(side.name_codes),
                      "address_regions": sorted(side.address_codes), "location_hints": sorted(side.hint_codes),
                      "uscc": side.uscc,
                      # firms within one edit of the trade name (same industry): in the query's cities, anywhere
                      "near_in_city": rows[0]["n_near"] if rows else 0, "near_anywhere": rows[0]["n_similar"] if rows else 0,
                      # firms of the query's county (finest place) whose whole name is one edit from the query's
                      "one_edit_in_place": rows[0]["n_whole"] if rows else 0}

    def _decide_outright(self, q: Query, v: Variant, side: QuerySide, rows: list[dict[str, Any]]
                         ) -> MatchResult | None:
        """The exact pass's verdict, without scoring: the one firm its rows hold, when its USCC (the only
        firm registered with it) or its exact registered name (the only firm with it) decides on its
        own, as `_decisive` says; None sends the query on to blocking and scoring."""
        cid = rows[0]["company_id"]
        if side.family == "sole" or any(r["company_id"] != cid for r in rows) \
                or (v.lang == "zh" and person_like(q.name, v)):
            return None  # not a plain case: the full path judges it
        if side.uscc and rows[0]["n_uscc"] == 1 and any(r["uscc"] == side.uscc for r in rows):
            feats, r = max(((self._pair(side, r), r) for r in rows), key=lambda fr: fr[0]["name"])
            feats["unique"] = 1.0
            return self._result(q, v, side, rows, AUTO, "uscc", "the only registered firm with this USCC",
                                (cid, 1.0, feats, r), None, 1, [])
        # its registered name first, else a former name (a firm's two names may read the same)
        named = sorted((r for r in rows if r["kind"] in ("name", "former") and r["xkey"] == side.xkey),
                       key=lambda r: r["kind"] != "name")
        if not named or rows[0]["n_exact"] != 1:
            return None
        r = named[0]
        feats = self._pair(side, r)
        feats["unique"] = 1.0
        regionless = r["xkey"].startswith("|")
        if feats["uscc"] < 0 or feats["form_conflict"] or (regionless and feats["region"] < 0):
            return None
        reason = "the only registered firm with this exact name" + (
            " (registered without a region; no place the query gives conflicts)" if regionless else "")
        return self._result(q, v, side, rows, AUTO, "name_exact", reason, (cid, 1.0, feats, r), None, 1, [])

    def _pair(self, side: QuerySide, r: dict[str, Any], named: bool = False) -> dict[str, float]:
        """The features of the query against one candidate row."""
        c = CandidateSide(r["kind"], r["core"], r["trade"], r["industry"], r["xkey"], r["branch"], r["uscc"],
                          r["address_rest"], self._codes(r["entity_codes"]), self._codes(r["name_codes"]),
                          r["near"], r["n_near"], r["n_similar"], r["variant_regions"],
                          r["whole"] and not named, r["n_whole"], r["family"])
        return pair_features(side, c, self.typo_max_similar)

    def _resolve(self, q: Query, v: Variant, side: QuerySide, rows: list[dict[str, Any]]) -> MatchResult:
        rejected = sorted({r["company_id"] for r in rows} & q.exclude)
        if v.lang == "zh" and person_like(q.name, v):
            return MatchResult(q.key, None, NONE, 0.0, "not_a_company", explanation={
                "rule": "not_a_company", "reason": "a natural person's name: never matched to a company",
                "query": self._query_info(q, v, side, rows), "candidates": 0})
        excluded = q.exclude | q.skip
        if side.family == "sole":
            # a one-person business (个体工商户) is never a company, however alike the names
            excluded = excluded | {r["company_id"] for r in rows if r["kind"] == "name" and r["family"] == "company"}
        best_by_entity = self._score_entities(side, rows, excluded)
        ranked = sorted(best_by_entity.items(), key=lambda kv: (-kv[1][0], kv[0]))
        if not ranked:
            band, reason = decide_band(None, None, self.config.bands)
            rule = ("masked_name" if v.masked else "no_candidate") if v.core or side.uscc or v.masked else "empty_name"
            return MatchResult(q.key, None, NONE, 0.0, rule,
                               explanation={"rule": rule, "reason": reason, "query": self._query_info(q, v, side, rows), "candidates": 0})
        decided = self._decisive(side, ranked, rows)
        if decided is not None:
            i, rule, reason = decided
            ranked.insert(0, ranked.pop(i))
            cid, (score, feats, r) = ranked[0]
            score, band = 1.0, AUTO
        else:
            cid, (score, feats, r) = ranked[0]
            rule = "uscc" if feats["uscc"] > 0 else "name_exact" if feats["exact"] > 0 else "fuzzy"
        ru = ranked[1] if len(ranked) > 1 else None
        if decided is None:
            band, reason = decide_band(score, ru[1][0] if ru else None, self.config.bands)
        if band == NONE and (feats["name"] >= 0.95 or feats["typo"] or _one_edit(v.core, r["core"])) \
                and feats["region"] >= 0 and feats["branch"] >= 0:
            # The same name, or one slip of the pen from this firm's and no other's, with too little else
            # to go on (namesakes elsewhere, a conflicting code, no address to confirm the slip): too weak
            # to accept, too close to drop. A person decides.
            band, reason = REVIEW, f"same name or one slip from it, but weak evidence (score {score:.3f}): " \
                                   "a person decides"
        if rejected and band == AUTO:
            # The reviewer turned the favourite down; whoever is next deserves a human look too.
            band, reason = REVIEW, f"reviewer rejected {', '.join(rejected)}; next candidate {reason}"
        return self._result(q, v, side, rows, band, rule, reason, (cid, score, feats, r), ru, len(ranked), rejected)

    def _result(self, q: Query, v: Variant, side: QuerySide, rows: list[dict[str, Any]], band: str, rule: str,
                reason: str, best: tuple[str, float, dict[str, float], dict[str, Any]],
                ru: tuple[str, tuple[float, dict[str, float], dict[str, Any]]] | None, n_candidates: int,
                rejected: list[str]) -> MatchResult:
        """The result with its explanation: rule, reason, features, runner-up."""
        cid, score, feats, r = best
        # the query names a unit (branch, plant) and the match is the company it belongs to
        relation = "branch_of" if v.branch is not None and r["branch"] is None else "same"
        explanation: dict[str, Any] = {
            "rule": rule,
            "band": band,
            "reason": reason,
            "score": score,
            "relation": relation,
            "query": self._query_info(q, v, side, rows),
            "matched": {"company_id": cid, "name": r["entity_name"], "variant": r["variant_name"], "kind": r["kind"],
                        "parent_company_id": r["parent_company_id"]},
            "features": feats,
            "runner_up": None if ru is None else {
                "company_id": ru[0], "name": ru[1][2]["entity_name"], "score": ru[1][0], "features": ru[1][1]},
            "candidates": n_candidates,
            "rejected_by_reviewer": rejected,
            "thresholds": {"auto": self.config.bands.auto, "margin": self.config.bands.margin,
                           "review": self.config.bands.review},
        }
        return MatchResult(q.key, cid if band != NONE else None, band, score, rule,
                           ru[0] if ru else None, ru[1][0] if ru else None, explanation, relation)

    def _decisive(self, side: QuerySide, ranked: list[tuple[str, tuple[float, dict[str, float], dict[str, Any]]]],
                  rows: list[dict[str, Any]]) -> tuple[int, str, str] | None:
        """(index in `ranked`, rule, reason) of a candidate that evidence names on its own, whatever the
        registry's size: the only firm registered with the query's USCC, or with its exact name.

        An exact name is a registered legal name (a region in it, as registered) or the name of a firm
        registered without a region (national firms: 中铁…集团, 平安银行…); the latter decides only where
        nothing the query says about the place contradicts where that firm is registered. Neither
        decides against a conflicting USCC or another kind of entity (a factory is not the company)."""
        n_exact = rows[0]["n_exact"] if rows else 0
        n_uscc = rows[0]["n_uscc"] if rows else 0
        for i, (_cid, (_s, f, _r)) in enumerate(ranked):
            if f["uscc"] > 0 and n_uscc == 1:
                return i, "uscc", "the only registered firm with this USCC"
        for i, (_cid, (_s, f, r)) in enumerate(ranked):
            if not (f["exact"] > 0 and r["kind"] in ("name", "former") and n_exact == 1):
                continue
            if f["uscc"] < 0 or f["form_conflict"]:
                return None
            regionless = r["xkey"].startswith("|")
            if regionless and f["region"] < 0:
                return None
            return i, "name_exact", ("the only registered firm with this exact name" +
                                     (" (registered without a region; no place the query gives conflicts)"
                                      if regionless else ""))
        return None

# Below this similarity of the core names a candidate cannot reach the review band on the name, so
# it is scored only when other evidence brought it (typo keys, its address, its USCC).
_SCORE_MIN_NAME = 0.5


def _worth_scoring(side: QuerySide, r: dict[str, Any]) -> bool:
    return (r["near"] or r["whole"] or (side.uscc is not None and r["uscc"] == side.uscc)
            or (side.address_rest != "" and r["address_rest"] == side.address_rest)
            or Indel.normalized_similarity(side.core, r["core"] or "") >= _SCORE_MIN_NAME)


def _one_edit(a: str, b: str | None) -> bool:
    return bool(a and b) and Levenshtein.distance(a, b, score_cutoff=1) <= 1


_PERSON_MARK = re.compile(r"^[\u4e00-\u9fff]{1,2}某[\u4e00-\u9fff]{0,2}$")


def person_like(name: str, v: Variant) -> bool:
    """A natural person as penalty pages print one (杨某, 孔某胜): no organizational form, a masked given name."""
    return not v.family and not v.industry and bool(_PERSON_MARK.match(name.strip()))


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

"""The match stage: normalized records and brand supplier lists → data/matched/<run_id>/.

Reads data/normalized/<run_id>/records.parquet and data/reference/ (companies.parquet, supplier
lists), re-applies every reviewer judgement, and writes record_matches.parquet and
supplier_matches.parquet (overwritten on a re-run), plus supplier_list_errors.jsonl and the run's
figures (summary.json). The registry's index is kept between runs in data/match_index/ (match.index).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from greenchain.brands import load_brands
from greenchain.paths import CONFIG_DIR, DataPaths
from match.bands import NONE
from match.config import load_matching_config
from match.engine import Matcher, MatchResult, Query
from match.index import index_dir, persisted_matcher, registry_version
from match.inputs import RowError, read_registry, read_supplier_list, supplier_list_source
from match.review import apply_judgements, load_judgements

log = logging.getLogger("greenchain.match")

RECORD_SCHEMA = pa.schema([
    ("record_id", pa.string()), ("company_id", pa.string()), ("band", pa.string()), ("score", pa.float64()),
    ("rule", pa.string()), ("runner_up_company_id", pa.string()), ("runner_up_score", pa.float64()),
    ("explanation", pa.string()),
    # beyond the contract, at the end: "branch_of" when the record names a unit (branch, plant) the
    # registry does not hold and company_id is the company it belongs to; "same" otherwise
    ("relation", pa.string()),
])
SUPPLIER_SCHEMA = pa.schema([
    ("brand_id", pa.string()), ("supplier_row_id", pa.string()), ("supplier_name", pa.string()),
    ("company_id", pa.string()), ("band", pa.string()), ("score", pa.float64()), ("rule", pa.string()),
    ("explanation", pa.string()),
    # beyond the contract, at the end: what the index and alerts may want without re-reading the list
    ("address", pa.string()), ("country", pa.string()), ("tier", pa.int64()),
    ("runner_up_company_id", pa.string()), ("runner_up_score", pa.float64()), ("relation", pa.string()),
])
_MATCHABLE_PARTIES = {"company", "sole_proprietor", "public_institution"}


@contextlib.contextmanager
def stage_matcher(paths: DataPaths, progress: bool = False) -> Iterator[tuple[Matcher, list[RowError], dict[str, Any]]]:
    """The registry's persisted index (opened, updated or built: match.index), the registry's row
    errors (kept with the index, so a run that reuses it still reports them), and what was done."""
    path = paths.reference / "companies.parquet"
    version = registry_version(path)
    errors_file = index_dir(paths) / "registry_errors.jsonl"
    read: list[list[RowError]] = []

    def registry() -> pa.Table:
        table, errors = read_registry(path)
        read.append(errors)
        return table

    config = load_matching_config()
    with persisted_matcher(paths, registry, version, config, progress, config.index_memory_limit) as (matcher, action):
        if read:
            errors_file.write_text("".join(json.dumps(e.as_dict(), ensure_ascii=False) + "\n" for e in read[0]),
                                   encoding="utf-8")
            errors = read[0]
        elif errors_file.exists():
            errors = [RowError(**json.loads(line)) for line in errors_file.read_text(encoding="utf-8").splitlines()
                      if line.strip()]
        else:
            errors = []
        yield matcher, errors, action


def _write(table: pa.Table, out: Path) -> None:
    tmp = out.with_suffix(".tmp")
    pq.write_table(table, tmp)
    tmp.replace(out)


def _record_queries(records: pa.Table, judged: dict[str, Any]) -> tuple[list[Query], list[MatchResult]]:
    cols = set(records.column_names)
    d = records.to_pydict()
    queries: list[Query] = []
    skipped: list[MatchResult] = []
    for i, rid in enumerate(d["record_id"]):
        party_type = d["party_type"][i] if "party_type" in cols else "company"
        if party_type not in _MATCHABLE_PARTIES:
            # People are never matched to companies (and their names must not travel further).
            skipped.append(MatchResult(rid, None, NONE, 0.0, "not_a_company",
                                       explanation={"rule": "not_a_company", "party_type": party_type}))
            continue
        status = d["uscc_status"][i] if "uscc_status" in cols else None
        uscc = d["uscc"][i] if status in ("valid", "pilot") else None
        hints = tuple(c for c in (d.get("division_code", [None] * len(d["record_id"]))[i],) if c)
        excluded = frozenset(c for c, j in judged.get(rid, {}).items() if j.judgement == "negative")
        queries.append(Query(rid, d["party_name"][i] or d["party_name_raw"][i] or "", d["address"][i]
                             if "address" in cols else None, uscc, hints, excluded))
    return queries, skipped


def _dedupe_match(matcher: Matcher, queries: list[Query], progress: bool) -> list[MatchResult]:
    """Match each distinct (name, address, uscc, hints, exclusions) once; fan the result out to every key."""
    distinct: dict[tuple[Any, ...], int] = {}
    uniq: list[Query] = []
    for q in queries:
        k = (q.name, q.address, q.uscc, q.division_codes, q.exclude, q.country)
        if k not in distinct:
            distinct[k] = len(uniq)
            uniq.append(replace(q, key=str(len(uniq))))
    results = matcher.match(uniq, progress=progress)
    out = []
    for q in queries:
        r = results[distinct[(q.name, q.address, q.uscc, q.division_codes, q.exclude, q.country)]]
        out.append(MatchResult(q.key, r.company_id, r.band, r.score, r.rule, r.runner_up_company_id,
                               r.runner_up_score, r.explanation, r.relation))
    return out


def match_records(matcher: Matcher, records: pa.Table, judged: dict[str, Any], progress: bool = False) -> list[MatchResult]:
    queries, skipped = _record_queries(records, judged)
    results = _dedupe_match(matcher, queries, progress) + skipped
    return [apply_judgements(r, judged.get(r.key)) for r in results]


def match_suppliers(matcher: Matcher, paths: DataPaths, judged: dict[str, Any], progress: bool = False
                    ) -> tuple[list[dict[str, Any]], list[RowError], dict[str, Any]]:
    """Match every brand's supplier list; (rows for supplier_matches, row errors, per-brand summary)."""
    cfg = matcher.config
    in_scope = {c.lower() for c in cfg.in_scope_countries}
    rows: list[dict[str, Any]] = []
    errors: list[RowError] = []
    summary: dict[str, Any] = {}
    for brand in load_brands().brands:
        path, origin = supplier_list_source(brand, paths)
        if path is None:
            summary[brand.id] = {"source": "missing", "rows": 0}
            continue
        sup, errs, dupes = read_supplier_list(path, brand.id, cfg)
        errors.extend(errs)
        queries, outside = [], []
        for s in sup:
            excluded = frozenset(c for c, j in judged.get(s.supplier_row_id, {}).items() if j.judgement == "negative")
            if (s.country or "").strip().lower() in in_scope:
                queries.append(Query(s.supplier_row_id, s.supplier_name, s.address, s.uscc, (), excluded,
                                     country=s.country))
            else:
                outside.append(s.supplier_row_id)
        # only a persisted index has a registry version to key the reuse on
        key = _supplier_cache_key(path, queries, matcher) if matcher.registry_version else None
        results = (_cached_results(paths, brand.id, key) if key else None) or {}
        cached = bool(results)
        if not cached:
            results = {r.key: r for r in _dedupe_match(matcher, queries, progress)}
            if key:
                _store_results(paths, brand.id, key, list(results.values()))
        for rid in outside:
            results[rid] = MatchResult(rid, None, NONE, 0.0, "out_of_scope_country",
                                       explanation={"rule": "out_of_scope_country",
                                                    "reason": "the registry covers mainland China only"})
        bands: Counter[str] = Counter()
        for s in sup:
            r = apply_judgements(results[s.supplier_row_id], judged.get(s.supplier_row_id))
            bands[r.band] += 1
            rows.append({"brand_id": brand.id, "supplier_row_id": s.supplier_row_id, "supplier_name": s.supplier_name,
                         "company_id": r.company_id, "band": r.band, "score": r.score, "rule": r.rule,
                         "explanation": json.dumps(r.explanation, ensure_ascii=False),
                         "address": s.address, "country": s.country, "tier": s.tier,
                         "runner_up_company_id": r.runner_up_company_id, "runner_up_score": r.runner_up_score,
                         "relation": r.relation})
        summary[brand.id] = {"source": origin, "file": str(path), "rows": len(sup), "duplicates_skipped": dupes,
                             "matched": "reused" if cached else "matched",
                             "row_errors": sum(e.severity == "error" for e in errs),
                             "row_warnings": sum(e.severity == "warning" for e in errs),
                             "out_of_scope": len(outside), "bands": dict(bands)}
    return rows, errors, summary


# What a supplier list's matches depend on besides the list and the registry: the engine's code and
# settings. A list, registry and engine all unchanged since the last run give the same matches, so
# they are reused (a million-firm registry makes re-matching thousands of English rows a daily cost).
_ENGINE_FILES = sorted(p for p in Path(__file__).resolve().parent.rglob("*") if p.suffix in (".py", ".sql"))


def _supplier_cache_key(path: Path, queries: list[Query], matcher: Matcher) -> str:
    h = hashlib.sha256(path.read_bytes())
    h.update(matcher.registry_version.encode())
    for f in _ENGINE_FILES:
        h.update(f.read_bytes())
    for name in ("matching.yaml", "latin.yaml"):
        cfg = CONFIG_DIR / name
        if cfg.exists():
            h.update(cfg.read_bytes())
    # rejected candidates are left out of a row's matching: judgements change the matches
    h.update(json.dumps(sorted((q.key, sorted(q.exclude)) for q in queries if q.exclude)).encode())
    return h.hexdigest()


def _results_file(paths: DataPaths, brand_id: str) -> Path:
    return index_dir(paths) / "suppliers" / f"{brand_id}.json"


def _cached_results(paths: DataPaths, brand_id: str, key: str) -> dict[str, MatchResult] | None:
    f = _results_file(paths, brand_id)
    try:
        data = json.loads(f.read_text(encoding="utf-8")) if f.exists() else None
    except json.JSONDecodeError:
        return None
    if not data or data.get("key") != key:
        return None
    return {r["key"]: MatchResult(**r) for r in data["results"]}


def _store_results(paths: DataPaths, brand_id: str, key: str, results: list[MatchResult]) -> None:
    f = _results_file(paths, brand_id)
    f.parent.mkdir(parents=True, exist_ok=True)
    tmp = f.with_suffix(".tmp")
    tmp.write_text(json.dumps({"key": key, "results": [asdict(r) for r in results]}, ensure_ascii=False),
                   encoding="utf-8")
    tmp.replace(f)


def match_run(run_id: str, paths: DataPaths | None = None, progress: bool = False) -> dict[str, Any]:
    """Run the match stage for one run; returns counts per band for records and supplier lists."""
    paths = paths or DataPaths.default()
    t0 = time.monotonic()
    records_path = paths.normalized_run(run_id) / "records.parquet"
    if not records_path.exists():
        raise FileNotFoundError(f"no normalized records for run {run_id!r}: {records_path} is missing")
    with stage_matcher(paths, progress) as (matcher, registry_errors, index_action):
        judged = load_judgements(paths)
        records = pq.read_table(records_path)
        t_match = time.monotonic()
        rec_results = match_records(matcher, records, judged, progress)
        sup_rows, sup_errors, brands = match_suppliers(matcher, paths, judged, progress)
        match_s = time.monotonic() - t_match
        n_entities = matcher.n_entities
    out_dir = paths.matched_run(run_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write(pa.Table.from_pylist([
        {"record_id": r.key, "company_id": r.company_id, "band": r.band, "score": r.score, "rule": r.rule,
         "runner_up_company_id": r.runner_up_company_id, "runner_up_score": r.runner_up_score,
         "explanation": json.dumps(r.explanation, ensure_ascii=False), "relation": r.relation}
        for r in rec_results], schema=RECORD_SCHEMA),
        out_dir / "record_matches.parquet")
    _write(pa.Table.from_pylist(sup_rows, schema=SUPPLIER_SCHEMA), out_dir / "supplier_matches.parquet")
    err_file = out_dir / "supplier_list_errors.jsonl"
    err_file.write_text("".join(json.dumps(e.as_dict(), ensure_ascii=False) + "\n"
                                for e in [*registry_errors, *sup_errors]), encoding="utf-8")
    summary = {
        "run_id": run_id,
        "records": len(rec_results),
        "record_bands": dict(Counter(r.band for r in rec_results)),
        "record_rules": dict(Counter(r.rule for r in rec_results)),
        "suppliers": len(sup_rows),
        "supplier_bands": dict(Counter(r["band"] for r in sup_rows)),
        "brands": brands,
        "registry_companies": n_entities,
        "index": index_action,
        "match_seconds": round(match_s, 2),
        "registry_row_errors": len(registry_errors),
        "supplier_row_errors": len(sup_errors),
        "judgements_applied": len(judged),
        "seconds": round(time.monotonic() - t0, 2),
    }
    (out_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    log.info("match %s: records %s, suppliers %s", run_id, summary["record_bands"], summary["supplier_bands"])
    return summary

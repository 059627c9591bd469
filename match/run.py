"""The match stage: normalized records and brand supplier lists → data/matched/<run_id>/.

Reads data/normalized/<run_id>/records.parquet and data/reference/ (companies.parquet, supplier
lists), re-applies every reviewer judgement, and writes record_matches.parquet and
supplier_matches.parquet (overwritten on a re-run), plus supplier_list_errors.jsonl.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from greenchain.brands import load_brands
from greenchain.paths import DataPaths
from match.bands import NONE
from match.config import load_matching_config
from match.engine import Matcher, MatchResult, Query
from match.inputs import RowError, read_registry, read_supplier_list, supplier_list_source
from match.review import apply_judgements, load_judgements

log = logging.getLogger("greenchain.match")

RECORD_SCHEMA = pa.schema([
    ("record_id", pa.string()), ("company_id", pa.string()), ("band", pa.string()), ("score", pa.float64()),
    ("rule", pa.string()), ("runner_up_company_id", pa.string()), ("runner_up_score", pa.float64()),
    ("explanation", pa.string()),
])
SUPPLIER_SCHEMA = pa.schema([
    ("brand_id", pa.string()), ("supplier_row_id", pa.string()), ("supplier_name", pa.string()),
    ("company_id", pa.string()), ("band", pa.string()), ("score", pa.float64()), ("rule", pa.string()),
    ("explanation", pa.string()),
    # beyond the contract, at the end: what the index and alerts may want without re-reading the list
    ("address", pa.string()), ("country", pa.string()), ("tier", pa.int64()),
    ("runner_up_company_id", pa.string()), ("runner_up_score", pa.float64()),
])
_MATCHABLE_PARTIES = {"company", "sole_proprietor", "public_institution"}


def load_matcher(paths: DataPaths, progress: bool = False) -> tuple[Matcher, list[RowError]]:
    """Index data/reference/companies.parquet."""
    table, errors = read_registry(paths.reference / "companies.parquet")
    return Matcher.build(table, load_matching_config(), progress=progress), errors


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
                               r.runner_up_score, r.explanation))
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
        results = {r.key: r for r in _dedupe_match(matcher, queries, progress)}
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
                         "runner_up_company_id": r.runner_up_company_id, "runner_up_score": r.runner_up_score})
        summary[brand.id] = {"source": origin, "file": str(path), "rows": len(sup), "duplicates_skipped": dupes,
                             "row_errors": sum(e.severity == "error" for e in errs),
                             "row_warnings": sum(e.severity == "warning" for e in errs),
                             "out_of_scope": len(outside), "bands": dict(bands)}
    return rows, errors, summary


def match_run(run_id: str, paths: DataPaths | None = None, progress: bool = False) -> dict[str, Any]:
    """Run the match stage for one run; returns counts per band for records and supplier lists."""
    paths = paths or DataPaths.default()
    t0 = time.monotonic()
    records_path = paths.normalized_run(run_id) / "records.parquet"
    if not records_path.exists():
        raise FileNotFoundError(f"no normalized records for run {run_id!r}: {records_path} is missing")
    matcher, registry_errors = load_matcher(paths, progress)
    try:
        judged = load_judgements(paths)
        records = pq.read_table(records_path)
        rec_results = match_records(matcher, records, judged, progress)
        sup_rows, sup_errors, brands = match_suppliers(matcher, paths, judged, progress)
    finally:
        matcher.close()
    out_dir = paths.matched_run(run_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write(pa.Table.from_pylist([
        {"record_id": r.key, "company_id": r.company_id, "band": r.band, "score": r.score, "rule": r.rule,
         "runner_up_company_id": r.runner_up_company_id, "runner_up_score": r.runner_up_score,
         "explanation": json.dumps(r.explanation, ensure_ascii=False)} for r in rec_results], schema=RECORD_SCHEMA),
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
        "registry_companies": matcher.n_entities,
        "registry_row_errors": len(registry_errors),
        "supplier_row_errors": len(sup_errors),
        "judgements_applied": len(judged),
        "seconds": round(time.monotonic() - t0, 2),
    }
    log.info("match %s: records %s, suppliers %s", run_id, summary["record_bands"], summary["supplier_bands"])
    return summary

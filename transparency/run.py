"""compute_index: score every brand for one period and write data/index/<period>/.

Reads the published warehouse read-only, the brands' questionnaires and the methodology YAML;
writes scores and indicator points (Parquet + CSV) and a static HTML report. Everything a score
depends on is fingerprinted (input_hash), so an unchanged input gives an unchanged score.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from greenchain.brands import Brand, load_brands
from greenchain.paths import DataPaths
from transparency.evidence import (
    Period,
    brand_evidence,
    empty_evidence,
    evidence_rows,
    input_snapshot,
    open_warehouse,
    read_sql,
    snapshot_hash,
)
from transparency.evidence_page import write_evidence
from transparency.methodology import Methodology, load_methodology
from transparency.outputs import add_change, add_ranks, write_tables
from transparency.questionnaire import load_answers, questionnaire_facts, questionnaire_path
from transparency.report import write_report
from transparency.scoring import IndexResult, score_brand

log = logging.getLogger("greenchain.index")


def _file_sha(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path and path.exists() else None


def _point_rows(brand_id: str, res: IndexResult, input_hash: str) -> list[dict[str, Any]]:
    rows = []
    for ind in res.indicators:
        d = asdict(ind)
        rows.append({"brand_id": brand_id, "index": res.methodology,
                     "conditions_met": d.pop("met"), **d,
                     "methodology_version": res.version, "input_hash": input_hash})
    return rows


def score_brands(
    brands: list[Brand], facts_by_brand: dict[str, dict[str, Any]], citi: Methodology, cati: Methodology
) -> dict[str, tuple[IndexResult, IndexResult]]:
    """brand_id → (CITI result, CATI result); CATI is scored first because it feeds CITI."""
    out = {}
    for b in brands:
        facts = facts_by_brand[b.id]
        cati_res = score_brand(cati, b.industry, facts)
        out[b.id] = (score_brand(citi, b.industry, facts, {"cati": cati_res.total}), cati_res)
    return out


def data_period(paths: DataPaths | None = None) -> str:
    """The period the published warehouse's data is about (data_period.sql), not the wall clock's year."""
    paths = paths or DataPaths.default()
    con = open_warehouse(paths.warehouse)
    try:
        row = con.execute(read_sql("data_period.sql")).fetchone()
    finally:
        con.close()
    if not row or row[0] is None:
        raise ValueError(f"{paths.warehouse} holds no dated violation: pass a period (e.g. --period 2025)")
    return str(row[0])


def compute_index(period: str, paths: DataPaths | None = None, config_dir: Path | None = None) -> dict[str, Any]:
    """Score every brand of brands.yaml for `period` (a year); return a JSON-serializable summary."""
    paths = paths or DataPaths.default()
    per = Period.parse(period)
    brands = load_brands(config_dir).brands
    citi, cati = load_methodology("citi", config_dir), load_methodology("cati", config_dir)
    grace = citi.resolution_grace_days

    con = open_warehouse(paths.warehouse)
    try:
        evidence = brand_evidence(con, per, grace)
        rows_by_brand = {b.id: evidence_rows(con, b.id) for b in brands}
        snapshot = input_snapshot(con, per, grace)
    finally:
        con.close()

    facts_by_brand: dict[str, dict[str, Any]] = {}
    notes: dict[str, tuple[str, str, str | None]] = {}  # brand → (basis, note, questionnaire sha)
    stated: dict[str, tuple[dict[str, Any] | None, list[str]]] = {}  # brand → (answers, sources given)
    for b in brands:
        answers, note = load_answers(b, period, config_dir)
        stated[b.id] = (answers.model_dump(mode="json", exclude={"sources"}) if answers else None,
                        answers.sources if answers else [])
        if b.id not in evidence:
            note += "; brand not in the warehouse (no supplier list loaded)"
        facts_by_brand[b.id] = {**evidence.get(b.id, empty_evidence()), **questionnaire_facts(answers, period)}
        basis = "questionnaire + warehouse" if answers else "warehouse only"
        notes[b.id] = (basis, note, _file_sha(questionnaire_path(b, config_dir)) if answers else None)

    methodology_sha = hashlib.sha256((citi.sha256 + cati.sha256).encode()).hexdigest()
    input_hash = snapshot_hash({
        "period": period, "warehouse": snapshot, "methodology": methodology_sha,
        "questionnaires": {k: v[2] for k, v in sorted(notes.items())},
        "brands": [(b.id, b.industry) for b in brands],
    })
    results = score_brands(brands, facts_by_brand, citi, cati)
    computed_at = datetime.now(UTC).isoformat(timespec="seconds")

    scores, points = [], []
    for b in brands:
        citi_res, cati_res = results[b.id]
        basis, note, q_sha = notes[b.id]
        f = facts_by_brand[b.id]
        scores.append({
            "brand_id": b.id, "brand_name": b.name, "industry": b.industry,
            "score": citi_res.total, "cati_score": cati_res.total,
            "area_scores": json.dumps({"citi": citi_res.area_scores, "cati": cati_res.area_scores}),
            "evidence_basis": basis, "questionnaire_note": note, "questionnaire_sha256": q_sha,
            "suppliers_listed": f.get("suppliers_listed"), "suppliers_screened": f.get("suppliers_screened"),
            "violating_suppliers": f.get("violating_suppliers"),
            "citi_version": citi.version, "cati_version": cati.version, "methodology_sha256": methodology_sha,
            "input_hash": input_hash, "computed_at": computed_at,
        })
        points += _point_rows(b.id, citi_res, input_hash) + _point_rows(b.id, cati_res, input_hash)

    add_ranks(scores)
    out_dir = paths.index_period(period)
    has_previous = add_change(scores, paths.index_period(per.previous) / "scores.parquet")
    files = write_tables(out_dir, scores, points)
    for s in scores:
        files += write_evidence(out_dir, period, s, facts_by_brand[s["brand_id"]], rows_by_brand[s["brand_id"]],
                                *stated[s["brand_id"]])
    files.append(write_report(out_dir / "report.html", period, scores, points, facts_by_brand, citi, cati, snapshot))
    log.info("index %s: %d brands scored, input %s", period, len(scores), input_hash[:12])
    return {
        "period": period, "brands": len(scores), "input_hash": input_hash,
        "methodology": {"citi": citi.version, "cati": cati.version},
        "previous_period": per.previous if has_previous else None,
        "ranking": [{"rank": s["rank_overall"], "brand_id": s["brand_id"], "score": round(s["score"], 4),
                     "change": None if s["score_change"] is None else round(s["score_change"], 4)}
                    for s in sorted(scores, key=lambda s: (s["rank_overall"], s["brand_id"]))],
        "warehouse_only": [s["brand_id"] for s in scores if s["evidence_basis"] == "warehouse only"],
        "files": [str(p) for p in files],
    }

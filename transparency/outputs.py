"""Tables written for each period: scores and indicator points (Parquet + CSV), with ranks and change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

# No `period` column: the folder is the period (data/index/<period>/), and the warehouse adds it from there.
SCORES_SCHEMA = pa.schema([
    ("brand_id", pa.string()), ("brand_name", pa.string()), ("industry", pa.string()),
    ("score", pa.float64()), ("cati_score", pa.float64()),
    ("rank_overall", pa.int32()), ("rank_in_industry", pa.int32()), ("brands_in_industry", pa.int32()),
    ("previous_score", pa.float64()), ("score_change", pa.float64()),
    ("previous_rank", pa.int32()), ("rank_change", pa.int32()),
    ("area_scores", pa.string()), ("evidence_basis", pa.string()), ("questionnaire_note", pa.string()),
    ("questionnaire_sha256", pa.string()),
    ("suppliers_listed", pa.int64()), ("suppliers_screened", pa.int64()), ("violating_suppliers", pa.int64()),
    ("citi_version", pa.string()), ("cati_version", pa.string()), ("methodology_sha256", pa.string()),
    ("input_hash", pa.string()), ("computed_at", pa.string()),
])

POINTS_SCHEMA = pa.schema([
    ("brand_id", pa.string()), ("index", pa.string()), ("area_id", pa.string()),
    ("indicator_id", pa.string()), ("indicator_name", pa.string()), ("tier", pa.string()),
    ("points", pa.float64()), ("max_points", pa.float64()), ("weight_pct", pa.float64()),
    ("contribution", pa.float64()), ("conditions_met", pa.string()), ("evidence", pa.string()),
    ("note", pa.string()), ("methodology_version", pa.string()), ("input_hash", pa.string()),
])


def competition_ranks(scores: dict[str, float]) -> dict[str, int]:
    """1 + the number of strictly better scores (ties share a rank), compared at 6 decimals."""
    r = {k: round(v, 6) for k, v in scores.items()}
    return {k: 1 + sum(1 for o in r.values() if o > v) for k, v in r.items()}


def add_ranks(rows: list[dict[str, Any]]) -> None:
    """Fill rank_overall, rank_in_industry and brands_in_industry in place."""
    overall = competition_ranks({r["brand_id"]: r["score"] for r in rows})
    for r in rows:
        peers = {p["brand_id"]: p["score"] for p in rows if p["industry"] == r["industry"]}
        r["rank_overall"] = overall[r["brand_id"]]
        r["rank_in_industry"] = competition_ranks(peers)[r["brand_id"]]
        r["brands_in_industry"] = len(peers)


def add_change(rows: list[dict[str, Any]], previous_scores: Path) -> bool:
    """Fill previous_score/score_change/previous_rank/rank_change from the previous period, if computed."""
    prev: dict[str, dict[str, Any]] = {}
    if previous_scores.exists():
        prev = {p["brand_id"]: p for p in pq.read_table(previous_scores).to_pylist()}
    for r in rows:
        p = prev.get(r["brand_id"])
        r["previous_score"] = p["score"] if p else None
        r["score_change"] = r["score"] - p["score"] if p else None
        r["previous_rank"] = p["rank_overall"] if p else None
        # Positive = moved up the ranking.
        r["rank_change"] = p["rank_overall"] - r["rank_overall"] if p else None
    return bool(prev)


def _write(table: pa.Table, out_dir: Path, stem: str) -> list[Path]:
    """Parquet and CSV side by side, each written to a temp name then renamed (no half files)."""
    files = []
    for suffix, writer in ((".parquet", pq.write_table), (".csv", pacsv.write_csv)):
        final = out_dir / f"{stem}{suffix}"
        tmp = final.with_name(final.name + ".tmp")
        writer(table, tmp)
        tmp.replace(final)
        files.append(final)
    return files


def write_tables(out_dir: Path, scores: list[dict[str, Any]], points: list[dict[str, Any]]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in points:
        for k in ("conditions_met", "evidence"):
            if not isinstance(p[k], str):
                p[k] = json.dumps(p[k], ensure_ascii=False, sort_keys=True)
    return [
        *_write(pa.Table.from_pylist(scores, schema=SCORES_SCHEMA), out_dir, "scores"),
        *_write(pa.Table.from_pylist(points, schema=POINTS_SCHEMA), out_dir, "indicator_points"),
    ]

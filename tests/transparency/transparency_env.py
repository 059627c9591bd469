"""Test helpers for the index: a tiny published warehouse (fixtures/warehouse.sql) and config
(fixture brands and questionnaires, the repository's methodology) in a temp folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from greenchain.paths import DataPaths
from transparency.run import compute_index

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class IndexEnv:
    paths: DataPaths
    config_dir: Path

    def edit_config(self, rel: str, old: str, new: str) -> None:
        """Replace one exact snippet in a config file (fails loudly if the snippet is not there)."""
        f = self.config_dir / rel
        text = f.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} not found exactly once in {f}"
        f.write_text(text.replace(old, new), encoding="utf-8")


def build_warehouse(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute((FIXTURES / "warehouse.sql").read_text(encoding="utf-8"))
    con.close()


@dataclass(frozen=True)
class Scored:
    env: IndexEnv
    summary: dict[str, Any]
    scores: dict[str, dict[str, Any]]  # brand_id → scores.parquet row
    points: dict[tuple[str, str, str], dict[str, Any]]  # (brand, index, indicator) → indicator_points row

    @property
    def report(self) -> str:
        return (self.env.paths.index_period(self.summary["period"]) / "report.html").read_text(encoding="utf-8")


def run_index(env: IndexEnv, period: str) -> Scored:
    summary = compute_index(period, env.paths, env.config_dir)
    out = env.paths.index_period(period)
    scores = {r["brand_id"]: r for r in pq.read_table(out / "scores.parquet").to_pylist()}
    points = {(r["brand_id"], r["index"], r["indicator_id"]): r
              for r in pq.read_table(out / "indicator_points.parquet").to_pylist()}
    return Scored(env, summary, scores, points)

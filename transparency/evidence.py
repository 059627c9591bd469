"""Warehouse evidence per brand and period, and a fingerprint of the rows it came from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from transparency.facts import WAREHOUSE_FACTS, FactValue

SQL_DIR = Path(__file__).parent / "sql"
# Bureau dates are China time (no DST), so period boundaries and day counts are taken there.
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


@dataclass(frozen=True)
class Period:
    """An index period: a calendar year ("2025")."""

    label: str
    start: date
    end: date

    @classmethod
    def parse(cls, label: str) -> Period:
        if not (len(label) == 4 and label.isdigit() and 2000 <= int(label) <= 2100):
            raise ValueError(f"period must be a year such as 2025, got {label!r}")
        y = int(label)
        return cls(label, date(y, 1, 1), date(y, 12, 31))

    @property
    def previous(self) -> str:
        return str(int(self.label) - 1)

    def params(self, grace_days: int) -> dict[str, Any]:
        cutoff = datetime.combine(self.end + timedelta(days=1 + grace_days), datetime.min.time(), CHINA_TZ)
        return {"period_start": self.start, "period_end": self.end, "resolution_cutoff": cutoff,
                "year": int(self.label)}


def read_sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, _params(sql, params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def open_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise FileNotFoundError(f"no published warehouse at {path}: run `greenchain load` first")
    con = duckdb.connect(str(path), read_only=True)
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    return con


EVIDENCE_TABLES = ("evidence_suppliers.sql", "evidence_violations.sql", "evidence_disclosures.sql")


def _params(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    # DuckDB rejects parameters a statement does not use; pass only those it names.
    return {k: v for k, v in params.items() if f"${k}" in sql}


def prepare_evidence(con: duckdb.DuckDBPyConnection, period: Period, grace_days: int) -> None:
    """Build the row-level evidence tables (temporary, this connection only) the facts are computed from."""
    params = period.params(grace_days)
    for name in EVIDENCE_TABLES:
        sql = read_sql(name)
        con.execute(sql, _params(sql, params))


def brand_evidence(con: duckdb.DuckDBPyConnection, period: Period, grace_days: int) -> dict[str, dict[str, Any]]:
    """brand_id → warehouse facts and the counts behind them (brand_evidence.sql over the evidence rows)."""
    prepare_evidence(con, period, grace_days)
    rows = _rows(con, read_sql("brand_evidence.sql"), {})
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        # Floats are rounded so tier thresholds such as ">= 0.8" are not missed by binary noise.
        brand_id = r.pop("brand_id")
        out[brand_id] = {k: round(v, 6) if isinstance(v, float) else v for k, v in r.items()}
    return out


def evidence_rows(con: duckdb.DuckDBPyConnection, brand_id: str) -> pa.Table:
    """One brand's evidence rows (evidence_rows.sql), after brand_evidence() built the tables."""
    return con.sql(read_sql("evidence_rows.sql"), params={"brand_id": brand_id}).to_arrow_table()


def empty_evidence() -> dict[str, FactValue]:
    """Warehouse facts of a brand the warehouse does not know: nothing listed, nothing known."""
    return dict.fromkeys(WAREHOUSE_FACTS) | {"suppliers_listed": 0, "suppliers_screened": 0}


def input_snapshot(con: duckdb.DuckDBPyConnection, period: Period, grace_days: int) -> list[dict[str, Any]]:
    """Per input table: rows read and md5 of them (input_snapshot.sql)."""
    return _rows(con, read_sql("input_snapshot.sql"), period.params(grace_days))


def snapshot_hash(parts: dict[str, Any]) -> str:
    """sha256 of a canonical JSON of everything the scores depend on."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()

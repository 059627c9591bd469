"""Synthetic stage outputs in the contract's shapes, generated inside DuckDB (fast at millions of rows).

Used by tests/warehouse and bench/warehouse.py; never by a production load. The SQL is in
warehouse/sql/synthetic/. Health files and the registry are small and written from Python.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from greenchain.paths import DataPaths
from warehouse.models import render, sql_file

BRANDS = ("apple", "voltedge", "huaxin-textile")  # ids present in config/brands/brands.yaml


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _copy(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(render(sql_file(f"synthetic/{name}.sql"), path=_quote(path)))


def _set(con: duckdb.DuckDBPyConnection, **values: Any) -> None:
    template = sql_file("load/set_variable.sql")
    for k, v in values.items():
        con.execute(render(template, name=k), {"value": v})


def write_health(
    paths: DataPaths, run_id: str, sources: list[str], started_at: datetime, failed: set[str] | None = None
) -> None:
    """One health file per source: 'ok', or 'failed' for the ids in `failed`."""
    d = paths.landing_run(run_id) / "health"
    d.mkdir(parents=True, exist_ok=True)
    for sid in sources:
        bad = sid in (failed or set())
        h = {
            "source_id": sid, "run_id": run_id, "started_at": started_at.isoformat(),
            "finished_at": (started_at + timedelta(minutes=5)).isoformat(), "duration_s": 300.0,
            "list_pages": 3, "detail_pages": 40, "items_listed": 40, "items_new": 2, "requests": 45,
            "errors": {"http_503": 3} if bad else {}, "status": "failed" if bad else "ok",
            "reason": "HTTP 503 on every list page" if bad else "", "structure_signature": "sig",
            "structure_changed": False,
        }  # fmt: skip
        (d / f"{sid}.json").write_text(json.dumps(h), encoding="utf-8")


def write_listings(
    paths: DataPaths, run_id: str, urls_by_source: dict[str, list[str]], incomplete: set[str] | None = None
) -> None:
    """Listing manifests as the crawler writes them: every URL each source lists now."""
    d = paths.landing_run(run_id) / "listing"
    d.mkdir(parents=True, exist_ok=True)
    for sid, urls in urls_by_source.items():
        complete = sid not in (incomplete or set())
        m = {"source_id": sid, "run_id": run_id, "complete": complete, "full_listing": complete, "urls": urls}
        (d / f"{sid}.json").write_text(json.dumps(m), encoding="utf-8")


def urls_by_source(records: Path) -> dict[str, list[str]]:
    """Source → its records' document URLs, from a records.parquet."""
    con = duckdb.connect()
    try:
        rows = con.execute(sql_file("synthetic/urls_by_source.sql"), {"path": str(records)}).fetchall()
    finally:
        con.close()
    return {sid: urls for sid, urls in rows}


def source_ids(n_sources: int) -> list[str]:
    return [f"src-{k:04d}" for k in range(n_sources)]


def write_registry(config_dir: Path, n_sources: int) -> None:
    """A config dir with a registry of the synthetic sources and the project's brands.yaml."""
    from greenchain.paths import CONFIG_DIR

    (config_dir / "sources").mkdir(parents=True, exist_ok=True)
    (config_dir / "brands").mkdir(parents=True, exist_ok=True)
    (config_dir / "brands" / "brands.yaml").write_text(
        (CONFIG_DIR / "brands" / "brands.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for name in ("warehouse.yaml", "labels.yaml", *(f"taxonomy/{p.name}" for p in (CONFIG_DIR / "taxonomy").glob("*.yaml"))):
        (config_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (config_dir / name).write_text((CONFIG_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    lines = ["id,authority,division_code,province,city,level,kind,template,base_url,list_path"]
    for sid in source_ids(n_sources):
        lines.append(
            f"{sid},合成市生态环境局,320500,江苏省,苏州市,prefecture,penalty_decision,hanweb_jcms,"
            f"http://{sid}.example.gov.cn,/col/col1/index.html"
        )
    (config_dir / "sources" / "synthetic.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_run(
    paths: DataPaths,
    run_id: str,
    n_records: int,
    *,
    n_sources: int = 20,
    n_companies: int | None = None,
    fetched_at: datetime,
    failed_sources: set[str] | None = None,
) -> dict[str, Any]:
    """Write a run's normalized records, matches, health, and the reference files; returns sizes."""
    n_companies = n_companies or max(50, n_records // 10)
    con = duckdb.connect()
    try:
        con.execute(sql_file("load/session.sql"))
        con.execute(sql_file("synthetic/macros.sql"))
        _set(
            con, syn_n=n_records, syn_sources=n_sources, syn_companies=n_companies,
            syn_fetched_at=fetched_at.isoformat(),
        )  # fmt: skip
        _copy(con, "records", paths.normalized_run(run_id) / "records.parquet")
        _copy(con, "record_matches", paths.matched_run(run_id) / "record_matches.parquet")
        _copy(con, "companies", paths.reference / "companies.parquet")
        _copy(con, "resolutions", paths.reference / "resolutions.jsonl")
        sm_dir = paths.matched_run(run_id) / "supplier_matches"
        for no, brand in enumerate(BRANDS):
            _set(con, syn_brand=brand, syn_brand_no=no)
            _copy(con, "suppliers", paths.reference / "suppliers" / f"{brand}.csv")
            _copy(con, "supplier_matches", sm_dir / f"{brand}.parquet")
        # one supplier_matches file per the contract
        con.execute(
            render(sql_file("synthetic/concat_parquet.sql"),
                src=_quote(sm_dir / "*.parquet"), path=_quote(paths.matched_run(run_id) / "supplier_matches.parquet")
            )
        )
    finally:
        con.close()
    for f in sm_dir.glob("*.parquet"):
        f.unlink()
    sm_dir.rmdir()
    write_health(paths, run_id, source_ids(n_sources), fetched_at - timedelta(minutes=1), failed_sources)
    write_listings(paths, run_id, urls_by_source(paths.normalized_run(run_id) / "records.parquet"))
    return {"records": n_records, "companies": n_companies, "sources": n_sources}

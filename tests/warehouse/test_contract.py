"""The names other stages read (index, alerts) exist with the agreed columns."""

from __future__ import annotations

from whenv import Env

AGREED = {
    "core.sources": {"source_id"},
    "core.companies": {"company_id", "name", "uscc", "parent_company_id"},
    "core.violations": {"record_id", "first_seen_at", "last_seen_at", "taken_down_at", "version", "content_hash",
                        "company_id", "violation_key"},
    "core.violation_versions": {"record_id", "version", "content_hash", "valid_from", "valid_to", "is_current"},
    "core.violation_matches": {"record_id", "company_id", "band", "score", "rule", "explanation", "judged"},
    "core.brands": {"brand_id"},
    "core.brand_suppliers": {"brand_id", "supplier_row_id", "supplier_name", "company_id", "band", "score",
                             "explanation", "accepted"},
    "core.supplier_disclosures": {"record_id", "company_id"},
    "core.violation_resolutions": {"record_id", "company_id", "stage", "at", "url"},
    "core.source_health": {"source_id", "run_id", "status"},
    "meta.runs": {"run_id", "started_at", "finished_at", "status", "counts"},
    "meta.assertions": {"name", "passed"},
    "marts.supplier_risk": {"brand_id", "supplier_row_id", "risk_level"},
    "marts.brand_unresolved_violations": {"brand_id", "record_id"},
    "marts.company_violations": {"company_id", "violations"},
    "marts.violations_by_region": {"province", "city", "year", "violation_type"},
    "marts.source_health_history": {"source_id", "run_id", "failing_since"},
    "marts.index_scores": {"period"},
}  # fmt: skip


def test_the_published_warehouse_has_every_agreed_table_and_column(loaded: Env) -> None:
    cols: dict[str, set[str]] = {}
    for schema, table, column in loaded.rows(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() WHERE schema_name IN ('core', 'marts', 'meta')"
    ):
        cols.setdefault(f"{schema}.{table}", set()).add(column)
    for table, needed in AGREED.items():
        assert table in cols, f"{table} missing"
        assert needed <= cols[table], f"{table} lacks {sorted(needed - cols[table])}"

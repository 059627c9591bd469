"""Every table and column of the warehouse says what it is (COMMENT ON), and docs/warehouse.md's
data dictionary is exactly what those comments say."""

from __future__ import annotations

import duckdb
from whenv import Env

from warehouse import comments


def test_every_table_view_and_column_has_a_comment(loaded: Env) -> None:
    missing = loaded.rows(
        "SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE comment IS NULL OR comment = '' "
        "UNION ALL SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE NOT internal AND (comment IS NULL OR comment = '') "
        "UNION ALL SELECT schema_name || '.' || table_name || '.' || column_name FROM duckdb_columns() "
        "WHERE schema_name IN ('raw', 'staging', 'core', 'marts', 'meta') AND (comment IS NULL OR comment = '')"
    )
    assert missing == []
    (n,) = loaded.rows("SELECT count(*) FROM duckdb_columns() WHERE schema_name IN ('raw', 'staging', 'core', 'marts', 'meta')")[0]
    assert n > 300


def test_the_docs_dictionary_is_generated_from_the_comments(loaded: Env) -> None:
    con = duckdb.connect(str(loaded.paths.warehouse), read_only=True)
    try:
        rendered = comments.render(con)
    finally:
        con.close()
    assert comments.doc_section() == rendered, "docs/warehouse.md is stale: run `python -m warehouse.comments`"
    assert "| fine_yuan | `DECIMAL(18,2)` |" in rendered


def test_a_column_without_a_text_is_reported_not_silently_skipped(loaded: Env) -> None:
    con = duckdb.connect(str(loaded.paths.warehouse))
    try:
        con.execute("CREATE TABLE core.undocumented (x INTEGER)")
        assert comments.apply(con) == ["core.undocumented", "core.undocumented.x"]
    finally:
        con.close()

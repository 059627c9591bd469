"""Analyst SQL is read-only for real: files, other databases, extensions and settings are out of reach.

Each case is refused twice over: by warehouse.guard (a message that says why) and by the engine
(the connection runs with external access off and the configuration locked), so the second layer
is tested on its own as well.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner
from whenv import Env

from greenchain.cli.warehouse import register
from warehouse.guard import RefusedStatementError
from warehouse.query import open_published, run_sql


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def app(loaded: Env, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("GREENCHAIN_DATA_DIR", str(loaded.paths.root))
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the warehouse that analyst SQL must leave empty."""
    d = tmp_path / "outside"
    d.mkdir()
    return d


def _hostile(env: Env, tmp_path: Path) -> dict[str, str]:
    published = env.paths.warehouse
    return {
        "copy over the warehouse": f"COPY (SELECT 'x') TO '{published}' (FORMAT csv)",
        "copy to a new file": f"COPY (SELECT 1) TO '{tmp_path / 'out.csv'}'",
        "attach read-write": f"ATTACH '{tmp_path / 'new.duckdb'}' AS n (READ_WRITE)",
        "read a host file": "SELECT * FROM read_text('/etc/passwd')",
        "read a host file as a table": "SELECT * FROM '/etc/passwd'",
        "read csv in a subquery": "SELECT count(*) FROM core.violations WHERE 1 IN (SELECT 1 FROM read_csv('/etc/passwd'))",
        "list a directory": "SELECT * FROM glob('/etc/*')",
        "install": "INSTALL httpfs",
        "load": "LOAD httpfs",
        "set": "SET enable_external_access = true",
        "reset": "RESET lock_configuration",
        "export database": f"EXPORT DATABASE '{tmp_path / 'dump'}'",
        "write": "DELETE FROM core.violations",
        "two statements": "SELECT 1; SELECT 2",
        "explain analyze runs the copy": f"EXPLAIN ANALYZE COPY (SELECT 1) TO '{tmp_path / 'explained.csv'}'",
    }


def test_every_hostile_statement_is_refused_with_a_reason_and_changes_nothing(loaded: Env, outside: Path) -> None:
    published = loaded.paths.warehouse
    digest = _digest(published)
    for case, sql in _hostile(loaded, outside).items():
        with pytest.raises(RefusedStatementError) as caught:
            run_sql(sql, loaded.paths)
        assert str(caught.value).startswith(("refused", "one statement")), (case, str(caught.value))
    run_sql("EXPLAIN ANALYZE SELECT count(*) FROM core.violations", loaded.paths)
    run_sql("EXPLAIN (FORMAT json) SELECT 1", loaded.paths)
    assert _digest(published) == digest
    assert not any(outside.iterdir()), "nothing may be created outside the warehouse"


def test_the_engine_refuses_the_same_without_the_guard(loaded: Env, outside: Path) -> None:
    """The analyst connection itself: even SQL that slipped past the guard cannot touch files."""
    published = loaded.paths.warehouse
    digest = _digest(published)
    con = open_published(loaded.paths)
    try:
        for case, sql in _hostile(loaded, outside).items():
            if case in ("two statements",):
                continue
            with pytest.raises(duckdb.Error):
                con.execute(sql)
        assert con.execute("SELECT current_setting('enable_external_access')").fetchone() == (False,)
        assert con.execute("SELECT current_setting('lock_configuration')").fetchone() == (True,)
    finally:
        con.close()
    assert _digest(published) == digest
    assert not any(outside.iterdir())


def test_refusals_reach_the_command_line_with_their_reason(app: typer.Typer, loaded: Env) -> None:
    for sql, needle in (
        (f"COPY (SELECT 'x') TO '{loaded.paths.warehouse}' (FORMAT csv)", "COPY reads or writes files"),
        ("ATTACH 'x.duckdb' AS x (READ_WRITE)", "ATTACH opens or creates"),
        ("SELECT * FROM read_text('/etc/passwd')", "refused read_text()"),
        ("INSTALL httpfs", "INSTALL and LOAD"),
        ("SET threads = 1", "settings"),
    ):
        r = CliRunner().invoke(app, ["sql", sql])
        assert r.exit_code == 2 and needle in r.output, (sql, r.output)


def test_duckdbs_hints_reach_the_user(app: typer.Typer) -> None:
    r = CliRunner().invoke(app, ["sql", "SELECT count(*) FROM core.violatons"])
    assert r.exit_code == 2
    assert "does not exist" in r.output and 'Did you mean "violations"' in r.output, r.output
    r = CliRunner().invoke(app, ["sql", "SELECT fine_yaun FROM core.violations"])
    assert r.exit_code == 2 and "fine_yuan" in r.output, r.output


def test_ordinary_queries_still_work(loaded: Env) -> None:
    for sql in (
        "SELECT count(*) FROM core.violations",
        "WITH v AS (SELECT * FROM core.violations) SELECT count(*) FROM v",
        "FROM marts.supplier_risk LIMIT 1",
        "DESCRIBE core.violations",
        "SHOW TABLES",
        "SUMMARIZE core.companies",
        "EXPLAIN SELECT * FROM core.violations",
        "PRAGMA show_tables",
        "SELECT * FROM core.violations AS t JOIN core.violation_matches USING (record_id) LIMIT 3",
    ):
        run_sql(sql, loaded.paths)


def test_csv_output_gives_nested_values_as_json(app: typer.Typer) -> None:
    import csv
    import io
    import json

    r = CliRunner().invoke(
        app, ["sql", "-f", "csv", "SELECT record_id, fines, violation_types, legal_basis FROM core.violations ORDER BY 1 LIMIT 3"]
    )
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert len(rows) == 3
    for row in rows:
        fines = json.loads(row["fines"])
        assert isinstance(fines, list) and {"amount_yuan", "raw"} <= set(fines[0])
        assert all(isinstance(t, str) for t in json.loads(row["violation_types"]))
        assert json.loads(row["legal_basis"])[0]["law"].startswith("《")

"""`greenchain load / sql / export` as registered on a Typer app."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner
from whenv import Env

from greenchain.cli.warehouse import register


@pytest.fixture
def cli(loaded: Env, monkeypatch: pytest.MonkeyPatch) -> tuple[typer.Typer, Env]:
    monkeypatch.setenv("GREENCHAIN_DATA_DIR", str(loaded.paths.root))
    app = typer.Typer()
    register(app)
    return app, loaded


def test_sql_prints_a_table_or_csv_read_only(cli: tuple[typer.Typer, Env]) -> None:
    app, _ = cli
    r = CliRunner().invoke(app, ["sql", "SELECT risk_level, count(*) AS n FROM marts.supplier_risk GROUP BY 1 ORDER BY 1"])
    assert r.exit_code == 0, r.output
    assert "risk_level" in r.output and any(level in r.output for level in ("high", "medium", "low", "none"))
    r = CliRunner().invoke(app, ["sql", "--format", "csv", "SELECT record_id, fines FROM core.violations ORDER BY 1 LIMIT 2"])
    assert r.exit_code == 0
    lines = r.output.strip().splitlines()
    assert lines[0] == "record_id,fines" and lines[1].startswith("rec-") and "amount_yuan" in lines[1]


def test_sql_cannot_write_to_the_published_warehouse(cli: tuple[typer.Typer, Env]) -> None:
    app, env = cli
    r = CliRunner().invoke(app, ["sql", "DELETE FROM core.violations"])
    assert r.exit_code != 0 and "read-only" in r.output.lower()
    assert env.rows("SELECT count(*) > 0 FROM core.violations") == [(True,)]


def test_bad_arguments_fail_with_one_line_and_nonzero_exit(cli: tuple[typer.Typer, Env]) -> None:
    app, _ = cli
    for args, needle in (
        (["sql", "SELECT 1", "--format", "xml"], "--format must be one of"),
        (["sql", "SELECT nope FROM core.violations"], "nope"),
        (["load", "--run-id", "no-such-run"], "no normalized records for run 'no-such-run'"),
        (["load", "--run-id", "../etc"], "invalid run id"),
    ):
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 2, (args, r.output)
        assert needle in r.output and len(r.output.strip().splitlines()) == 1, r.output


def test_load_and_export_write_parquet_of_the_core_tables(cli: tuple[typer.Typer, Env], tmp_path: Path) -> None:
    app, env = cli
    env.write_run("r2")
    # the CLI reads the project's config (registry, brands, warehouse.yaml)
    r = CliRunner().invoke(app, ["load", "--run-id", "r2", "--data-dir", str(env.paths.root)])
    assert r.exit_code == 0, r.output
    assert "published" in r.output
    out = tmp_path / "export"
    r = CliRunner().invoke(app, ["export", "--out", str(out)])
    assert r.exit_code == 0, r.output
    violations = pq.read_table(out / "core.violations.parquet")
    assert violations.num_rows == env.rows("SELECT count(*) FROM core.violations")[0][0]
    assert {p.name for p in out.iterdir()} >= {"core.violations.parquet", "core.violation_versions.parquet",
                                                 "core.brand_suppliers.parquet", "core.companies.parquet"}

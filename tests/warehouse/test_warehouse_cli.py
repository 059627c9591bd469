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
        assert needle in r.output and r.output.startswith("error: "), r.output
        if args[0] == "load":
            assert len(r.output.strip().splitlines()) == 1, r.output


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
                                                 "core.brand_suppliers.parquet", "core.companies.parquet",
                                                 "manifest.json"}


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_writes_a_manifest_and_never_contacts_or_secrets(
    cli: tuple[typer.Typer, Env], tmp_path: Path, fmt: str
) -> None:
    import csv
    import hashlib
    import json

    import yaml

    app, env = cli
    # brands with contact e-mails and webhook URLs (as an operator's brands.yaml has them)
    path = env.config_dir / "brands" / "brands.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for b in config["brands"]:
        b["email"] = f"supply-chain@{b['id']}.example.com"
        b["webhook_url"] = f"https://hooks.example.com/{b['id']}/s3cr3t-path"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    contacts = [b[k] for b in config["brands"] for k in ("email", "webhook_url")]
    env.write_run("r2")
    env.load("r2")

    out = tmp_path / fmt
    r = CliRunner().invoke(app, ["export", "--out", str(out), "--format", fmt, "--marts"])
    assert r.exit_code == 0, r.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == fmt and manifest["load"]["run_id"] == "r2"
    assert {"core.violations", "core.brands", "marts.supplier_risk"} <= set(manifest["tables"])
    for name, t in manifest["tables"].items():
        data = (out / t["file"]).read_bytes()
        assert t["sha256"] == hashlib.sha256(data).hexdigest() and t["bytes"] == len(data)
        assert t["rows"] == env.rows(f"SELECT count(*) FROM {name}")[0][0], name
        assert t["columns"] and all(c["type"] for c in t["columns"])
        if fmt == "jsonl":
            assert sum(1 for line in data.splitlines() if line.strip()) == t["rows"]
        if fmt == "csv":
            assert len(list(csv.reader(data.decode("utf-8").splitlines()))) == t["rows"] + 1
    fines = next(c for c in manifest["tables"]["core.violations"]["columns"] if c["name"] == "fine_yuan")
    assert fines["type"].startswith("DECIMAL") and fines["comment"]

    # none of the contacts may leave, in any file, nor be in the warehouse at all
    everything = b"".join(p.read_bytes() for p in out.iterdir())
    for contact in contacts:
        assert contact.encode() not in everything, contact
    columns = {c["name"] for t in manifest["tables"].values() for c in t["columns"]}
    assert not columns & {"email", "webhook_url"}
    warehouse = env.paths.warehouse.read_bytes()
    assert not any(c.encode() in warehouse for c in contacts)
    if fmt == "csv":
        with (out / "core.violations.csv").open(encoding="utf-8") as f:
            row = next(csv.DictReader(f))
        assert json.loads(row["fines"])[0]["raw"].startswith("罚款")

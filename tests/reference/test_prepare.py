"""A run's reference check: generated data only in the demo, a production run without a registry stops."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from greenchain import pipeline
from greenchain.paths import DataPaths
from greenchain.reference import ReferenceMissingError
from greenchain.reference.importing import import_companies
from greenchain.settings import Settings

REGISTRY_CSV = "company_id,name,address\nc1,苏州金像电子有限公司,江苏省苏州市\n"


def _settings(profile: str) -> Settings:
    return Settings.model_validate({"crawl": {"profile": profile}, "reference": {"demo_companies": 200}})


def test_production_run_without_a_registry_stops_and_says_what_to_import(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    with pytest.raises(ReferenceMissingError, match="greenchain reference import companies FILE"):
        pipeline.prepare_reference(paths, _settings("production"), "2026-11-22")
    assert not (paths.reference / "companies.parquet").exists()  # nothing invented


def test_demo_generates_reference_and_production_then_refuses_it(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    out = pipeline.prepare_reference(paths, _settings("simulator"), "2026-11-22")
    assert out["generated"]["companies"] >= 200
    assert out["versions"]["companies"].endswith("(demo)")
    with pytest.raises(ReferenceMissingError, match="generated for the demo"):
        pipeline.prepare_reference(paths, _settings("production"), "2026-11-23")


def test_production_run_with_an_imported_registry_records_its_version(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    src = tmp_path / "reg.csv"
    src.write_text(REGISTRY_CSV, encoding="utf-8")
    version = import_companies(src, paths).version
    out = pipeline.prepare_reference(paths, _settings("production"), "2026-11-22")
    assert out["versions"]["companies"] == f"{version} (imported)"
    rec = json.loads((paths.runs / "2026-11-22" / "reference.json").read_text())
    assert rec["prepare"]["companies"]["version"] == version
    assert rec["prepare"]["companies"]["imported_from"] == str(src)


def test_cli_says_what_to_import_in_one_line(tmp_path: Path) -> None:
    env = {"GREENCHAIN_DATA_DIR": str(tmp_path / "data"), "GREENCHAIN_CRAWL_PROFILE": "production",
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "greenchain.cli.main", "reference", "prepare"],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "greenchain reference import companies FILE" in out.stderr

"""End-to-end fixtures: a simulator on 127.0.0.1, a throwaway data dir, Airflow's SQLite metadata."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from greenchain.paths import PROJECT_ROOT, DataPaths
from simulator.site import SimulatedWeb
from simulator.world import serving


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """`airflow db migrate` once per session, in the test-wide AIRFLOW_HOME set by tests/conftest.py."""
    airflow = Path(sys.executable).parent / "airflow"
    subprocess.run([str(airflow), "db", "migrate"], check=True, capture_output=True)


@pytest.fixture
def simulator() -> Iterator[tuple[str, SimulatedWeb]]:
    with serving(day=1) as (url, web):
        yield url, web


@pytest.fixture
def pipeline_env(tmp_path: Path, simulator: tuple[str, SimulatedWeb], monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    url, _ = simulator
    paths = DataPaths(tmp_path / "data")
    monkeypatch.setenv("GREENCHAIN_DATA_DIR", str(paths.root))
    monkeypatch.setenv("GREENCHAIN_PROXY", url)
    monkeypatch.setenv("GREENCHAIN_CRAWL_PROFILE", "simulator")
    return paths


@pytest.fixture
def load_dag() -> Callable[[str], ModuleType]:
    """Import a DAG file from dags/ the way Airflow's DAG processor does (by path)."""

    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(f"dag_{name}", PROJECT_ROOT / "dags" / f"{name}.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod

    return load

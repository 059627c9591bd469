"""Fixtures for the index tests: they never wait for the real warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from transparency_env import FIXTURES, IndexEnv, Scored, build_warehouse, run_index

from greenchain.paths import PROJECT_ROOT, DataPaths


def make_env(root: Path) -> IndexEnv:
    config_dir = root / "config"
    shutil.copytree(FIXTURES / "config", config_dir)
    shutil.copytree(PROJECT_ROOT / "config" / "methodology", config_dir / "methodology")
    paths = DataPaths(root / "data")
    build_warehouse(paths.warehouse)
    return IndexEnv(paths, config_dir)


@pytest.fixture
def index_env(tmp_path: Path) -> IndexEnv:
    """A fresh copy each test, for tests that edit config or data."""
    return make_env(tmp_path)


@pytest.fixture(scope="session")
def scored_2025(tmp_path_factory: pytest.TempPathFactory) -> Scored:
    """The fixture index for 2025, computed once, for tests that only read it."""
    env = make_env(tmp_path_factory.mktemp("index"))
    return run_index(env, "2025")

"""Fixtures: a throwaway warehouse environment (see whenv.Env), empty or with run r1 loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from whenv import N_SOURCES, Env

from greenchain.paths import DataPaths
from warehouse import synthetic


@pytest.fixture
def env(tmp_path: Path) -> Env:
    config_dir = tmp_path / "config"
    synthetic.write_registry(config_dir, N_SOURCES)
    return Env(tmp_path, DataPaths(tmp_path / "data"), config_dir)


@pytest.fixture
def loaded(env: Env) -> Env:
    env.write_run("r1")
    env.load("r1")
    return env

"""Fixtures: a throwaway warehouse environment (see whenv.Env), empty or with run r1 loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from whenv import N_SOURCES, Env

from greenchain.paths import DataPaths
from warehouse import synthetic


def make_env(root: Path) -> Env:
    config_dir = root / "config"
    synthetic.write_registry(config_dir, N_SOURCES)
    return Env(root, DataPaths(root / "data"), config_dir)


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return make_env(tmp_path)


@pytest.fixture
def loaded(env: Env) -> Env:
    env.write_run("r1")
    env.load("r1")
    return env

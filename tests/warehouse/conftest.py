"""Fixtures: a throwaway warehouse environment (see whenv.Env), empty or with run r1 loaded.

`loaded` is a copy of one warehouse built once per session (building one takes seconds), so tests
that change it never see each other's changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whenv import Env, make_env

from greenchain.paths import DataPaths


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return make_env(tmp_path)


@pytest.fixture(scope="session")
def _loaded_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = make_env(tmp_path_factory.mktemp("loaded-r1"))
    env.write_run("r1")
    env.load("r1")
    return env.root


@pytest.fixture
def loaded(_loaded_once: Path, tmp_path: Path) -> Env:
    root = tmp_path / "env"
    shutil.copytree(_loaded_once, root)
    return Env(root, DataPaths(root / "data"), root / "config")

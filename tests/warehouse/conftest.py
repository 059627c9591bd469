"""Fixtures: a throwaway warehouse environment (see whenv.Env), empty or with run r1 loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from whenv import Env, make_env


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return make_env(tmp_path)


@pytest.fixture
def loaded(env: Env) -> Env:
    env.write_run("r1")
    env.load("r1")
    return env

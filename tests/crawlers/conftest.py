"""Fixtures for crawler tests: a temporary config dir with a small registry, and the fixture proxy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixture_site import FixtureSite, serve
from registry_rows import ROWS, write_config


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return write_config(tmp_path / "config", ROWS)


@pytest.fixture
def site() -> Iterator[tuple[FixtureSite, str]]:
    s = FixtureSite(charsets={"sthjj.trs-demo.gov.cn": "GBK"})
    server, url = serve(s)
    yield s, url
    server.shutdown()


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "data"
    d.mkdir()
    yield d
    shutil.rmtree(d, ignore_errors=True)

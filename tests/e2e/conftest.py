"""End-to-end fixtures: a simulator on 127.0.0.1, a throwaway data dir, Airflow's SQLite metadata."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from greenchain import operations
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


class Inbox:
    """Messages an SMTP server on 127.0.0.1 accepted (aiosmtpd), for failure-notice tests."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802 - aiosmtpd's hook
        self.messages.append(message_from_bytes(envelope.content, policy=default))  # type: ignore[attr-defined]
        return "250 OK"


@pytest.fixture
def smtp_inbox() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def operations_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict], Path]:
    """Point greenchain.operations at a copy of config/operations.yaml with these `notify` settings."""

    def write(notify: dict) -> Path:
        config_dir = tmp_path / "config"
        config_dir.mkdir(exist_ok=True)
        data = yaml.safe_load((PROJECT_ROOT / "config" / "operations.yaml").read_text(encoding="utf-8"))
        data["notify"] = notify
        (config_dir / "operations.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        monkeypatch.setattr(operations, "CONFIG_DIR", config_dir)
        return config_dir

    return write

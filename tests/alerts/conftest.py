"""Fixtures: a small warehouse built from .sql fixtures, config files in a temp dir, and a webhook
receiver on 127.0.0.1 that records every request and answers as the test scripts it."""

from __future__ import annotations

import json
import textwrap
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from alerts.config import AlertsConfig, load_alerts_config
from greenchain.brands import BrandsConfig, load_brands
from greenchain.paths import DataPaths

FIXTURES = Path(__file__).parent / "fixtures"
# a Standard Webhooks secret: whsec_ + base64 of the signing key (31 bytes here)
SECRET = "whsec_dm9sdGVkZ2UtdGVzdC1zZWNyZXQtMzItYnl0ZXMhIQ=="


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int

    @property
    def message(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class Receiver:
    """`respond(n)` gets the 1-based request number and returns the HTTP status to answer."""

    respond: Callable[[int], int] = lambda n: 200
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook"

    @property
    def accepted(self) -> list[Received]:
        return [r for r in self.received if 200 <= r.status < 300]

    def start(self) -> Receiver:
        recv = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with recv.lock:
                    n = len(recv.received) + 1
                    slot = Received(dict(self.headers.items()), body, 0)
                    recv.received.append(slot)
                status = recv.respond(n)  # may block (crash test)
                slot.status = status
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    slot.status = 0  # the sender was gone: nothing was accepted

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def apply_sql(warehouse: Path, fixture: str) -> None:
    """Change the warehouse as a load would (the warehouse engineer's loader is not needed here)."""
    con = duckdb.connect(str(warehouse))
    try:
        con.execute((FIXTURES / fixture).read_text(encoding="utf-8"))
    finally:
        con.close()


@dataclass
class Env:
    paths: DataPaths
    config_dir: Path
    config: AlertsConfig
    brands: BrandsConfig
    secret: str = SECRET  # VoltEdge's webhook secret (set in the environment by the `env` fixture)

    def load(self, fixture: str) -> None:
        apply_sql(self.paths.warehouse, fixture)


def write_config(config_dir: Path, webhook_url: str | None = None, smtp_port: int = 8025,
                 email: str | None = None, max_attempts: int = 4, huaxin_webhook_url: str | None = None,
                 allow_private_targets: bool = True, timeout_s: float = 5, email_extra: str = "") -> None:
    """config/brands/brands.yaml and config/alerts.yaml for the two fixture brands."""
    (config_dir / "brands").mkdir(parents=True, exist_ok=True)
    (config_dir / "brands" / "brands.yaml").write_text(textwrap.dedent("""\
        brands:
          - id: voltedge
            name: VoltEdge Devices
            industry: electronics
            supplier_list: voltedge.csv
          - id: huaxin-textile
            name: 华新纺织服饰
            industry: apparel
            supplier_list: huaxin-textile.csv
        """), encoding="utf-8")
    brands = ""
    if webhook_url:
        brands += f"  voltedge:\n    webhook_url: {webhook_url}\n"
    if email or huaxin_webhook_url:
        brands += "  huaxin-textile:\n"
    if email:
        brands += f"    email: {email}\n"
    if huaxin_webhook_url:
        brands += f"    webhook_url: {huaxin_webhook_url}\n"
    (config_dir / "alerts.yaml").write_text(textwrap.dedent(f"""\
        feed:
          max_entries: 50
        webhook:
          max_attempts: {max_attempts}
          backoff_base_s: 0.05
          backoff_max_s: 0.2
          timeout_s: {timeout_s}
          max_wait_s: 5
          allow_private_targets: {str(allow_private_targets).lower()}  # the receivers are on loopback
        email:
          smtp_host: 127.0.0.1
          smtp_port: {smtp_port}
          sender: alerts@greenchain.test
          timeout_s: 5
        """) + email_extra + ("brands:\n" + brands if brands else "brands: {}\n"), encoding="utf-8")


def make_env(tmp_path: Path, **config: object) -> Env:
    paths = DataPaths(tmp_path / "data")
    paths.warehouse_dir.mkdir(parents=True)
    apply_sql(paths.warehouse, "warehouse_schema.sql")
    apply_sql(paths.warehouse, "warehouse_run1.sql")
    config_dir = tmp_path / "config"
    write_config(config_dir, **config)  # type: ignore[arg-type]
    return Env(paths, config_dir, load_alerts_config(config_dir), load_brands(config_dir))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def env(tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> Env:
    """Warehouse after load 1; VoltEdge has a webhook (the receiver) with its secret in the env."""
    monkeypatch.setenv("GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE", SECRET)
    return make_env(tmp_path, webhook_url=receiver.url)


@pytest.fixture
def new_env(tmp_path: Path) -> Callable[..., Env]:
    """Build another environment with other settings (email, attempts), under this test's tmp dir."""
    return lambda **config: make_env(tmp_path, **config)


@pytest.fixture
def volt_secret(monkeypatch: pytest.MonkeyPatch) -> str:
    """VoltEdge's webhook secret, set in the environment (for environments made with `new_env`)."""
    monkeypatch.setenv("GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE", SECRET)
    return SECRET

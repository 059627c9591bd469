"""How the DAGs run: limits on every task and run, declared pools, one notice per failure."""

from __future__ import annotations

import importlib.util
import json
import re
import socket
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

from alerts.signing import new_secret, standard_signature
from greenchain.airflow_notify import OperatorNotifier, send_notice
from greenchain.configfile import ConfigError
from greenchain.operations import Notify, load_operations_config, pools_json
from greenchain.paths import PROJECT_ROOT, DataPaths

DAGS = {"greenchain_daily": "daily", "greenchain_index": "index_dag"}


def _dag(name: str):
    spec = importlib.util.spec_from_file_location(f"dag_{name}", PROJECT_ROOT / "dags" / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return getattr(mod, DAGS[name])


@pytest.mark.parametrize("name", sorted(DAGS))
def test_every_task_and_run_has_a_time_limit_and_tells_the_operator(name: str) -> None:
    dag = _dag(name)
    assert dag.dagrun_timeout is not None and dag.dagrun_timeout.total_seconds() >= 3600
    assert isinstance(dag.on_failure_callback, OperatorNotifier)
    pools = set(load_operations_config().pools)
    for task in dag.tasks:
        assert task.execution_timeout is not None, task.task_id
        callbacks = task.on_failure_callback
        callbacks = callbacks if isinstance(callbacks, list) else [callbacks]
        assert any(isinstance(cb, OperatorNotifier) for cb in callbacks), task.task_id
        assert task.pool == "default_pool" or task.pool in pools, (task.task_id, task.pool)


def test_no_dag_reads_ds() -> None:
    for name in DAGS:
        source = (PROJECT_ROOT / "dags" / f"{name}.py").read_text(encoding="utf-8")
        assert not re.search(r"""\[["']ds["']\]|\.get\(["']ds["']\)|\{\{\s*ds\s*\}\}""", source), name


def test_pools_are_declared_in_the_format_airflow_imports() -> None:
    pools = json.loads(pools_json(load_operations_config()))
    assert pools["warehouse_writer"]["slots"] == 1 and pools["crawl"]["slots"] >= 1


def _config(tmp_path: Path, text: str) -> Path:
    d = tmp_path / "config"
    d.mkdir()
    src = (PROJECT_ROOT / "config" / "operations.yaml").read_text(encoding="utf-8")
    (d / "operations.yaml").write_text(src.replace(*text.split(" => ")), encoding="utf-8")
    return d


@pytest.mark.parametrize(("edit", "expected"), [
    ("    load: 120\n => ", "task_minutes must name exactly"),
    ("  email: [] =>   email: [ops at example.org]", "not an e-mail address"),
    ("    slots: 1 =>     slots: 0", "greater than or equal to 1"),
])
def test_a_bad_operations_file_names_file_and_line(tmp_path: Path, edit: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=r"operations\.yaml:\d+: .*" + re.escape(expected)):
        load_operations_config(_config(tmp_path, edit))


def _context(run_id: str, task_id: str | None, error: Exception | None = None) -> dict:
    dag_run = SimpleNamespace(dag_id="greenchain_daily", run_id=run_id)
    if task_id is None:  # Airflow's run-level context: a reason, and the last task's context
        ti = SimpleNamespace(task_id="crawl", map_index=0, try_number=1, run_id=run_id, log_url=None)
        return {"dag_run": dag_run, "reason": "timed_out", "ti": ti}
    ti = SimpleNamespace(task_id=task_id, map_index=-1, try_number=3, run_id=run_id, log_url=None)
    return {"dag_run": dag_run, "ti": ti, "exception": error}


def test_one_notice_per_failed_task_and_none_for_the_run_it_failed(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    cfg = Notify()  # no addresses: logged and recorded only
    assert send_notice(cfg, _context("r1", "load", RuntimeError("disk full")), paths) == "logged"
    assert send_notice(cfg, _context("r1", "load", RuntimeError("disk full")), paths) is None  # a repeat
    assert send_notice(cfg, _context("r1", None), paths) is None  # the run failed because load did
    assert send_notice(cfg, _context("r1", "alerts"), paths) == "logged"  # another task: its own notice
    # a run that failed with no failed task (its time limit) is reported at run level
    assert send_notice(cfg, _context("r2", None), paths) == "logged"


def test_each_failed_crawl_shard_has_its_own_notice(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    for shard in (0, 1, 0):
        ctx = _context("r1", "crawl")
        ctx["ti"].map_index = shard
        send_notice(Notify(), ctx, paths)
    with sqlite3.connect(paths.runs / "notifications.sqlite") as con:
        assert con.execute("SELECT task_id, map_index FROM notices ORDER BY map_index").fetchall() == [
            ("crawl", 0), ("crawl", 1)]


def test_a_notice_that_cannot_be_mailed_is_still_recorded(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = Notify.model_validate({"email": ["ops@example.org"], "smtp": {"smtp_host": "127.0.0.1", "smtp_port": port,
                                                                        "timeout_s": 2}})
    delivery = send_notice(cfg, _context("r1", "match", ValueError("x")), DataPaths(tmp_path / "data"))
    assert delivery is not None and delivery.startswith("e-mail failed: ConnectionRefusedError")


class _Receiver(BaseHTTPRequestHandler):
    """An operator's incoming webhook on loopback: records each POST, answers with `status`."""

    status = 204
    location: str | None = None
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(self.status)
        if self.location:
            self.send_header("Location", self.location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver():
    handler = type("Receiver", (_Receiver,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}/hooks/ops"
    finally:
        server.shutdown()
        server.server_close()


def test_a_failed_task_posts_one_signed_webhook_notice(tmp_path: Path, receiver, monkeypatch) -> None:
    handler, url = receiver
    secret = new_secret()
    monkeypatch.setenv("GREENCHAIN_OPS_WEBHOOK_SECRET", secret)
    cfg = Notify.model_validate({"webhook": {"url": url, "secret_env": "GREENCHAIN_OPS_WEBHOOK_SECRET"}})
    paths = DataPaths(tmp_path / "data")
    assert send_notice(cfg, _context("r1", "load", RuntimeError("disk full")), paths) == "webhook HTTP 204"
    assert send_notice(cfg, _context("r1", "load", RuntimeError("disk full")), paths) is None  # after the last try only
    assert send_notice(cfg, _context("r1", None), paths) is None
    assert len(handler.received) == 1
    headers, body = handler.received[0]
    notice = json.loads(body)
    assert (notice["dag_id"], notice["run_id"], notice["task_id"]) == ("greenchain_daily", "r1", "load")
    assert "RuntimeError: disk full" in notice["text"] and "airflow tasks clear" in notice["text"]
    # a receiver verifies it with the Standard Webhooks scheme and the shared secret
    expected = standard_signature(secret, headers["webhook-id"], int(headers["webhook-timestamp"]), body)
    assert headers["webhook-signature"] == expected
    with sqlite3.connect(paths.runs / "notifications.sqlite") as con:
        assert con.execute("SELECT delivery FROM notices").fetchall() == [("webhook HTTP 204",)]


def test_a_webhook_notice_follows_no_redirect_and_a_refusal_is_recorded(tmp_path: Path, receiver,
                                                                         monkeypatch) -> None:
    handler, url = receiver
    handler.status, handler.location = 307, "http://169.254.169.254/latest/meta-data/"
    cfg = Notify.model_validate({"webhook": {"url": url}})
    delivery = send_notice(cfg, _context("r1", "match", ValueError("x")), DataPaths(tmp_path / "data"))
    assert delivery == "webhook failed: HTTP 307" and len(handler.received) == 1
    # a configured secret that is missing from the environment: nothing is sent unsigned
    cfg = Notify.model_validate({"webhook": {"url": url, "secret_env": "GREENCHAIN_OPS_UNSET"}})
    monkeypatch.delenv("GREENCHAIN_OPS_UNSET", raising=False)
    delivery = send_notice(cfg, _context("r1", "alerts", ValueError("x")), DataPaths(tmp_path / "data"))
    assert delivery == "webhook not sent: $GREENCHAIN_OPS_UNSET is not set" and len(handler.received) == 1

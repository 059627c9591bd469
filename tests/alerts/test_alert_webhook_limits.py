"""Hostile webhook receivers (issue 18): slow drips, huge answers, slow brands, and targets that
resolve to loopback, private or metadata addresses. Every receiver is on 127.0.0.1 and small."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from alerts.outbox import outbox_path
from alerts.run import process_alerts
from alerts.webhook_target import refusal


class Scripted:
    """A receiver on 127.0.0.1 whose `answer(handler)` writes whatever bytes the test wants."""

    def __init__(self, answer: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.arrivals: list[tuple[float, dict[str, str]]] = []
        recv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                self.rfile.read(int(self.headers["Content-Length"]))
                recv.arrivals.append((time.monotonic(), dict(self.headers.items())))
                with contextlib.suppress(OSError):  # the sender hung up: what these tests want
                    answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted() -> Iterator[Callable[[Callable[[BaseHTTPRequestHandler], None]], Scripted]]:
    started: list[Scripted] = []

    def start(answer: Callable[[BaseHTTPRequestHandler], None]) -> Scripted:
        started.append(Scripted(answer))
        return started[-1]

    yield start
    for s in started:
        s.stop()


def _deliveries(env) -> list[tuple[str, str, str | None]]:
    con = sqlite3.connect(outbox_path(env.paths))
    try:
        return con.execute("SELECT m.brand_id, d.state, d.last_error FROM deliveries d JOIN messages m USING (key) "
                           "WHERE d.channel = 'webhook' ORDER BY m.seq").fetchall()
    finally:
        con.close()


def _run(env) -> dict:
    return process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)


def test_receiver_dripping_its_answer_is_cut_at_the_total_deadline(new_env, scripted, monkeypatch, volt_secret):
    def drip(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(40):  # one byte every 0.2 s: each read is quick, the whole answer takes 8 s
            h.wfile.write(b"a")
            h.wfile.flush()
            time.sleep(0.2)
        h.wfile.write(b"\r\nContent-Length: 0\r\n\r\n")

    slow = scripted(drip)
    env = new_env(webhook_url=slow.url, max_attempts=1, timeout_s=1)

    started = time.monotonic()
    out = _run(env)
    elapsed = time.monotonic() - started

    assert out["delivery"]["webhook"]["dead_lettered"] == 2
    assert elapsed < 5, f"two 1 s deadlines took {elapsed:.1f} s"
    assert {(state, error) for _, state, error in _deliveries(env)} == {("dead", "no answer within the 1 s deadline")}


def test_a_slow_brand_does_not_delay_another_brand(new_env, scripted, monkeypatch, volt_secret):
    def slow_ok(h: BaseHTTPRequestHandler) -> None:
        time.sleep(1.0)
        h.send_response(200)
        h.send_header("Content-Length", "0")
        h.end_headers()

    def fast_ok(h: BaseHTTPRequestHandler) -> None:
        h.send_response(204)
        h.end_headers()

    slow, fast = scripted(slow_ok), scripted(fast_ok)
    monkeypatch.setenv("GREENCHAIN_WEBHOOK_SECRET_HUAXIN_TEXTILE", volt_secret.replace("dm9s", "aHVh"))
    # huaxin-textile sorts first and takes 3 x 1 s; voltedge must not wait for it
    env = new_env(webhook_url=fast.url, huaxin_webhook_url=slow.url)

    out = _run(env)

    assert out["delivery"]["webhook"]["delivered"] == 5
    assert len(slow.arrivals) == 3 and len(fast.arrivals) == 2
    first_slow = slow.arrivals[0][0]
    assert max(t for t, _ in fast.arrivals) < first_slow + 0.9  # done while huaxin's first answer is pending


def test_a_huge_error_answer_is_read_only_up_to_the_cap(new_env, scripted, monkeypatch, volt_secret):
    total = 64 * 2**20
    sent = [0]

    def huge(h: BaseHTTPRequestHandler) -> None:
        h.send_response(500)
        h.send_header("Content-Length", str(total))
        h.end_headers()
        chunk = b"x" * 65_536
        while sent[0] < total:
            h.wfile.write(chunk)
            sent[0] += len(chunk)

    big = scripted(huge)
    env = new_env(webhook_url=big.url, max_attempts=1)

    _run(env)

    assert sent[0] < total // 2, f"the sender read {sent[0]} of {total} bytes"
    errors = {error for _, _, error in _deliveries(env)}
    assert errors == {"HTTP 500: " + "x" * 200}


def test_loopback_target_is_refused_unless_enabled(new_env, receiver, monkeypatch, volt_secret):
    env = new_env(webhook_url=receiver.url, allow_private_targets=False, max_attempts=1)

    _run(env)

    assert receiver.received == []
    assert {error for _, _, error in _deliveries(env)} == {
        "webhook host 127.0.0.1 resolves to 127.0.0.1, a loopback address; refused "
        "(webhook.allow_private_targets is off)"}


def test_a_name_is_judged_by_the_addresses_it_resolves_to(new_env, receiver, monkeypatch, volt_secret):
    port = receiver.server.server_address[1]
    env = new_env(webhook_url=f"http://localhost:{port}/hook", allow_private_targets=False, max_attempts=1)

    _run(env)

    assert receiver.received == []
    assert all("resolves to" in error and "loopback" in error for _, _, error in _deliveries(env))


def _fake_dns(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Resolve the given names to the given addresses (and count lookups); other names as usual."""
    real, asked = socket.getaddrinfo, []

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            asked.append(host)
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (a, port) if ":" not in a else (a, port, 0, 0)) for a in answers[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_one_private_address_among_public_ones_is_enough_to_refuse(new_env, monkeypatch, volt_secret):
    _fake_dns(monkeypatch, {"hooks.voltedge.test": ["93.184.216.34", "10.20.30.40"]})
    env = new_env(webhook_url="http://hooks.voltedge.test/hook", allow_private_targets=False, max_attempts=1)

    _run(env)  # refused before any connection: no traffic leaves loopback

    assert {error for _, _, error in _deliveries(env)} == {
        "webhook host hooks.voltedge.test resolves to 10.20.30.40, a private-network address; refused "
        "(webhook.allow_private_targets is off)"}


def test_the_request_goes_to_the_address_that_was_checked_with_the_name_as_host(new_env, receiver, monkeypatch, volt_secret):
    asked = _fake_dns(monkeypatch, {"hooks.voltedge.test": ["127.0.0.1"]})
    port = receiver.server.server_address[1]
    env = new_env(webhook_url=f"http://hooks.voltedge.test:{port}/hook")  # a test enables loopback

    _run(env)

    assert len(receiver.accepted) == 2
    assert {r.headers["Host"] for r in receiver.accepted} == {f"hooks.voltedge.test:{port}"}
    assert asked == ["hooks.voltedge.test"] * 2  # one lookup per attempt; no second one to rebind


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"), ("2002:7f00:1::", "loopback"),  # IPv4-mapped, 6to4
    ("10.1.2.3", "private"), ("172.16.0.9", "private"), ("192.168.1.1", "private"), ("fd12::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("100.100.100.200", "metadata"), ("fd00:ec2::254", "metadata"),
    ("100.64.0.1", "not publicly routable"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
])
def test_addresses_webhooks_may_not_reach(address, reason):
    assert reason in refusal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "114.114.114.114", "2400:3200::1"])
def test_public_addresses_are_allowed(address):
    assert refusal(ipaddress.ip_address(address)) is None

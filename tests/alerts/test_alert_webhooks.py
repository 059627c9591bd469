"""Signed webhooks: retries with backoff, dead letters, and exactly-once delivery across a crash."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from alerts.outbox import outbox_path
from alerts.run import process_alerts, requeue_dead
from alerts.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, new_secret, verify
from greenchain.paths import PROJECT_ROOT


def _run(env, run_id: str = "2026-11-22") -> dict:
    return process_alerts(run_id, env.paths, config=env.config, brands=env.brands)


def _ids(received) -> list[str]:
    return [r.headers["X-Greenchain-Id"] for r in received]


def _states(env) -> Counter:
    con = sqlite3.connect(outbox_path(env.paths))
    try:
        return Counter(s for (s,) in con.execute("SELECT state FROM deliveries WHERE channel = 'webhook'"))
    finally:
        con.close()


def _errors(env) -> set[str]:
    con = sqlite3.connect(outbox_path(env.paths))
    try:
        return {e for (e,) in con.execute("SELECT last_error FROM deliveries WHERE channel = 'webhook'")}
    finally:
        con.close()


def test_receiver_failing_twice_then_succeeding_gets_exactly_one_accepted_delivery(env, receiver):
    receiver.respond = lambda n: 500 if n <= 2 else 200

    out = _run(env)

    first, second = dict.fromkeys(_ids(receiver.received))
    # the first message is retried until accepted; the second waits for it (order per brand)
    assert _ids(receiver.received) == [first, first, first, second]
    assert Counter(_ids(receiver.accepted)) == {first: 1, second: 1}
    assert out["delivery"]["webhook"] == {"delivered": 2, "failed": 2, "dead_lettered": 0, "waiting": 0}
    assert _states(env) == {"delivered": 2}


def test_every_attempt_verifies_with_the_standardwebhooks_library(env, receiver):
    receiver.respond = lambda n: 500 if n == 1 else 200
    _run(env)

    assert len(receiver.received) == 3
    for r in receiver.received:
        alert = Webhook(env.secret).verify(r.body, r.headers)
        assert alert["id"] == r.headers["webhook-id"] == r.headers["X-Greenchain-Id"]
        with pytest.raises(WebhookVerificationError):
            Webhook(new_secret()).verify(r.body, r.headers)
        with pytest.raises(WebhookVerificationError):
            Webhook(env.secret).verify(r.body.replace(b"rec-", b"rex-"), r.headers)
        with pytest.raises(WebhookVerificationError):  # the id is covered: no replay under another id
            Webhook(env.secret).verify(r.body, {**r.headers, "webhook-id": "another-id"})


def test_during_rotation_both_secrets_verify_and_the_old_headers_use_the_current_one(env, receiver, monkeypatch):
    current = new_secret()
    monkeypatch.setenv("GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE", f"{current} {env.secret}")

    _run(env)

    assert len(receiver.accepted) == 2
    for r in receiver.accepted:
        assert len(r.headers["webhook-signature"].split(" ")) == 2
        assert Webhook(current).verify(r.body, r.headers)["brand_id"] == "voltedge"
        assert Webhook(env.secret).verify(r.body, r.headers)["brand_id"] == "voltedge"
        assert verify(current, r.headers[TIMESTAMP_HEADER], r.headers[SIGNATURE_HEADER], r.body)


def test_three_secrets_at_once_are_refused(env, receiver, monkeypatch):
    monkeypatch.setenv("GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE", " ".join(new_secret() for _ in range(3)))

    _run(env)

    assert receiver.received == []
    assert _errors(env) == {"webhook secret unusable: 3 secrets for voltedge: at most 2 "
                            "(the current one and the previous one)"}


def test_previous_headers_are_still_signed_over_timestamp_and_raw_body(env, receiver):
    receiver.respond = lambda n: 500 if n == 1 else 200
    _run(env)

    for r in receiver.received:
        ts, sig = r.headers[TIMESTAMP_HEADER], r.headers[SIGNATURE_HEADER]
        assert verify(env.secret, ts, sig, r.body)
        assert not verify("another-brands-secret", ts, sig, r.body)
        assert not verify(env.secret, ts, sig, r.body.replace(b"rec-", b"rex-"))
        assert not verify(env.secret, str(int(ts) + 1), sig, r.body)  # the timestamp is covered too


def test_endpoint_that_never_accepts_is_dead_lettered_then_retried_on_request(new_env, receiver, monkeypatch, volt_secret):
    env = new_env(webhook_url=receiver.url, max_attempts=3)
    receiver.respond = lambda n: 503

    out = _run(env)

    assert out["delivery"]["webhook"]["dead_lettered"] == 2
    assert len(receiver.received) == 6  # 3 attempts for each of the two messages
    assert _states(env) == {"dead": 2}

    receiver.respond = lambda n: 200
    assert requeue_dead(env.paths) == 2
    assert _run(env)["delivery"]["webhook"]["delivered"] == 2
    assert _states(env) == {"delivered": 2}


def test_missing_secret_fails_the_delivery_instead_of_sending_unsigned(env, receiver, monkeypatch):
    monkeypatch.delenv("GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE")

    out = _run(env)

    assert receiver.received == []
    assert out["delivery"]["webhook"]["delivered"] == 0
    con = sqlite3.connect(outbox_path(env.paths))
    errors = {e for (e,) in con.execute("SELECT last_error FROM deliveries WHERE channel = 'webhook'")}
    con.close()
    assert errors == {"no webhook secret: set $GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE or the secrets file"}


def test_secret_from_the_local_secrets_file(env, receiver, monkeypatch):
    monkeypatch.delenv("GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE")
    (env.paths.alerts).mkdir(parents=True, exist_ok=True)
    plain = "a-plain-secret-of-the-previous-form-32+"  # still accepted: key = its UTF-8 bytes
    secrets_file = env.paths.root / env.config.secrets_file
    secrets_file.write_text(f"voltedge: {plain}\n", encoding="utf-8")
    secrets_file.chmod(0o600)

    _run(env)

    assert len(receiver.accepted) == 2
    r = receiver.accepted[0]
    assert verify(plain, r.headers[TIMESTAMP_HEADER], r.headers[SIGNATURE_HEADER], r.body)
    assert Webhook(plain.encode()).verify(r.body, r.headers)["id"] == r.headers["webhook-id"]


def test_secrets_file_readable_by_other_users_is_refused(env, receiver, monkeypatch):
    monkeypatch.delenv("GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE")
    (env.paths.alerts).mkdir(parents=True, exist_ok=True)
    secrets_file = env.paths.root / env.config.secrets_file
    secrets_file.write_text(f"voltedge: {env.secret}\n", encoding="utf-8")
    secrets_file.chmod(0o644)

    _run(env)

    assert receiver.received == []
    assert _errors(env) == {f"webhook secret unusable: {secrets_file}: readable by other users; "
                            f"`chmod 600 {secrets_file}` (it holds webhook secrets)"}


def test_secret_shorter_than_24_bytes_is_refused_not_used(env, receiver, monkeypatch):
    monkeypatch.setenv("GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE", "s3cret")

    _run(env)

    assert receiver.received == []
    assert _errors(env) == {"webhook secret unusable: secret too short: its key has 6 bytes, at least 24 are needed"}


def test_crash_between_outbox_commit_and_delivery_then_rerun_delivers_each_message_once(env, receiver):
    second_arrived, release = threading.Event(), threading.Event()

    def respond(n: int) -> int:
        if n == 1:
            return 200
        if n == 2:  # the outbox is committed and delivery under way: hold this request, kill the sender
            second_arrived.set()
            release.wait(30)
            return 503
        return 200

    receiver.respond = respond
    child_env = {**os.environ, "GREENCHAIN_DATA_DIR": str(env.paths.root),
                 "GREENCHAIN_CONFIG_DIR": str(env.config_dir),
                 "GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE": env.secret}
    code = "from alerts.run import process_alerts; process_alerts('2026-11-22')"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=child_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert second_arrived.wait(45), proc.stderr.read().decode() if proc.poll() is not None else "no request"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert _states(env) == {"delivered": 1, "pending": 1}

    out = _run(env)  # the next run: nothing new to enqueue, the pending message goes out

    assert sum(out["events"].values()) == 0
    assert out["delivery"]["webhook"]["delivered"] == 1
    con = sqlite3.connect(outbox_path(env.paths))
    keys = {k for (k,) in con.execute("SELECT key FROM messages WHERE brand_id = 'voltedge'")}
    con.close()
    assert Counter(_ids(receiver.accepted)) == dict.fromkeys(keys, 1)
    assert _run(env)["delivery"]["webhook"]["delivered"] == 0


def test_delivery_called_from_inside_an_event_loop_still_delivers(env, receiver):
    import asyncio

    async def inside_a_loop() -> dict:  # as an async scheduler or a notebook would call it
        return _run(env)

    out = asyncio.run(inside_a_loop())

    assert out["delivery"]["webhook"]["delivered"] == 2 and len(receiver.accepted) == 2

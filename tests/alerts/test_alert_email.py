"""The daily email digest, sent to a local aiosmtpd server on 127.0.0.1 (plain, STARTTLS, SMTPS)."""

from __future__ import annotations

import json
import socket
import sqlite3
import ssl
import time
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime

import pytest
import trustme
from aiosmtpd.controller import Controller

from alerts import outbox
from alerts.config import resolve_target
from alerts.digest import deliver_digests
from alerts.outbox import outbox_path
from alerts.run import process_alerts


class Inbox:
    def __init__(self) -> None:
        self.mails: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.mails.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_brand_gets_one_digest_a_day_listing_its_alerts(new_env, smtp):
    inbox, port = smtp
    env = new_env(smtp_port=port, email="esg@huaxin.test")

    out = process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)

    assert out["delivery"]["email"]["delivered"] == 3
    assert len(inbox.mails) == 1
    rcpt, raw = inbox.mails[0]
    assert rcpt == ["esg@huaxin.test"]
    mail = message_from_bytes(raw, policy=policy.default)
    assert mail["Subject"].startswith("greenchain: 3 supplier alert(s) for huaxin-textile, ")
    text = mail.get_body(("plain",)).get_content()
    for decision in ("苏环罚字〔2026〕12号", "苏环罚(昆)〔2026〕88号", "锡环罚〔2026〕3号"):
        assert decision in text
    attachment = next(mail.iter_attachments())
    assert {m["record_id"] for m in json.loads(attachment.get_content())} == {"rec-a", "rec-b", "rec-c"}

    # later the same day: new alerts wait for tomorrow's digest
    env.load("warehouse_run2.sql")
    again = process_alerts("2026-11-23", env.paths, config=env.config, brands=env.brands)
    assert len(inbox.mails) == 1
    assert again["delivery"]["email"] == {"delivered": 0, "failed": 0, "dead_lettered": 0, "waiting": 5}

    # tomorrow they go out together
    con = outbox.connect(env.paths)
    try:
        targets = {"huaxin-textile": resolve_target("huaxin-textile", env.config, env.brands)}
        tomorrow = deliver_digests(con, targets, env.config, time.time() + 86_400)
    finally:
        con.close()
    assert tomorrow.delivered == 5 and len(inbox.mails) == 2


def test_digest_has_date_and_list_unsubscribe_headers(new_env, smtp):
    inbox, port = smtp
    env = new_env(smtp_port=port, email="esg@huaxin.test")

    process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)

    mail = message_from_bytes(inbox.mails[0][1], policy=policy.default)
    assert abs(parsedate_to_datetime(mail["Date"]).timestamp() - time.time()) < 120
    assert mail["List-Unsubscribe"].strip() == "<mailto:alerts@greenchain.test?subject=unsubscribe%20huaxin-textile>"
    assert mail["Auto-Submitted"] == "auto-generated"


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    """A private CA and a certificate for 127.0.0.1 (trustme); the CA is in no system store."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    folder = tmp_path_factory.mktemp("tls")
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server)
    return folder / "ca.pem", server


@pytest.fixture(params=["starttls", "smtps"])
def tls_smtp(request, tls_files):
    """(inbox, port, mode, ca_file) of a TLS-only SMTP server on 127.0.0.1, in both TLS modes."""
    mode, (ca_file, server_ctx) = request.param, tls_files
    kwargs = {"ssl_context": server_ctx} if mode == "smtps" else {"tls_context": server_ctx, "require_starttls": True}
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), **kwargs)
    controller.start()
    yield inbox, controller.port, mode, ca_file
    controller.stop()


def test_tls_modes_deliver_when_the_server_certificate_verifies(new_env, tls_smtp):
    inbox, port, mode, ca_file = tls_smtp
    env = new_env(smtp_port=port, email="esg@huaxin.test", email_extra=f"  tls: {mode}\n  ca_file: {ca_file}\n")

    out = process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)

    assert out["delivery"]["email"]["delivered"] == 3 and len(inbox.mails) == 1


def test_tls_with_an_unverifiable_certificate_sends_nothing(new_env, tls_smtp):
    inbox, port, mode, _ = tls_smtp  # the private CA is not in the system store, and no ca_file names it
    env = new_env(smtp_port=port, email="esg@huaxin.test", email_extra=f"  tls: {mode}\n")

    out = process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)

    assert out["delivery"]["email"]["delivered"] == 0 and inbox.mails == []
    con = sqlite3.connect(outbox_path(env.paths))
    errors = {e for (e,) in con.execute("SELECT last_error FROM deliveries WHERE channel = 'email'")}
    con.close()
    assert len(errors) == 1 and "CERTIFICATE_VERIFY_FAILED" in errors.pop()


def test_password_is_never_sent_over_plain_smtp_to_another_host(new_env, monkeypatch):
    monkeypatch.setenv("SMTP_USER", "alerts")
    monkeypatch.setenv("SMTP_PASSWORD", "hunter2")
    env = new_env(email="esg@huaxin.test",
                  email_extra="  username_env: SMTP_USER\n  password_env: SMTP_PASSWORD\n")
    env.config.email.smtp_host = "smtp.example.invalid"  # refused before any connection is attempted

    out = process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)

    assert out["delivery"]["email"]["failed"] == 3
    con = sqlite3.connect(outbox_path(env.paths))
    errors = {e for (e,) in con.execute("SELECT last_error FROM deliveries WHERE channel = 'email'")}
    con.close()
    assert errors == {"ValueError: refusing to send the SMTP password unencrypted: set email.tls to starttls or smtps"}

"""The daily email digest, sent to a local aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from alerts import outbox
from alerts.config import resolve_target
from alerts.digest import deliver_digests
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

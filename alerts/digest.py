"""The daily email digest: at most one email per brand and UTC day, listing its pending alerts.

The digest id (and so the Message-ID) is derived from brand, day and the alerts it lists, so a
digest re-sent after a crash between SMTP acceptance and the outbox commit carries the same
Message-ID and can be recognised as a duplicate by the receiving side.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import os
import smtplib
import sqlite3
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote

from alerts.config import AlertsConfig, EmailSettings, Target
from alerts.feeds import summary, title
from alerts.outbox import one, transaction
from alerts.sqlfiles import query
from alerts.tally import Tally

log = logging.getLogger("greenchain.alerts.digest")


def unsubscribe_target(brand_id: str, cfg: EmailSettings) -> str:
    """The List-Unsubscribe URI: the configured one, else a mail to the sender asking to stop."""
    if cfg.unsubscribe:
        return cfg.unsubscribe.replace("{brand}", quote(brand_id))
    return f"mailto:{cfg.sender}?subject={quote(f'unsubscribe {brand_id}')}"


def digest_message(brand_id: str, to: str, cfg: EmailSettings, day: str, digest_id: str,
                   bodies: list[dict[str, Any]], now: float) -> EmailMessage:
    """One plain-text email listing the alerts, with the full messages attached as JSON."""
    msg = EmailMessage()
    msg["Subject"] = f"greenchain: {len(bodies)} supplier alert(s) for {brand_id}, {day}"
    msg["From"] = cfg.sender
    msg["To"] = to
    msg["Date"] = format_datetime(datetime.fromtimestamp(now, UTC))
    msg["Message-ID"] = f"<{digest_id}@greenchain.alerts>"
    msg["List-Unsubscribe"] = f"<{unsubscribe_target(brand_id, cfg)}>"
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to an automatic digest
    parts = [f"{len(bodies)} supplier alert(s) for {brand_id} on {day}.", ""]
    for i, b in enumerate(bodies, start=1):
        parts += [f"{i}. {title(b)}", summary(b), f"   alert id {b['id']}", ""]
    msg.set_content("\n".join(parts))
    attachment = json.dumps(bodies, ensure_ascii=False, indent=1).encode("utf-8")
    msg.add_attachment(attachment, maintype="application", subtype="json", filename=f"alerts-{brand_id}-{day}.json")
    return msg


def tls_context(e: EmailSettings) -> ssl.SSLContext:
    """A verifying context: certificate chain and host name checked (system store, plus ca_file)."""
    return ssl.create_default_context(cafile=e.ca_file)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _send(msg: EmailMessage, cfg: AlertsConfig) -> None:
    e = cfg.email
    if e.username_env and e.tls == "none" and not _is_loopback(e.smtp_host):
        raise ValueError("refusing to send the SMTP password unencrypted: set email.tls to starttls or smtps")
    smtp: smtplib.SMTP
    if e.tls == "smtps":
        smtp = smtplib.SMTP_SSL(e.smtp_host, e.smtp_port, timeout=e.timeout_s, context=tls_context(e))
    else:
        smtp = smtplib.SMTP(e.smtp_host, e.smtp_port, timeout=e.timeout_s)
    with smtp:
        if e.tls == "starttls":
            smtp.starttls(context=tls_context(e))  # no fallback to plain text if the server lacks it
        if e.username_env:
            smtp.login(os.environ[e.username_env], os.environ.get(e.password_env or "", ""))
        smtp.send_message(msg)


def deliver_digests(con: sqlite3.Connection, targets: dict[str, Target], cfg: AlertsConfig, now: float) -> Tally:
    """Email each brand with pending email deliveries its digest, unless it already had one today."""
    tally = Tally()
    day = datetime.fromtimestamp(now, UTC).date().isoformat()
    by_brand: dict[str, list[sqlite3.Row]] = {}
    for row in con.execute(query("pending"), {"channel": "email"}).fetchall():
        by_brand.setdefault(row["brand_id"], []).append(row)
    for brand, rows in by_brand.items():
        if one(con, "digest_sent", brand_id=brand, day=day):
            tally.waiting += len(rows)  # today's digest went out; these wait for tomorrow's
            continue
        target = targets.get(brand)
        keys = [r["key"] for r in rows]
        digest_id = hashlib.sha256("\x1f".join([brand, day, *keys]).encode()).hexdigest()[:32]
        try:
            if target is None or not target.email:
                raise ValueError("no email address configured for this brand")
            _send(digest_message(brand, target.email, cfg.email, day, digest_id,
                                 [json.loads(r["body"]) for r in rows], now), cfg)
        except (OSError, smtplib.SMTPException, ValueError, KeyError) as e:
            error = f"{type(e).__name__}: {e}"
            log.warning("digest for %s failed: %s", brand, error)
            with transaction(con):
                for r in rows:
                    state = con.execute(query("mark_failed"), {
                        "key": r["key"], "channel": "email", "error": error,
                        "next_attempt_at": now, "max_attempts": cfg.email.max_attempts,
                    }).fetchone()[0]
                    if state == "dead":
                        tally.dead_lettered += 1
                    else:
                        tally.failed += 1
            continue
        sent_at = datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
        with transaction(con):
            con.execute(query("insert_digest"), {"digest_id": digest_id, "brand_id": brand, "day": day,
                                                 "sent_at": sent_at, "messages": len(rows)})
            for r in rows:
                con.execute(query("mark_delivered"), {"key": r["key"], "channel": "email", "at": sent_at})
        tally.delivered += len(rows)
    return tally


def send_email(msg: EmailMessage, settings: EmailSettings) -> None:
    """Send one message with these SMTP settings (the operators' failure notices go out this way too)."""
    _send(msg, AlertsConfig(email=settings))

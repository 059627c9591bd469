"""Failure notices to the operator from the DAGs: one per failed task, or one per run that failed
without a failed task (a run timeout), never one per retry.

Every notice is logged and recorded in data/runs/notifications.sqlite (the record is what makes it
"exactly one": a callback that fires twice for the same task, and the run-level callback after a
task already reported, find their notice recorded and send nothing). With addresses in
config/operations.yaml (notify.email) it is also e-mailed, through the same SMTP code as the brand
digests (alerts.digest.send_email); with notify.webhook it is also POSTed as JSON, signed the Standard
Webhooks way when a secret is configured (alerts.signing).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from greenchain.operations import Notify, NotifyWebhook
from greenchain.paths import DataPaths

log = logging.getLogger("greenchain.notify")
RUN_LEVEL = "(run)"
_SCHEMA = """CREATE TABLE IF NOT EXISTS notices (
    dag_id TEXT NOT NULL, run_id TEXT NOT NULL, task_id TEXT NOT NULL, map_index INTEGER NOT NULL,
    sent_at TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, delivery TEXT NOT NULL,
    PRIMARY KEY (dag_id, run_id, task_id, map_index))"""


def notices_path(paths: DataPaths) -> Path:
    return paths.runs / "notifications.sqlite"


@contextlib.contextmanager
def _notices(paths: DataPaths) -> Iterator[sqlite3.Connection]:
    p = notices_path(paths)
    p.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(p, timeout=30, isolation_level=None)
    try:
        con.execute(_SCHEMA)
        yield con
    finally:
        con.close()


def _claim(paths: DataPaths, key: tuple[str, str, str, int], subject: str, body: str) -> bool:
    """Record the notice; False if this task (or, for the run-level notice, any task of the run) already has one."""
    dag_id, run_id, task_id, _ = key
    with _notices(paths) as con:
        con.execute("BEGIN IMMEDIATE")
        try:
            if task_id == RUN_LEVEL and con.execute(
                    "SELECT 1 FROM notices WHERE dag_id = ? AND run_id = ?", (dag_id, run_id)).fetchone():
                return False
            cur = con.execute("INSERT OR IGNORE INTO notices VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')",
                              (*key, datetime.now(UTC).isoformat(timespec="seconds"), subject, body))
            return cur.rowcount == 1
        finally:
            con.execute("COMMIT")


def _delivered(paths: DataPaths, key: tuple[str, str, str, int], delivery: str) -> None:
    with _notices(paths) as con:
        con.execute("UPDATE notices SET delivery = ? WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?",
                    (delivery, *key))


def describe_failure(context: dict[str, Any]) -> tuple[tuple[str, str, str, int], str, str]:
    """(key, subject, body) of the notice for this callback context.

    Airflow gives a run-level (DAG) callback a `reason` and the template context of the run's last
    relevant task; a task-level callback has no `reason`. The run-level notice is keyed on the run
    alone, so it stands down when any task of the run has already told the operator.
    """
    dag_run = context.get("dag_run")
    ti = context.get("ti") or context.get("task_instance")
    dag_id = getattr(dag_run, "dag_id", None) or getattr(context.get("dag"), "dag_id", "?")
    run_id = getattr(dag_run, "run_id", None) or context.get("run_id") or getattr(ti, "run_id", "?")
    if "reason" not in context and ti is not None:
        index = getattr(ti, "map_index", None)
        task_id, map_index = ti.task_id, -1 if index is None else int(index)  # shard 0 is a map index too
        what = f"task {task_id}" + (f"[{map_index}]" if map_index >= 0 else "") + " failed"
        error = context.get("exception")
        detail = [f"task        {task_id}" + (f" (map index {map_index})" if map_index >= 0 else ""),
                  f"try         {getattr(ti, 'try_number', '?')}",
                  f"error       {type(error).__name__}: {error}" if error else "error       (see the log)"]
        url = getattr(ti, "log_url", None)
        if url:
            detail.append(f"log         {url}")
        logical = getattr(dag_run, "logical_date", None)
        day = f" -s {logical.isoformat()} -e {logical.isoformat()}" if logical else ""
        advice = (f"Fix the cause, then clear the task and everything after it (Airflow UI: the run, the task, "
                  f"Clear with Downstream; or airflow tasks clear {dag_id} -t '^{task_id}$' -d{day} -y). "
                  "Re-running a day never duplicates data (docs/operations.md, \"When a run fails\").")
    else:
        task_id, map_index = RUN_LEVEL, -1
        reason = context.get("reason") or "failed"
        what = f"run failed ({reason})"
        detail = [f"reason      {reason}"] + ([f"last task   {ti.task_id}"] if ti is not None else [])
        advice = ("No task of this run reported a failure: it most likely hit its time limit "
                  "(config/operations.yaml timeouts). Check the run in Airflow, then trigger it again.")
    subject = f"[greenchain] {dag_id}: {what}, run {run_id}"
    body = "\n".join([f"DAG         {dag_id}", f"run         {run_id}", *detail, "", advice, ""])
    return (dag_id, run_id, task_id, map_index), subject, body


def _notice_id(key: tuple[str, str, str, int]) -> str:
    """The same failure always has the same id (Message-ID, webhook-id), so a resend is recognisable as one."""
    return hashlib.sha256("/".join(map(str, key)).encode()).hexdigest()[:32]


def post_webhook(hook: NotifyWebhook, key: tuple[str, str, str, int], subject: str, body: str) -> str:
    """POST the notice as JSON; return how it went ("webhook HTTP 204", or why it was not delivered).

    `text` holds the whole notice, so chat tools' incoming webhooks (Slack, Mattermost) show it as it is.
    Redirects are not followed and the answer's body is never read: only its status counts.
    """
    import httpx

    from alerts.signing import signed_headers

    dag_id, run_id, task_id, map_index = key
    payload = json.dumps({"type": "greenchain.operator.failure", "dag_id": dag_id, "run_id": run_id,
                          "task_id": task_id, "map_index": map_index, "subject": subject,
                          "text": f"{subject}\n\n{body}"}, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "greenchain-ops/1"}
    if hook.secret_env:
        secret = os.environ.get(hook.secret_env, "")
        if not secret:
            return f"webhook not sent: ${hook.secret_env} is not set"
        headers = {**signed_headers([secret], _notice_id(key), "operator.failure", payload),
                   "User-Agent": "greenchain-ops/1"}
    try:
        with httpx.Client(timeout=hook.timeout_s, follow_redirects=False) as client, \
                client.stream("POST", hook.url, content=payload, headers=headers) as r:
            status = r.status_code
    except (httpx.HTTPError, ValueError) as e:  # ValueError: a secret that is not a valid whsec_ key
        return f"webhook failed: {type(e).__name__}: {e}"
    return f"webhook HTTP {status}" if 200 <= status < 300 else f"webhook failed: HTTP {status}"


def _message(cfg: Notify, key: tuple[str, str, str, int], subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(cfg.email)
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = f"<{_notice_id(key)}@greenchain.ops>"
    msg.set_content(body)
    return msg


def send_notice(cfg: Notify, context: dict[str, Any], paths: DataPaths | None = None) -> str | None:
    """Log, record and (as configured) e-mail and POST the notice; returns how it was delivered
    ("logged", "emailed", "webhook HTTP 200", joined by "; "), or None when this failure was already notified."""
    from alerts.config import load_alerts_config
    from alerts.digest import send_email

    paths = paths or DataPaths.default()
    key, subject, body = describe_failure(context)
    if not _claim(paths, key, subject, body):
        log.info("failure of %s already notified; no second notice", "/".join(map(str, key)))
        return None
    log.error("%s\n%s", subject, body)
    outcomes = []
    if cfg.email:
        try:
            send_email(_message(cfg, key, subject, body), cfg.smtp or load_alerts_config().email)
            outcomes.append("emailed")
        except Exception as e:  # a notice that cannot be sent must not hide the failure it reports
            outcomes.append(f"e-mail failed: {type(e).__name__}: {e}")
            log.error("failure notice for %s could not be e-mailed: %s", key, e)
    if cfg.webhook:
        outcomes.append(post_webhook(cfg.webhook, key, subject, body))
        if not outcomes[-1].startswith("webhook HTTP"):
            log.error("failure notice for %s: %s", key, outcomes[-1])
    delivery = "; ".join(outcomes) or "logged"
    _delivered(paths, key, delivery)
    return delivery


class OperatorNotifier:
    """on_failure_callback for tasks and DAGs: `OperatorNotifier(load_operations_config().notify)`.

    A plain callable, not an Airflow BaseNotifier: BaseNotifier renders templates through the DAG,
    which a run-level callback receives serialized (without a template environment) and fails on.
    """

    def __init__(self, cfg: Notify) -> None:
        self.cfg = cfg

    def __call__(self, context: Any) -> None:
        send_notice(self.cfg, context)

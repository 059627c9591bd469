"""Files holding alert messages, tokens or secrets are 0600 (in a 0700 folder) whatever the umask."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from alerts import outbox
from alerts.run import process_alerts
from alerts.tokens import issue_token, token_hash


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)  # the usual default: new files world-readable
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_outbox_wal_feeds_and_folder_are_private(env, loose_umask):
    process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)
    con = outbox.connect(env.paths)
    issue_token(con, "voltedge")

    files = [p for p in env.paths.alerts.rglob("*") if p.is_file() and p.name != ".deliver.lock"]
    names = {p.name for p in files}
    assert {"outbox.sqlite", "outbox.sqlite-wal", "voltedge.atom", "voltedge.json", "voltedge.html"} <= names
    assert {p.name: oct(_mode(p)) for p in files} == {n: "0o600" for n in names}
    assert _mode(env.paths.alerts) == 0o700 and _mode(env.paths.alerts / "feeds") == 0o700
    con.close()


def test_an_older_world_readable_outbox_is_tightened_and_its_tokens_upgraded(env, loose_umask):
    env.paths.alerts.mkdir(parents=True)
    path = outbox.outbox_path(env.paths)
    old = sqlite3.connect(path)  # the issue 8 schema: no id, feed key, expiry or revocation
    old.execute("CREATE TABLE tokens (token_sha256 TEXT PRIMARY KEY, brand_id TEXT NOT NULL, "
                "issued_at TEXT NOT NULL, label TEXT)")
    old.execute("INSERT INTO tokens VALUES ('ab' || hex(randomblob(31)), 'voltedge', '2026-01-01T00:00:00+00:00', NULL)")
    old.commit()
    old.close()
    path.chmod(0o644)

    con = outbox.connect(env.paths)
    rows = con.execute("SELECT token_id, revoked_at, expires_at FROM tokens").fetchall()
    con.close()

    assert _mode(path) == 0o600
    assert len(rows) == 1 and rows[0]["token_id"].startswith("ab") and len(rows[0]["token_id"]) == 12


def test_the_feed_service_reads_an_outbox_written_by_the_previous_release(env):
    import warnings

    from alerts.service import create_app

    env.paths.alerts.mkdir(parents=True)
    old = sqlite3.connect(outbox.outbox_path(env.paths))
    old.execute("CREATE TABLE tokens (token_sha256 TEXT PRIMARY KEY, brand_id TEXT NOT NULL, "
                "issued_at TEXT NOT NULL, label TEXT)")
    old.execute("INSERT INTO tokens VALUES (?, 'voltedge', '2026-01-01T00:00:00+00:00', NULL)",
                (token_hash("gca_issued-by-the-previous-release"),))
    old.commit()
    old.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    r = TestClient(create_app(env.paths, env.config)).get(
        "/feeds/voltedge.atom", headers={"Authorization": "Bearer gca_issued-by-the-previous-release"})

    assert r.status_code == 404 and r.json() == {"detail": "no alerts for this brand yet"}  # authorized

"""The feed service: each brand reads its own feeds with its own token, and nothing else."""

from __future__ import annotations

import json
import threading
import time
import warnings
from xml.etree import ElementTree

import httpx
import pytest
import uvicorn

from alerts import outbox
from alerts.run import process_alerts
from alerts.service import create_app
from alerts.tokens import issue_token


def _client(env):
    """An in-process client (starlette's TestClient warns, on import, about a future httpx2 move)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(create_app(env.paths))


@pytest.fixture
def served(env):
    """Load 1 alerted, and a token for each brand."""
    process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)
    con = outbox.connect(env.paths)
    tokens = {b: issue_token(con, b) for b in ("voltedge", "huaxin-textile")}
    con.close()
    return env, tokens


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_brand_token_reads_its_own_atom_and_json_feeds(served):
    env, tokens = served
    client = _client(env)

    atom = client.get("/feeds/voltedge.atom", headers=_auth(tokens["voltedge"]))
    feed = client.get("/feeds/voltedge.json", headers=_auth(tokens["voltedge"]))

    assert atom.status_code == 200 and atom.headers["content-type"].startswith("application/atom+xml")
    entries = ElementTree.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2
    items = feed.json()["items"]
    assert {i["_greenchain"]["record_id"] for i in items} == {"rec-a", "rec-b"}
    assert {i["_greenchain"]["brand_id"] for i in items} == {"voltedge"}


def test_token_for_one_brand_never_reads_another_brands_alerts(served):
    env, tokens = served
    client = _client(env)

    for path in ("/feeds/huaxin-textile.atom", "/feeds/huaxin-textile.json", "/feeds/huaxin-textile/messages"):
        r = client.get(path, headers=_auth(tokens["voltedge"]))
        assert r.status_code == 403
        assert "无锡宏达印染" not in r.text and "rec-c" not in r.text
    assert client.get("/feeds/huaxin-textile.json", headers=_auth(tokens["huaxin-textile"])).status_code == 200


def test_missing_or_unknown_token_is_refused(served):
    env, tokens = served
    client = _client(env)

    assert client.get("/feeds/voltedge.atom").status_code == 401
    assert client.get("/feeds/voltedge.atom", headers=_auth("gca_not-a-real-token")).status_code == 401
    assert client.get("/feeds/voltedge.atom", headers={"Authorization": tokens["voltedge"]}).status_code == 401


def test_tokens_are_stored_only_as_sha256(served):
    env, tokens = served
    stored = b"".join(p.read_bytes() for p in env.paths.alerts.glob("outbox.sqlite*"))
    for token in tokens.values():
        assert token.encode() not in stored


def test_messages_endpoint_pages_with_a_cursor(served):
    env, tokens = served
    client = _client(env)

    page1 = client.get("/feeds/voltedge/messages?limit=1", headers=_auth(tokens["voltedge"])).json()
    page2 = client.get(f"/feeds/voltedge/messages?after={page1['next_after']}",
                       headers=_auth(tokens["voltedge"])).json()

    assert [i["message"]["record_id"] for i in page1["items"] + page2["items"]] == ["rec-a", "rec-b"]


def test_service_runs_on_loopback_with_uvicorn(served):
    env, tokens = served
    server = uvicorn.Server(uvicorn.Config(create_app(env.paths), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.02)
        host, port = server.servers[0].sockets[0].getsockname()[:2]
        assert host == "127.0.0.1"
        r = httpx.get(f"http://127.0.0.1:{port}/feeds/voltedge.json", headers=_auth(tokens["voltedge"]),
                      trust_env=False)
        assert r.status_code == 200 and json.loads(r.text)["items"]
    finally:
        server.should_exit = True
        thread.join(10)

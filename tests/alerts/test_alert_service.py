"""The feed service: each brand reads its own feeds with its own token, and nothing else."""

from __future__ import annotations

import json
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from xml.etree import ElementTree

import httpx
import pytest
import uvicorn

from alerts import outbox
from alerts.run import process_alerts
from alerts.service import create_app
from alerts.tokens import issue_token, revoke_token, rotate_token


def _client(env):
    """An in-process client (starlette's TestClient warns, on import, about a future httpx2 move)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(create_app(env.paths, env.config))


@pytest.fixture
def served(env):
    """Load 1 alerted, and a token for each brand."""
    process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)
    con = outbox.connect(env.paths)
    tokens = {b: issue_token(con, b).token for b in ("voltedge", "huaxin-textile")}
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


@contextmanager
def live_service(env) -> Iterator[tuple[str, int]]:
    """The feed service under uvicorn on 127.0.0.1 (port chosen by the OS), for as long as the block runs."""
    server = uvicorn.Server(uvicorn.Config(create_app(env.paths, env.config), host="127.0.0.1", port=0,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.02)
        yield server.servers[0].sockets[0].getsockname()[:2]
    finally:
        server.should_exit = True
        thread.join(10)


def test_service_runs_on_loopback_with_uvicorn(served):
    env, tokens = served
    with live_service(env) as (host, port):
        assert host == "127.0.0.1"
        r = httpx.get(f"http://127.0.0.1:{port}/feeds/voltedge.json", headers=_auth(tokens["voltedge"]),
                      trust_env=False)
    assert r.status_code == 200 and json.loads(r.text)["items"]


@pytest.fixture
def issued(env):
    """Load 1 alerted, and one issued credential (token + feed key) per brand."""
    process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)
    con = outbox.connect(env.paths)
    out = {b: issue_token(con, b) for b in ("voltedge", "huaxin-textile")}
    con.close()
    return env, out


def _secret(issued, brand: str, fmt: str) -> str:
    return f"/s/{issued[brand].feed_key}/{brand}.{fmt}"


def test_secret_feed_url_needs_no_header_and_links_stay_on_it(issued):
    env, creds = issued
    client = _client(env)
    base = env.config.feed.base_url

    atom = client.get(_secret(creds, "voltedge", "atom"))
    feed = client.get(_secret(creds, "voltedge", "json"))
    page = client.get(_secret(creds, "voltedge", "html"))

    assert atom.status_code == feed.status_code == page.status_code == 200
    links = {(link.get("rel"), link.get("type")): link.get("href")
             for link in ElementTree.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}link")}
    secret_base = f"{base}/s/{creds['voltedge'].feed_key}/voltedge."
    assert links == {("self", "application/atom+xml"): secret_base + "atom",
                     ("alternate", "text/html"): secret_base + "html",
                     ("alternate", "application/feed+json"): secret_base + "json"}
    assert feed.json()["feed_url"] == secret_base + "json" and feed.json()["home_page_url"] == secret_base + "html"
    assert f'href="{secret_base}atom"' in page.text and "苏环罚字〔2026〕12号" in page.text


def test_bearer_feeds_link_to_the_bearer_urls(served):
    env, tokens = served
    feed = _client(env).get("/feeds/voltedge.json", headers=_auth(tokens["voltedge"])).json()
    assert feed["feed_url"] == f"{env.config.feed.base_url}/feeds/voltedge.json"


def test_json_feed_is_valid_json_feed_1_1_with_an_about_for_its_extension(issued):
    env, creds = issued
    client = _client(env)
    feed = client.get(_secret(creds, "voltedge", "json")).json()

    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["home_page_url"].startswith("http")
    assert feed["authors"] == [{"name": "greenchain"}]  # 1.1: `authors`, not the 1.0 `author`
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["content_text"]
        datetime.fromisoformat(item["date_published"])  # RFC 3339
        ext = item["_greenchain"]
        assert ext["about"] == f"{env.config.feed.base_url}/about"
        assert ext["id"] == item["id"] and ext["type"] == "greenchain.supplier_alert.v1"
    about = client.get("/about")
    assert about.status_code == 200 and "greenchain.supplier_alert.v1" in about.text


def test_head_answers_like_get_without_a_body(issued):
    env, creds = issued
    client = _client(env)
    for path in (_secret(creds, "voltedge", "atom"), "/feeds/voltedge.json"):
        headers = _auth(creds["voltedge"].token)
        get, head = client.get(path, headers=headers), client.head(path, headers=headers)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["etag"] == get.headers["etag"]
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers["content-length"] == get.headers["content-length"]


def test_feeds_are_gzipped_when_accepted_and_revalidate_with_etag(issued):
    env, creds = issued
    client = _client(env)
    path = _secret(creds, "voltedge", "json")

    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    gz = client.get(path, headers={"Accept-Encoding": "gzip"})

    assert "content-encoding" not in plain.headers and gz.headers["content-encoding"] == "gzip"
    assert int(gz.headers["content-length"]) < len(plain.content) / 3
    assert gz.content == plain.content  # httpx decodes; same representation
    assert gz.headers["etag"] != plain.headers["etag"] and gz.headers["vary"] == "Accept-Encoding"
    again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": gz.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert gz.headers["cache-control"] == "private, no-cache"


def test_revoked_expired_or_rotated_credentials_end_the_feed_url_too(issued):
    env, creds = issued
    client = _client(env)
    volt = creds["voltedge"]
    con = outbox.connect(env.paths)
    try:
        new = rotate_token(con, volt.token_id)
        assert client.get(_secret(creds, "voltedge", "atom")).status_code == 404
        assert client.get("/feeds/voltedge.atom", headers=_auth(volt.token)).status_code == 401
        assert client.get(f"/s/{new.feed_key}/voltedge.atom").status_code == 200
        assert client.get("/feeds/voltedge.atom", headers=_auth(new.token)).status_code == 200

        revoke_token(con, new.token_id)
        assert client.get(f"/s/{new.feed_key}/voltedge.atom").status_code == 404
        assert client.get("/feeds/voltedge.atom", headers=_auth(new.token)).status_code == 401

        short = issue_token(con, "voltedge", expires_in=timedelta(seconds=-1))  # already past its expiry
        assert client.get(f"/s/{short.feed_key}/voltedge.atom").status_code == 404
        assert client.get("/feeds/voltedge.atom", headers=_auth(short.token)).status_code == 401
    finally:
        con.close()


BYPASSES = [
    # another brand's file through path tricks, encodings and case
    "/feeds/huaxin-textile.json", "/feeds/../feeds/huaxin-textile.json", "/feeds/%2e%2e/feeds/huaxin-textile.json",
    "/feeds/voltedge.json/../huaxin-textile.json", "/feeds/..%2Fhuaxin-textile.json",
    "/feeds/voltedge%2F..%2Fhuaxin-textile.json", "/feeds/HUAXIN-TEXTILE.json", "/feeds/huaxin-textile%2ejson",
    "/feeds/huaxin-textile.json%00.atom", "/feeds/voltedge.json%00/../huaxin-textile.json",
    "//feeds/huaxin-textile.json", "/feeds//huaxin-textile.json", "/feeds/huaxin-textile.json?brand=voltedge",
    "/feeds/huaxin-textile.json.tmp", "/feeds/huaxin-textile/messages", "/feeds/huaxin-textile/messages?after=-1",
    "/feeds/voltedge/../huaxin-textile/messages", "/feeds/%68uaxin-textile.json",
    # the secret-URL route with the wrong key, another brand's name, or tricks around it
    "/s/{volt_key}/huaxin-textile.json", "/s/{volt_key}/../huaxin-textile.json",
    "/s/{volt_key}/..%2Fhuaxin-textile.json", "/s/{volt_key}%2F..%2F/huaxin-textile.json",
    "/s/{volt_token}/huaxin-textile.json", "/s/{volt_token}/voltedge.json", "/s/%2A/huaxin-textile.json",
    "/s//huaxin-textile.json", "/s/{volt_key}/voltedge.json/../../s/x/huaxin-textile.json",
]


@pytest.mark.parametrize("path", BYPASSES)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_no_path_trick_reads_another_brands_alerts(issued, path, method):
    env, creds = issued
    client = _client(env)
    url = path.format(volt_key=creds["voltedge"].feed_key, volt_token=creds["voltedge"].token)

    for headers in ({}, _auth(creds["voltedge"].token), {**_auth(creds["voltedge"].token), "X-Brand": "huaxin-textile"}):
        r = client.request(method, url, headers=headers)
        assert r.status_code in (401, 403, 404, 405, 422), (url, headers, r.status_code)
        assert "无锡宏达印染" not in r.text and "rec-c" not in r.text and "huaxin-textile" not in r.text


def test_credential_smuggling_in_the_header_is_refused(issued):
    env, creds = issued
    client = _client(env)
    volt, huaxin = creds["voltedge"].token, creds["huaxin-textile"].token
    for auth in (f"Bearer {volt}, Bearer {huaxin}", f"Bearer {volt} {huaxin}", f"Basic {huaxin}",
                 f"Bearer {creds['huaxin-textile'].feed_key}", f"Bearer {huaxin.upper()}", "Bearer  ", f"bearer{huaxin}"):
        r = client.get("/feeds/huaxin-textile.json", headers={"Authorization": auth})
        assert r.status_code in (401, 403), auth
    r = client.get(f"/feeds/huaxin-textile.json?token={huaxin}")  # a token is never read from the query
    assert r.status_code == 401


def test_feedparser_subscribes_to_the_secret_url_over_http(issued, monkeypatch):
    import feedparser

    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    env, creds = issued
    with live_service(env) as (_, port):
        url = f"http://127.0.0.1:{port}{_secret(creds, 'voltedge', 'atom')}"
        parsed = feedparser.parse(url)  # a feed reader: no Authorization header, gzip accepted
        again = feedparser.parse(url, etag=parsed.etag)  # how readers poll: conditional GET

    assert parsed.status == 200 and not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.headers["content-encoding"] == "gzip"
    assert {e.id for e in parsed.entries} == {
        f"urn:greenchain:alert:{i['id']}" for i in _client(env).get(_secret(creds, "voltedge", "json")).json()["items"]}
    assert parsed.feed.link.endswith(f"/s/{creds['voltedge'].feed_key}/voltedge.html")  # rel=alternate
    assert again.status == 304

"""The HTTP server: proxy-style and Host-routed requests, keep-alive, control endpoints, 304, stalls."""

from __future__ import annotations

import socket

import httpx
import pytest

from greenchain.registry import Template
from simulator.config import SimulatorConfig
from simulator.server import running_simulator
from simulator.site import SimulatedWeb


@pytest.fixture(scope="module")
def served(web: SimulatedWeb):  # noqa: ANN201
    with running_simulator(web) as url:
        yield url


def test_works_as_an_http_proxy_with_absolute_uris_and_keeps_the_connection(served: str, web, pick) -> None:  # noqa: ANN001
    s = pick(web, Template.TRS_WCM, min_items=1)
    with httpx.Client(proxy=served, timeout=10) as client:
        first = client.get(s.list_url)
        robots = client.get(f"{s.base_url}/robots.txt")
    assert first.status_code == 200 and first.headers["connection"] == "keep-alive"
    assert "createPageHTML" in first.content.decode(first.charset_encoding or "utf-8")
    assert "Disallow: /admin/" in robots.text and "Allow: /" in robots.text
    # two requests, one socket: keep-alive
    port = int(served.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        for _ in range(2):
            sock.sendall(f"GET {s.list_path} HTTP/1.1\r\nHost: {s.host}\r\n\r\n".encode())
            head = b""
            while b"\r\n\r\n" not in head:
                head += sock.recv(65536)
            header, _, body = head.partition(b"\r\n\r\n")
            length = int(
                next(h for h in header.split(b"\r\n") if h.lower().startswith(b"content-length")).split(b":")[
                    1
                ]
            )
            while len(body) < length:
                body += sock.recv(65536)
            assert header.startswith(b"HTTP/1.1 200")


def test_control_endpoints_report_health_set_the_day_and_count_requests(served: str, web, pick) -> None:  # noqa: ANN001
    s = pick(web, Template.HANWEB_JCMS, min_items=1)
    httpx.post(f"{served}/_sim/stats/reset")
    assert httpx.get(f"{served}/_sim/health").json()["ok"] is True
    with httpx.Client(proxy=served) as client:
        for _ in range(3):
            client.get(s.list_url)
        client.get("http://unknown.example.gov.cn/")
    stats = httpx.get(f"{served}/_sim/stats").json()
    assert stats["requests"][s.host] == 3 and stats["by_status"]["502"] == 1
    assert httpx.post(f"{served}/_sim/day", params={"d": 2}).json() == {"ok": True, "day": 2}
    assert httpx.get(f"{served}/_sim/health").json()["day"] == 2
    assert httpx.post(f"{served}/_sim/day", params={"d": "x"}).status_code == 400
    httpx.post(f"{served}/_sim/day", params={"d": 1})


def test_list_pages_answer_304_to_a_matching_etag_or_date(served: str, web, pick) -> None:  # noqa: ANN001
    s = pick(web, Template.HTML_TABLE, min_items=1)
    with httpx.Client(proxy=served) as client:
        first = client.get(s.list_url, params={"page": 1})
        again = client.get(s.list_url, params={"page": 1}, headers={"If-None-Match": first.headers["etag"]})
        since = client.get(
            s.list_url, params={"page": 1}, headers={"If-Modified-Since": first.headers["last-modified"]}
        )
    assert first.status_code == 200 and again.status_code == 304 and again.content == b""
    assert since.status_code == 304


def test_a_timeout_source_never_answers_and_closes_the_connection(registry, pick, web) -> None:  # noqa: ANN001
    s = pick(web, Template.TRS_WCM, min_items=1)
    cfg = SimulatorConfig(overrides={s.id: "timeout"}, fault_params={"timeout_s": 1})
    stalled = SimulatedWeb(registry, cfg, seed=3, n_companies=2000)
    with running_simulator(stalled) as url, httpx.Client(proxy=url, timeout=0.3) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get(s.list_url)
        assert client.get(f"{s.base_url}/robots.txt").status_code == 200

"""Safe fetching: only http(s); no loopback (production), private, link-local or metadata address on
any request, redirect or meta refresh; size caps per kind; robots.txt and per-host delays honoured.
Refusals are counted in the source's health with their reason, and nothing refused is landed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from fixture_site import Fault
from registry_rows import ROWS, write_config
from scrapy import Request

from crawlers.errors import UnsafeRequest
from crawlers.run import crawl
from crawlers.safety import GuardedResolver, SafeFetchMiddleware, UnsafeAddressError, url_refusal
from greenchain.paths import DataPaths

TRS = "sthjj.trs-demo.gov.cn"
D = "/hjjc/xzcf/"


def health(data: Path, run: str, sid: str) -> dict:
    return json.loads((data / "landing" / run / "health" / f"{sid}.json").read_text("utf-8"))


def landed(data: Path, run: str, sid: str) -> list[str]:
    f = data / "landing" / run / f"{sid}.jsonl"
    return [json.loads(x)["url"] for x in f.read_text("utf-8").splitlines()]


@pytest.mark.parametrize(("url", "loopback_ok", "kind"), [
    ("file:///etc/hostname", True, "unsafe_scheme"),
    ("ftp://sthjj.example.gov.cn/a.xls", True, "unsafe_scheme"),
    ("http://10.1.2.3/x.html", True, "unsafe_address"),
    ("http://192.168.0.1/", True, "unsafe_address"),
    ("http://169.254.169.254/latest/meta-data/", True, "unsafe_address"),
    ("http://100.100.100.200/latest/meta-data/", True, "unsafe_address"),  # Alibaba Cloud metadata
    ("http://metadata.google.internal/computeMetadata/v1/", True, "unsafe_address"),
    ("http://[fd00:ec2::254]/", True, "unsafe_address"),
    ("http://[::ffff:10.0.0.1]/", True, "unsafe_address"),
    ("http://0xa000001/", True, "unsafe_address"),  # 10.0.0.1 spelled in hex
    ("http://127.0.0.1:8765/", False, "unsafe_address"),
    ("http://127.1/", False, "unsafe_address"),
    ("http://2130706433/", False, "unsafe_address"),
    ("http://localhost:8080/", False, "unsafe_address"),
    ("http://[::1]/", False, "unsafe_address"),
])
def test_unsafe_urls_are_refused_with_their_kind(url: str, loopback_ok: bool, kind: str) -> None:
    refused = url_refusal(url, allow_loopback=loopback_ok)
    assert refused is not None and refused[0] == kind, (url, refused)


def test_public_and_allowed_loopback_urls_pass() -> None:
    assert url_refusal("http://sthjj.nanjing.gov.cn/hjjc/xzcf/", allow_loopback=False) is None
    assert url_refusal("https://8.8.8.8/", allow_loopback=False) is None
    assert url_refusal("http://127.0.0.1:8765/", allow_loopback=True) is None


def test_names_resolving_inside_the_network_are_refused_at_connect_time() -> None:
    r = GuardedResolver.__new__(GuardedResolver)
    r.allow_loopback = False
    assert r._check("58.216.10.1", "sthjj.example.gov.cn") == "58.216.10.1"
    for inside in ("10.0.0.5", "127.0.0.1", "169.254.169.254"):
        with pytest.raises(UnsafeAddressError, match="unsafe_address"):
            r._check(inside, "intranet.example.gov.cn")


def test_safe_fetch_middleware_refuses_before_any_handler_and_sizes_requests() -> None:
    class Settings(dict):
        def getbool(self, k: str) -> bool:
            return bool(self[k])

        def getint(self, k: str) -> int:
            return int(self[k])

    crawler = type("C", (), {"settings": Settings(GREENCHAIN_ALLOW_LOOPBACK=True, GREENCHAIN_MAX_PAGE_BYTES=1000,
                                                  GREENCHAIN_MAX_ATTACHMENT_BYTES=5000)})()
    mw = SafeFetchMiddleware(crawler)  # type: ignore[arg-type]
    with pytest.raises(UnsafeRequest, match="unsafe_scheme"):
        mw.process_request(Request("file:///etc/hostname"))
    page, xls = Request("http://a.gov.cn/x.html"), Request("http://a.gov.cn/x.xls", meta={"gc_doc_type": "xls"})
    mw.process_request(page)
    mw.process_request(xls)
    assert (page.meta["download_maxsize"], xls.meta["download_maxsize"]) == (1000, 5000)


LIST_PAGE = (
    '<html><head><meta charset="utf-8"></head><body><ul class="list">'
    '<li><a href="file:///etc/hostname">某某公司行政处罚决定书一</a><span>2026-06-12</span></li>'
    '<li><a href="http://10.1.2.3/hjjc/xzcf/202606/t20260611_1.html">某某公司行政处罚决定书二</a><span>2026-06-11</span></li>'
    '<li><a href="http://169.254.169.254/latest/meta-data/iam.html">某某公司行政处罚决定书三</a><span>2026-06-11</span></li>'
    '<li><a href="http://[::ffff:10.0.0.1]/t.html">某某公司行政处罚决定书四</a><span>2026-06-11</span></li>'
    '<li><a href="./202606/t20260610_1001.html">某某公司行政处罚决定书五</a><span>2026-06-10</span></li>'
    '<li><a href="./202606/t20260609_1002.html">某某公司行政处罚决定书六</a><span>2026-06-09</span></li>'
    '<li><a href="./202606/t20260608_1003.html">某某公司行政处罚决定书七</a><span>2026-06-08</span></li>'
    '<li><a href="./202605/t20260530_1004.html">某某公司行政处罚决定书八</a><span>2026-05-30</span></li>'
    '<li><a href="./202605/t20260529_1005.html">某某公司行政处罚决定书九</a><span>2026-05-29</span></li>'
    '</ul><script>createPageHTML(1, 0, "index", "shtml");</script></body></html>'
)


def test_hostile_links_redirects_meta_refresh_and_oversized_pages_are_refused(site, tmp_path, data_dir) -> None:
    s, proxy = site
    cfg = write_config(tmp_path / "cfg", {"nj-trs-xzcf": ROWS["nj-trs-xzcf"]})
    text = (cfg / "crawl.yaml").read_text("utf-8")
    head, _, tail = text.rpartition("max_page_bytes: 8000000")
    (cfg / "crawl.yaml").write_text(head + "max_page_bytes: 100000" + tail, "utf-8")
    s.charsets[TRS] = "utf-8"
    s.overrides[(TRS, D + "index.shtml")] = LIST_PAGE.encode()
    s.permanent = {
        (TRS, D + "202606/t20260610_1001.html"): Fault(302, {"Location": "http://192.168.1.5/secret.html"}),
        (TRS, D + "202606/t20260609_1002.html"): Fault(302, {"Location": "file:///etc/passwd"}),
    }
    s.overrides[(TRS, D + "202606/t20260608_1003.html")] = (
        b'<html><head><meta http-equiv="refresh" content="0; url=http://10.0.0.8/x.html"></head><body></body></html>')
    s.overrides[(TRS, D + "202605/t20260530_1004.html")] = b"<html><body>" + b"x" * 300_000 + b"</body></html>"
    crawl("s1", None, paths=DataPaths(data_dir), profile="simulator", proxy=proxy, config_dir=cfg)

    assert landed(data_dir, "s1", "nj-trs-xzcf") == [f"http://{TRS}{D}202605/t20260529_1005.html"]
    h = health(data_dir, "s1", "nj-trs-xzcf")
    assert h["errors"]["unsafe_link"] == 1  # file: on the page, never requested
    assert h["errors"]["unsafe_address"] == 5  # 10.1.2.3, metadata, ::ffff:10.0.0.1, 302 → 192.168, refresh → 10.x
    assert h["errors"]["unsafe_scheme"] == 1  # 302 → file:
    assert h["errors"]["too_large"] == 1
    reasons = "\n".join(f"{r['url']} {r['reason']}" for r in h["refused"])
    for expected in ("file:///etc/hostname unsafe_link", "10.1.2.3 is a private address", "cloud metadata address",
                     "192.168.1.5 is a private address", "redirect to file:///etc/passwd",
                     "10.0.0.8 is a private address", "max size (100000)"):
        assert expected in reasons, (expected, reasons)
    # nothing refused reached the network, and no local file reached the snapshot store
    assert not [k for k in s.hits if k[0] not in (TRS,)]
    hostname = Path("/etc/hostname").read_bytes() if Path("/etc/hostname").exists() else b"\0"
    for snap in (data_dir / "snapshots").rglob("*.gz"):
        assert gzip.decompress(snap.read_bytes()) != hostname
    assert h["status"] == "partial" and h["items_lost"] == 7


def test_production_profile_refuses_loopback_sites_without_asking_them(site, tmp_path, data_dir) -> None:
    s, proxy = site
    port = proxy.rsplit(":", 1)[1]
    row = ROWS["cd-table-xzcf"].replace("http://hbj.table-demo.gov.cn", f"http://127.0.0.1:{port}")
    row2 = ROWS["cd-table-xzcf"].replace("http://hbj.table-demo.gov.cn", f"http://localhost:{port}")
    cfg = write_config(tmp_path / "cfg", {"loop-table-xzcf": row, "name-table-xzcf": row2})
    crawl("p1", None, paths=DataPaths(data_dir), profile="production", proxy="", config_dir=cfg)
    for sid, why in (("loop-table-xzcf", "is a loopback address"), ("name-table-xzcf", "is a local name")):
        h = health(data_dir, "p1", sid)
        assert h["status"] == "failed" and h["errors"] == {"unsafe_address": 1}, h
        assert why in h["refused"][0]["reason"]
    assert sum(s.hits.values()) == 0


def test_per_host_delay_is_a_floor_between_requests(site, tmp_path, data_dir) -> None:
    s, proxy = site
    row = ROWS["nj-trs-xzcf"].replace(",daily,0.5,2,", ",daily,0.4,1,")
    cfg = write_config(tmp_path / "cfg", {"nj-trs-xzcf": row})
    text = (cfg / "crawl.yaml").read_text("utf-8")
    # no timeouts are tested here: a loaded machine's slow answer must not end the source early
    text = text.replace("    delay_scale: 0.0\n", "    delay_scale: 1.0\n").replace(
        "    download_timeout_s: 1\n", "    download_timeout_s: 15\n")
    (cfg / "crawl.yaml").write_text(text, "utf-8")
    crawl("w1", None, paths=DataPaths(data_dir), profile="simulator", proxy=proxy, config_dir=cfg)
    times = sorted(t for host, _k, t in s.stamps if host == TRS)
    assert len(times) >= 8  # robots.txt, two list pages, five documents
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.35, gaps
    assert health(data_dir, "w1", "nj-trs-xzcf")["status"] == "ok"


def test_request_times_are_when_requests_arrived_not_when_a_busy_server_got_to_them(site) -> None:
    """What makes the delay test above hold on a loaded machine: a server thread that runs late
    (here: held up by the site's lock for 0.3 s) does not shorten the gap it measures."""
    import socket
    import time

    s, proxy = site
    host, port = proxy.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as c:
        with s.lock:
            sent = time.monotonic()
            c.sendall(f"GET http://{TRS}/robots.txt HTTP/1.1\r\nHost: {TRS}\r\n\r\n".encode())
            time.sleep(0.3)
        c.settimeout(10)
        assert c.recv(100).startswith(b"HTTP/1.1 200")
    _host, _key, stamp = s.stamps[-1]
    assert abs(stamp - sent) < 0.1, stamp - sent


def test_scrapy_has_no_handler_for_file_ftp_s3_or_data_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.python import without_none_values

    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "crawlers.settings")
    # exactly what Scrapy's DownloadHandlers loads handlers from
    handlers = without_none_values(get_project_settings().getwithbase("DOWNLOAD_HANDLERS"))
    assert set(handlers) == {"http", "https"}

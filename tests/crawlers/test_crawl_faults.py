"""Every fault mode a bureau site shows is retried, counted or reported, and nothing is landed twice."""

from __future__ import annotations

import json
from pathlib import Path

from fixture_site import Fault

from crawlers.run import crawl
from greenchain.paths import DataPaths

TRS, HANWEB, JSON = "sthjj.trs-demo.gov.cn", "sthjt.hanweb-demo.gov.cn", "xyfw.json-demo.gov.cn"
TABLE, ATTACH = "hbj.table-demo.gov.cn", "sthjj.attach-demo.gov.cn"
XLS = "/xxgk/cfgs/202606/P020260601001.xls"
PDF = "/xxgk/cfgs/202606/P020260601002.pdf"


def health(data: Path, run: str, sid: str) -> dict:
    return json.loads((data / "landing" / run / "health" / f"{sid}.json").read_text("utf-8"))


def urls(data: Path, run: str, sid: str) -> list[str]:
    f = data / "landing" / run / f"{sid}.jsonl"
    return [json.loads(x)["url"] for x in f.read_text("utf-8").splitlines()]


def test_faults_are_retried_counted_and_reported(site, config_dir, data_dir) -> None:
    s, proxy = site
    d = "/hjjc/xzcf/"
    s.faults = {
        (TRS, d + "index.shtml"): [Fault(429, {"Retry-After": "1"})],
        (TRS, d + "202606/t20260610_1001.html"): [Fault(503), Fault(503)],
        (TRS, d + "202606/t20260609_1002.html"): [Fault("timeout")],
        (TRS, d + "202606/t20260608_1003.html"): [Fault("cut")],
        (TRS, d + "202605/t20260530_1004.html"): [Fault("dataloss")],
        (JSON, "/api/penalty/list@pageNo=1"): [Fault(502)],
    }
    s.permanent = {
        (TRS, d + "202605/t20260529_1005.html"): Fault("charset=utf-8"),  # a GBK page labelled utf-8
        (HANWEB, "/col/col1234/index.html"): Fault(503),
        (TABLE, "/zwgk/xzcf/@page=1"): Fault(412),  # a WAF block: permanent, not retried
        (ATTACH, XLS): Fault(404),
        (ATTACH, PDF): Fault("dataloss"),  # always short of its Content-Length: landed, counted
        (JSON, "/api/penalty/detail@id=A101"): Fault("cut"),  # always cut: landed anyway, counted
    }
    out = crawl("f1", None, paths=DataPaths(data_dir), profile="simulator", proxy=proxy, config_dir=config_dir)

    trs = health(data_dir, "f1", "nj-trs-xzcf")
    assert trs["status"] == "ok" and trs["detail_pages"] == 5
    assert trs["errors"] == {"http_429": 1, "http_503": 2, "timeout": 1, "truncated": 2, "decode": 1}
    assert sorted(urls(data_dir, "f1", "nj-trs-xzcf")) == sorted(set(urls(data_dir, "f1", "nj-trs-xzcf")))
    # the 429's Retry-After was honoured before the list page was asked again
    asked = [t for host, k, t in s.stamps if host == TRS and k == d + "index.shtml"]
    assert len(asked) == 2 and asked[1] - asked[0] >= 0.95

    hanweb = health(data_dir, "f1", "zj-hanweb-xzcf")
    assert hanweb["status"] == "failed" and "http_503" in hanweb["reason"]
    assert s.hits[(HANWEB, "/col/col1234/index.html")] == 5  # first try + 4 retries, then given up

    api = health(data_dir, "f1", "gz-json-xzcf")
    assert api["status"] == "ok" and api["detail_pages"] == 3
    assert api["errors"] == {"http_502": 1, "truncated": 2}  # first try and one retry of the cut document
    assert s.hits[(JSON, "/api/penalty/detail@id=A101")] == 2

    table = health(data_dir, "f1", "cd-table-xzcf")
    assert table["status"] == "failed" and "http_412" in table["reason"]
    assert s.hits[(TABLE, "/zwgk/xzcf/@page=1")] == 1

    att = health(data_dir, "f1", "sz-attach-xzcf")
    assert att["status"] == "partial" and att["items_lost"] == 1 and att["errors"]["http_404"] == 1
    assert att["errors"]["truncated"] == 2 and "http://" + ATTACH + PDF in urls(data_dir, "f1", "sz-attach-xzcf")
    assert s.hits[(ATTACH, XLS)] == 1  # a 404 is permanent: not retried
    assert {f["source_id"] for f in out["failing"]} == {"zj-hanweb-xzcf", "cd-table-xzcf", "sz-attach-xzcf"}

    # Next run: the lost file is fetched again (it is pending), the rest is not re-landed; the
    # source that failed is probed once, without retries.
    s.permanent.pop((ATTACH, XLS))
    before = s.hits[(HANWEB, "/col/col1234/index.html")]
    crawl("f2", ["sz-attach-xzcf", "zj-hanweb-xzcf"], paths=DataPaths(data_dir), profile="simulator", proxy=proxy,
          config_dir=config_dir)
    assert s.hits[(HANWEB, "/col/col1234/index.html")] == before + 1
    assert health(data_dir, "f2", "zj-hanweb-xzcf")["status"] == "failed"
    assert urls(data_dir, "f2", "sz-attach-xzcf") == ["http://" + ATTACH + XLS]
    assert health(data_dir, "f2", "sz-attach-xzcf")["status"] == "ok"


def test_robots_disallow_is_obeyed_and_robots_txt_fetched_once_a_day(site, tmp_path, data_dir) -> None:
    from registry_rows import ROWS, write_config

    s, proxy = site
    cfg = write_config(tmp_path / "cfg", {"nj-trs-xzcf": ROWS["nj-trs-xzcf"]})
    s.robots[TRS] = "User-agent: *\nDisallow: /hjjc/xzcf/202605/\n"
    crawl("b1", None, paths=DataPaths(data_dir), profile="simulator", proxy=proxy, config_dir=cfg)
    h = health(data_dir, "b1", "nj-trs-xzcf")
    assert h["errors"] == {"robots": 2} and h["detail_pages"] == 3 and h["status"] == "partial"
    assert not [k for host, k in s.hits if "/202605/" in k]
    crawl("b2", None, paths=DataPaths(data_dir), profile="simulator", proxy=proxy, config_dir=cfg)
    assert s.hits[(TRS, "/robots.txt")] == 1  # the second run used the cached file


def test_a_cookie_set_on_a_failed_answer_goes_with_the_retry_and_documents_carry_their_list_as_referer(
        site, config_dir, data_dir) -> None:
    # Cookies are handled only where a site sets one (a WAF's cookie must reach the retry), and
    # requests a page leads to are scheduled by the spider itself: both must still send what a
    # browser would.
    s, proxy = site
    d = "/hjjc/xzcf/"
    first = d + "202606/t20260610_1001.html"
    s.faults = {(TRS, first): [Fault(503, {"Set-Cookie": "wafid=ok1; Path=/"})]}
    crawl("c1", ["nj-trs-xzcf"], paths=DataPaths(data_dir), profile="simulator", proxy=proxy,
          config_dir=config_dir)
    sent = [(key, headers) for _m, host, key, headers in s.log if host == TRS]
    asked = [h for k, h in sent if k == first]
    assert len(asked) == 2 and "Cookie" not in asked[0] and asked[1]["Cookie"] == "wafid=ok1"
    documents = [(k, h) for k, h in sent if "/t2026" in k]
    assert len(documents) == 6
    on_page_2 = {d + "202605/t20260530_1004.html", d + "202605/t20260529_1005.html"}
    for key, headers in documents:
        page = "index_1.shtml" if key in on_page_2 else ""  # the source's list URL is the folder
        assert headers["Referer"] == f"http://{TRS}{d}{page}", key
    assert "Referer" not in dict(sent)[d + "index.shtml"]  # where the crawl starts, nothing refers

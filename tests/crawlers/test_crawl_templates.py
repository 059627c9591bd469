"""The saved fixture pages of each family read by the generic list and pager readers (no network)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawlers.decoding import decode_body
from crawlers.families.attachment import parse_article_files
from crawlers.families.json_api import ApiError, parse_json_list
from crawlers.pages.jcms import proxy_request, read_jcms
from crawlers.pages.lists import prepare, read_list
from crawlers.pages.pager import read_pager

FIX = Path(__file__).parent / "fixtures"
DAY = date(2026, 6, 12)


def test_trs_gbk_list_resolves_relative_links_and_reads_page_count() -> None:
    raw = (FIX / "trs_wcm/sthjj.trs-demo.gov.cn/hjjc/xzcf/index.shtml").read_bytes()
    text, enc, mislabelled = decode_body(raw, "text/html; charset=GBK", "gbk")
    url = "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/"
    page = read_list(text, url, served_on=DAY)
    assert (enc, mislabelled) == ("gbk", False)
    assert [e.url for e in page.entries] == [
        "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/202606/t20260610_1001.html",
        "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/202606/t20260609_1002.html",
        "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/202606/t20260608_1003.html",  # from ../xzcf/
    ]
    assert page.entries[0].title == "南京甲化工有限公司行政处罚决定书"
    assert page.entries[0].date == date(2026, 6, 10)
    pager = read_pager(prepare(text), url, 1)
    assert (pager.total_pages, pager.next_url) == (2, "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/index_1.shtml")


def test_gbk_page_served_as_utf8_is_still_read_and_flagged_mislabelled() -> None:
    raw = (FIX / "trs_wcm/sthjj.trs-demo.gov.cn/hjjc/xzcf/index.shtml").read_bytes()
    text, enc, mislabelled = decode_body(raw, "text/html; charset=utf-8", "gbk")
    assert mislabelled and enc == "gbk"
    assert "南京甲化工有限公司" in text


def test_utf8_page_labelled_gbk_is_read_as_utf8_and_flagged() -> None:
    raw = "<html><body>南京甲化工有限公司</body></html>".encode()
    text, enc, mislabelled = decode_body(raw, "text/html; charset=GBK", "utf-8")
    assert (enc, mislabelled) == ("utf-8", True) and "南京甲化工有限公司" in text


def test_hanweb_embedded_datastore_and_dataproxy_answer() -> None:
    host = FIX / "hanweb_jcms/sthjt.hanweb-demo.gov.cn"
    url = "http://sthjt.hanweb-demo.gov.cn/col/col1234/index.html"
    col = read_jcms((host / "col/col1234/index.html").read_text("utf-8"))
    assert col is not None and col.n_records == 3 and col.total_records == 5  # jpage({totalRecord:5, …})
    items = read_list(col.records_html, url, served_on=DAY).entries
    assert [e.url.rsplit("/", 1)[1] for e in items] == [
        "art_1234_567890.html", "art_1234_567891.html", "art_1234_567892.html"]
    nxt = proxy_request(col, url, 4)
    assert nxt is not None and nxt.url.startswith(
        "http://sthjt.hanweb-demo.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=12&perpage=3")
    assert "columnid=1234" in nxt.form and "unitid=5678" in nxt.form and "webname=demo" in nxt.form
    more = read_jcms((host / "module/web/jpage/dataproxy.jsp@startrecord=4").read_text("utf-8"))
    assert more is not None and more.total_records == 5
    rest = read_list(more.records_html, nxt.url, served_on=DAY).entries
    assert rest[0].url == "http://sthjt.hanweb-demo.gov.cn/art/2026/6/7/art_1234_567893.html"
    assert rest[1].date == date(2026, 6, 6)


def test_json_list_items_become_detail_urls_keyed_by_id() -> None:
    body = (FIX / "json_api/xyfw.json-demo.gov.cn/api/penalty/list@pageNo=1").read_bytes()
    page = parse_json_list(body, "http://xyfw.json-demo.gov.cn", "/api/penalty/detail")
    assert page.total == 3
    assert page.items[0].url == "http://xyfw.json-demo.gov.cn/api/penalty/detail?id=A100"
    assert page.items[0].key == "id:A100" and page.items[0].doc_type == "json"
    assert page.items[0].date == "2026-06-10"


def test_json_list_with_error_code_is_an_error_not_an_empty_page() -> None:
    with pytest.raises(ApiError, match="code 500"):
        parse_json_list(b'{"code": 500, "msg": "busy"}', "http://x.gov.cn", "/d")


def test_html_table_rows_total_pages_and_next_link() -> None:
    host = FIX / "html_table/hbj.table-demo.gov.cn/zwgk/xzcf"
    u1, u2 = "http://hbj.table-demo.gov.cn/zwgk/xzcf/", "http://hbj.table-demo.gov.cn/zwgk/xzcf/?page=2"
    t1, t2 = (host / "@page=1").read_text("utf-8"), (host / "@page=2").read_text("utf-8")
    p1 = read_list(t1, u1, served_on=DAY)
    assert [e.url for e in p1.entries] == ["http://hbj.table-demo.gov.cn/zwgk/xzcf/content_900.html",
                                           "http://hbj.table-demo.gov.cn/zwgk/xzcf/content_901.html"]
    assert p1.entries[1].date == date(2026, 6, 9)
    pg1, pg2 = read_pager(prepare(t1), u1, 1), read_pager(prepare(t2), u2, 2)
    assert (pg1.total_pages, pg1.next_url) == (2, u2)
    assert pg2.next_url is None


def test_attachment_article_files_typed_by_extension_and_unknown_types_reported() -> None:
    host = FIX / "attachment/sthjj.attach-demo.gov.cn/xxgk/cfgs"
    files, unknown, refused = parse_article_files(
        (host / "202605/t20260502_2002.html").read_text("utf-8"),
        "http://sthjj.attach-demo.gov.cn/xxgk/cfgs/202605/t20260502_2002.html")
    assert files == [("http://sthjj.attach-demo.gov.cn/xxgk/cfgs/202605/P020260502001.xlsx", "4月处罚清单.xlsx",
                      "xlsx")]
    assert unknown == ["http://sthjj.attach-demo.gov.cn/xxgk/cfgs/202605/notes.doc"]
    assert refused == []

"""Each family's list parser against its saved fixture pages (no network, no reactor)."""

from __future__ import annotations

from pathlib import Path

from crawlers.decoding import decode_body
from crawlers.spiders.attachment import parse_article_files
from crawlers.spiders.hanweb_jcms import parse_hanweb_records
from crawlers.spiders.html_table import parse_table_list
from crawlers.spiders.json_api import parse_json_list
from crawlers.spiders.trs_wcm import parse_trs_list, trs_page_url

FIX = Path(__file__).parent / "fixtures"


def test_trs_gbk_list_resolves_relative_links_and_reads_page_count() -> None:
    raw = (FIX / "trs_wcm/sthjj.trs-demo.gov.cn/hjjc/xzcf/index.shtml").read_bytes()
    text, enc, mislabelled = decode_body(raw, "text/html; charset=GBK", "gbk")
    page = parse_trs_list(text, "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/index.shtml")
    assert (enc, mislabelled) == ("gbk", False)
    assert page.total_pages == 2
    assert [i.url for i in page.items] == [
        "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/202606/t20260610_1001.html",
        "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/202606/t20260609_1002.html",
        "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/202606/t20260608_1003.html",  # from ../xzcf/
    ]
    assert page.items[0].title == "南京甲化工有限公司行政处罚决定书"
    assert page.items[0].date == "2026-06-10"


def test_trs_page_urls_follow_index_underscore_numbering() -> None:
    base = "http://h.gov.cn/hjjc/xzcf/"
    assert trs_page_url(base, 1, "shtml") == "http://h.gov.cn/hjjc/xzcf/index.shtml"
    assert trs_page_url(base + "index.shtml", 2, "shtml") == "http://h.gov.cn/hjjc/xzcf/index_1.shtml"
    assert trs_page_url(base + "index_1.shtml", 4, "html") == "http://h.gov.cn/hjjc/xzcf/index_3.html"


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
    col = parse_hanweb_records((host / "col/col1234/index.html").read_text("utf-8"),
                               "http://sthjt.hanweb-demo.gov.cn/col/col1234/index.html")
    assert [i.url.rsplit("/", 1)[1] for i in col.items] == [
        "art_1234_567890.html", "art_1234_567891.html", "art_1234_567892.html"]
    assert col.total_records == 5  # from the column page's jpage({totalRecord:5, …}) call
    more = parse_hanweb_records((host / "module/web/jpage/dataproxy.jsp@startrecord=4").read_text("utf-8"),
                                "http://sthjt.hanweb-demo.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=4")
    assert more.total_records == 5
    assert more.items[0].url == "http://sthjt.hanweb-demo.gov.cn/art/2026/6/7/art_1234_567893.html"
    assert more.items[1].date == "2026-06-06"


def test_json_list_items_become_detail_urls_keyed_by_id() -> None:
    body = (FIX / "json_api/xyfw.json-demo.gov.cn/api/penalty/list@pageNo=1").read_bytes()
    page = parse_json_list(body, "http://xyfw.json-demo.gov.cn", "/api/penalty/detail")
    assert page.total == 3
    assert page.items[0].url == "http://xyfw.json-demo.gov.cn/api/penalty/detail?id=A100"
    assert page.items[0].key == "id:A100" and page.items[0].doc_type == "json"
    assert page.items[0].date == "2026-06-10"


def test_json_list_with_error_code_is_an_error_not_an_empty_page() -> None:
    import pytest

    from crawlers.spiders.json_api import ApiError

    with pytest.raises(ApiError, match="code 500"):
        parse_json_list(b'{"code": 500, "msg": "busy"}', "http://x.gov.cn", "/d")


def test_html_table_rows_total_pages_and_next_link() -> None:
    host = FIX / "html_table/hbj.table-demo.gov.cn/zwgk/xzcf"
    p1 = parse_table_list((host / "@page=1").read_text("utf-8"), "http://hbj.table-demo.gov.cn/zwgk/xzcf/?page=1")
    p2 = parse_table_list((host / "@page=2").read_text("utf-8"), "http://hbj.table-demo.gov.cn/zwgk/xzcf/?page=2")
    assert [i.url for i in p1.items] == ["http://hbj.table-demo.gov.cn/zwgk/xzcf/content_900.html",
                                         "http://hbj.table-demo.gov.cn/zwgk/xzcf/content_901.html"]
    assert (p1.total_pages, p1.has_next, p2.has_next) == (2, True, False)
    assert p1.items[1].date == "2026-06-09"


def test_attachment_article_files_typed_by_extension_and_unknown_types_reported() -> None:
    host = FIX / "attachment/sthjj.attach-demo.gov.cn/xxgk/cfgs"
    files, unknown = parse_article_files((host / "202605/t20260502_2002.html").read_text("utf-8"),
                                         "http://sthjj.attach-demo.gov.cn/xxgk/cfgs/202605/t20260502_2002.html")
    assert files == [("http://sthjj.attach-demo.gov.cn/xxgk/cfgs/202605/P020260502001.xlsx", "4月处罚清单.xlsx",
                      "xlsx")]
    assert unknown == ["http://sthjj.attach-demo.gov.cn/xxgk/cfgs/202605/notes.doc"]

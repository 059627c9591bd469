"""Every real list-page snippet in ../shared/realdata/list-pages/ read by the generic readers:
items (link, title, date), and where the next page is. See that folder's PROVENANCE.md.

Two snippets carry damage done after the page was served, undone here as documented there:
02's list and pager were commented out by the developer who reused the page, and 05's text went
through a SQL dump that backslash-escaped its quotes. 01's scripts were HTML-escaped when saved;
the reader copes with that itself.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from crawlers.pages.family import family_of_page
from crawlers.pages.jcms import init_data_items, proxy_request, read_jcms
from crawlers.pages.lists import prepare, read_list
from crawlers.pages.pager import parse_trs_call, read_pager, trs_calls
from greenchain.paths import SHARED_REALDATA
from greenchain.registry import Template

SNIPPETS = SHARED_REALDATA / "list-pages"
pytestmark = pytest.mark.skipif(not SNIPPETS.is_dir(), reason="../shared/realdata/list-pages is absent")
SERVED = date(2026, 11, 22)


def snippet(prefix: str) -> str:
    return next(SNIPPETS.glob(f"{prefix}_*.html")).read_text("utf-8")


def items(text: str, url: str) -> list[tuple[str, str | None, date | None]]:
    return [(e.url, e.title, e.date) for e in read_list(text, url, served_on=SERVED).entries]


def pager(text: str, url: str, page_no: int = 1):  # noqa: ANN201
    return read_pager(prepare(text), url, page_no)


def test_01_yuhang_escaped_document_write_list_and_inline_pager_definition() -> None:
    url = "http://www.yuhang.gov.cn/zjyh/jryh/mnews/201708/t20170803_1095855.html"
    text = snippet("01")
    # Both related articles: written by document.write (escaped when saved) and once rendered;
    # titles from the title attribute (the link text is cut with ...), dates from the URLs.
    assert items(text, url) == [
        ("http://www.yuhang.gov.cn/index/oatest/201707/t20170721_1094492.html",
         "临平老城区有机更新一期工程测绘工作招标公告", date(2017, 7, 21)),
        ("http://www.yuhang.gov.cn/zjyh/jryh/mnews/201707/t20170713_1093453.html",
         "现房销售取消 杭州主城宅地挂牌启用新规则", date(2017, 7, 13)),
    ]
    p = pager(text, url)
    # the function's definition is not a call; the call names the article's own stem, one page
    assert (p.total_pages, p.current, p.next_url) == (1, 1, None)


def test_02_tax_date_inside_the_link_and_var_countpage_pager() -> None:
    url = "http://tax.example.gov.cn/zcb/zxzc/index.shtml"
    text = snippet("02").replace("<!--", "").replace("-->", "")  # the developer's comments, undone
    got = items(text, url)
    assert [u for u, _t, _d in got] == ["http://tax.example.gov.cn/zcb/gjzc/201901/t20190121_52601.shtml",
                                        "http://tax.example.gov.cn/zcb/gjzc/201901/t20190121_52610.shtml"]
    assert got[0][1] == "【国家政策】 国家税务总局 关于小规模纳税人免征增值税政策有关征管问题的公告"
    assert {d for _u, _t, d in got} == {date(2019, 1, 19)}  # the page's date, not the URL's 0121
    p = pager(text, url)
    assert (p.total_pages, p.current, p.next_url) == (67, 1, "http://tax.example.gov.cn/zcb/zxzc/index_1.shtml")


def test_03_jiangsu_jcms_records_params_from_param_var_and_record_range() -> None:
    url = "http://www.jiangsu.gov.cn/col/col33718/index.html"
    text = snippet("03")
    assert family_of_page(text, url) == Template.HANWEB_JCMS
    col = read_jcms(text)
    assert col is not None
    assert items(col.records_html, url) == [
        ("http://www.jiangsu.gov.cn/art/2026/9/11/art_33718_11828204.html", "连云港跨里海班列运输提质提速",
         date(2026, 9, 11)),
        ("http://www.jiangsu.gov.cn/art/2025/12/15/art_33718_11693505.html",
         "徐州以产业集群培育赋能中小企业高质量发展", date(2025, 12, 15)),
    ]
    assert (col.total_records, col.per_page) == (4895, 19)
    assert col.params["columnid"] == "33718" and col.params["unitid"] == "212860"
    assert col.params["webid"] == "1" and col.params["webname"] == "江苏省人民政府"
    nxt = proxy_request(col, url, col.n_records + 1)
    assert nxt is not None
    assert nxt.url == ("http://www.jiangsu.gov.cn/module/web/jpage/dataproxy.jsp"
                       "?startrecord=3&endrecord=59&perpage=19")
    assert "columnid=33718" in nxt.form and "unitid=212860" in nxt.form


def test_04_sdmsa_cdata_directly_in_the_datastore() -> None:
    url = "http://www.sd.msa.gov.cn/col/col5301/index.html"
    col = read_jcms(snippet("04"))
    assert col is not None and col.n_records == 1
    assert items(col.records_html, url) == [
        ("http://www.sd.msa.gov.cn/art/2026/7/14/art_5301_1.html", "解除测试预警", date(2026, 7, 14))]
    # no column parameters on the page: the records it holds are the whole list
    assert col.total_records is None and proxy_request(col, url, 2) is None


def test_05_nantong_legacy_initdata_and_ajaxparam_proxy() -> None:
    url = "http://zfcg.nantong.gov.cn/col/col30067/index.html"
    text = snippet("05").replace("\\'", "'")  # the SQL dump's escaping, undone
    col = read_jcms(text)
    assert col is not None and col.n_records == 0
    first = init_data_items(col.init_data)
    assert first[0] == ("南通市工贸高级技工学校小车运行控制等实训装置项目招...", "2014-07-14")
    assert first[2] == ("南通市地下水基础环境状况调查评估项目招标公告[NT...", "2014-07-11")
    assert all(d is not None for _t, d in first)
    assert (col.total_records, col.per_page, col.group_size) == (1418, 25, 3)
    assert col.proxy_path == "/module/jslib/jquery/jpage/dataproxy.jsp"
    assert {k: col.params[k] for k in ("columnid", "unitid", "webid")} == {
        "columnid": "30067", "unitid": "49468", "webid": "60"}
    # InitData has titles without links: the proxy is asked from the first record on
    nxt = proxy_request(col, url, 1)
    assert nxt is not None and nxt.url == ("http://zfcg.nantong.gov.cn/module/jslib/jquery/jpage/dataproxy.jsp"
                                           "?startrecord=1&endrecord=75&perpage=25")
    assert "webname=%E5%8D%97%E9%80%9A%E5%B8%82%E6%94%BF%E5%BA%9C%E9%87%87%E8%B4%AD%E7%BD%91" in nxt.form


def test_06_anyang_zfxxgk_list_not_the_side_menu() -> None:
    url = "http://www.ayyd.gov.cn/zfxxgk/fdzdgknr/cfqz/"
    got = items(snippet("06"), url)
    assert got == [
        ("http://www.ayyd.gov.cn/2026/07-23/3653721.html", "2026年安阳市殷都区委组织部所属事业单位公开选调工作人员公告",
         date(2026, 7, 23)),
        ("http://www.ayyd.gov.cn/2026/07-17/3652898.html", "2026年事业单位公开招聘面试资格确认递补公告", date(2026, 7, 17)),
        ("http://www.ayyd.gov.cn/2026/07-01/3650588.html", "2026年事业单位公开招聘面试资格确认公告", date(2026, 7, 1)),
    ]
    assert pager(snippet("06"), url).next_url is None


def test_07_dedecms_pagelist_next_link_and_counts() -> None:
    url = "http://www.chinashina.com/list_32_1.html"
    p = pager(snippet("07"), url)
    assert (p.next_url, p.total_pages, p.total_records) == ("http://www.chinashina.com/list_32_2.html", 7, 137)
    assert items(snippet("07"), url) == []  # a pager, not a list: the page numbers are not items


def test_08_amac_dates_in_i_and_single_page_pager() -> None:
    url = "http://www.amac.org.cn/xxgs/tzgg/"
    text = snippet("08")
    assert items(text, url) == [
        ("http://www.amac.org.cn/xxgs/tzgg/202606/t20260612_27827.html",
         "关于发布《公开募集证券投资基金主题投资风格管理指引》的公告", date(2026, 6, 12)),
        ("http://www.amac.org.cn/xxgs/tzgg/202303/t20230316_18424.html",
         "关于举办《私募投资基金登记备案办法》解读直播培训的通知", date(2023, 3, 16)),
    ]
    assert family_of_page(text, url) == Template.TRS_WCM
    p = pager(text, url)
    assert (p.total_pages, p.next_url, p.how) == (1, None, "createPageHTML A")


# (count, current page 1-based, prefix, ext, records, form, name of the next page or None at the end)
CALLS_09 = {
    "'page_div',22,1,'common_list','shtml',325": (22, 1, "common_list", "shtml", 325, "B", "common_list_1.shtml"),
    "'page_div',84, 1,'dc_list','shtml',1000": (84, 1, "dc_list", "shtml", 1000, "B", "dc_list_1.shtml"),
    "'page_div', 11, 1, 'list', 'shtml', 154": (11, 1, "list", "shtml", 154, "B", "list_1.shtml"),
    "'page_div',10, 1,'xlist','shtml',189": (10, 1, "xlist", "shtml", 189, "B", "xlist_1.shtml"),
    "'page_div',1, 1,'xlist','shtml',5": (1, 1, "xlist", "shtml", 5, "B", None),
    "'page_div',5, 1,'xlist','shtml',85": (5, 1, "xlist", "shtml", 85, "B", "xlist_1.shtml"),
    "'page_div',11, 1,'xlist','shtml',204": (11, 1, "xlist", "shtml", 204, "B", "xlist_1.shtml"),
    "'page_div', 5, 1, 'fg', 'shtml', 89": (5, 1, "fg", "shtml", 89, "B", "fg_1.shtml"),
    "'page_div',\n, 1,'list_yw','shtml',25": (None, 1, "list_yw", "shtml", 25, "B", None),
    '2, 0, "index", "html"': (2, 1, "index", "html", None, "A", "index_1.html"),
    "1, 0, 'index', 'html'": (1, 1, "index", "html", None, "A", None),
    '7655,1,"index","htm"': (7655, 2, "index", "htm", None, "A", "index_2.htm"),
    '1, 0, "t20170803_1095855", "html"': (1, 1, "t20170803_1095855", "html", None, "A", None),
    '9, 0, "index", "html"': (9, 1, "index", "html", None, "A", "index_1.html"),
}


def test_09_every_createpagehtml_call_in_both_argument_orders() -> None:
    text = snippet("09")
    calls = text[text.index("-->") :]  # after the collector's header, which spells the signatures
    found = re.findall(r"createPageHTML\((.*?)\)", calls, re.S)
    assert len(found) == len(CALLS_09)
    for inner in found:
        call = parse_trs_call(inner)
        assert call is not None, inner
        count, current, prefix, ext, records, form, nxt = CALLS_09[inner]
        assert (call.count, call.current, call.prefix, call.ext, call.records, call.form) == \
            (count, current, prefix, ext, records, form), inner
        at_end = call.count is None or call.current >= call.count
        assert (None if at_end else call.page_name(call.current + 1)) == nxt, inner
    # The commented-out call does not count; the var pager that replaced it does.
    tail = text[text.index("//createPageHTML(9"):]
    assert trs_calls(tail) == []
    page = f"<html><body><ul></ul><script>{tail}</script></body></html>"
    p = pager(page, "http://school.example.edu.cn/xwzx/index.html")
    assert (p.total_pages, p.current, p.next_url) == (17, 1, "http://school.example.edu.cn/xwzx/index_1.html")

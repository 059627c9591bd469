"""Each CMS template lists every live item across its pages, and every listed link resolves."""

from __future__ import annotations

import io
import json
import re

import xlrd
from openpyxl import load_workbook
from pdfminer.high_level import extract_text
from selectolax.lexbor import LexborHTMLParser

from greenchain.registry import Template
from simulator.listing import page_path
from simulator.site import SimulatedWeb
from simulator.truth import truth_lines
from simulator.urls import detail_href, detail_path


def _decode(resp) -> str:  # noqa: ANN001
    charset = resp.headers["Content-Type"].split("charset=")[1]
    return resp.body.decode(charset)


def _all_pages(web: SimulatedWeb, s) -> tuple[list[str], int]:  # noqa: ANN001
    """Every list page of a source by the site's own page URLs, and how many there are."""
    st = web.list_style(s)
    pages = max(1, -(-len(web.live(s)) // st.page_size))
    out = [_decode(web.handle("GET", s.host, page_path(s, st, k))) for k in range(1, pages + 1)]
    beyond = page_path(s, st, pages + 1)
    assert web.handle("GET", s.host, beyond).status == 404
    return out, pages


def _href(web: SimulatedWeb, s, it) -> str:  # noqa: ANN001
    """The href of an item as printed in the site's link style."""
    st = web.list_style(s)
    path = detail_path(s, it)
    if st.links == "full":
        return s.base_url + path
    if st.links == "relative":
        return detail_href(s, it) if s.template == Template.TRS_WCM else path.rsplit("/", 1)[1]
    return path


def test_trs_wcm_lists_every_live_item_once_across_its_pages(web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    s = pick(web, Template.TRS_WCM, min_items=41)
    live = web.live(s)
    html, pages = _all_pages(web, s)
    assert pages >= 2
    for it in live:
        assert sum(page.count(f'"{_href(web, s, it)}"') + page.count(f"'{_href(web, s, it)}'") for page in html) == 1
    st = web.list_style(s)
    detail = web.handle("GET", s.host, detail_path(s, live[-1]))
    page = LexborHTMLParser(_decode(detail))
    assert page.css_first('meta[name="ArticleTitle"]').attributes["content"] == web._title(s, live[-1])
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d", page.css_first('meta[name="PubDate"]').attributes["content"]
    )
    assert page.css_first("div.TRS_Editor") is not None
    assert st.pager in ("trs_a", "trs_a_quotes", "trs_a_tight", "trs_b", "var_count", "links")


def test_every_real_list_shape_and_pager_occurs_in_the_registry(web: SimulatedWeb) -> None:
    seen: dict[str, set[str]] = {"shape": set(), "pager": set(), "params_in": set(), "proxy": set()}
    for s in web.registry.active():
        st = web.list_style(s)
        seen["shape"].add(st.shape)
        if s.template != Template.HANWEB_JCMS:
            seen["pager"].add(st.pager)
        else:
            seen["params_in"].add(st.params_in)
            seen["proxy"].add(st.proxy)
    assert seen["shape"] >= {"ul_span", "ul_i", "date_in_link", "div_p_span", "table", "zfxxgk", "flat", "writeln",
                             "dl", "li", "tr"}
    assert seen["pager"] >= {"trs_a", "trs_a_quotes", "trs_a_tight", "trs_b", "var_count", "links", "page_text",
                             "pagelist"}
    assert seen["params_in"] == {"nextgroup", "param_var", "ajax_param"} and len(seen["proxy"]) == 3


def test_classic_markup_stays_available_without_variation(registry, pick) -> None:  # noqa: ANN001
    from simulator.config import load_simulator_config

    cfg = load_simulator_config().model_copy(update={"faults": {}, "list_variation": False})
    plain = SimulatedWeb(registry, cfg, seed=3, n_companies=2000)
    s = pick(plain, Template.TRS_WCM, min_items=21)
    first = _decode(plain.handle("GET", s.host, s.list_path + "index.shtml"))
    pages = -(-len(plain.live(s)) // 20)
    assert f'createPageHTML({pages}, 0, "index", "shtml")' in first and '<ul class="list">' in first


def test_hanweb_embeds_the_first_group_and_dataproxy_serves_the_rest_by_get_and_post(
    web: SimulatedWeb, pick
) -> None:  # noqa: ANN001
    s = pick(web, Template.HANWEB_JCMS, min_items=16)
    st = web.list_style(s)
    live = web.live(s)
    col = _decode(web.handle("GET", s.host, s.list_path))
    hrefs = re.findall(r"href=[\"'](/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html)[\"']", col)
    embedded = st.page_size * st.group
    assert len(hrefs) == min(embedded, len(live))
    assert f"totalRecord:{len(live)}" in col and f"perPage:{st.page_size}" in col
    start = min(embedded, len(live)) + 1
    q = f"startrecord={start}&endrecord={start + 200}&perpage={st.page_size}&columnid={s.params['columnid']}"
    xml = web.handle("GET", s.host, st.proxy + "?" + q).body.decode()
    assert f"<totalrecord>{len(live)}</totalrecord>" in xml
    rest = re.findall(r"href=[\"'](/art/[^\"']+)[\"']", xml)
    assert len(hrefs) + len(rest) == len(live)
    form = (
        f"col=1&appid=1&webid={s.params['webid']}&path=/&columnid={s.params['columnid']}&sourceContentType=1"
        f"&unitid={s.params['unitid']}&webname={s.params['webname']}&permissiontype=0"
    )
    posted = web.handle(
        "POST",
        s.host,
        f"{st.proxy}?startrecord=1&endrecord=15&perpage=15",
        {"content-type": "application/x-www-form-urlencoded"},
        form.encode(),
    )
    assert len(re.findall(r"/art/\d{4}/", posted.body.decode())) == min(15, len(live))
    href = (rest or hrefs)[-1]
    assert web.handle("GET", s.host, href).status == 200


def test_json_api_pages_with_pageno_and_details_carry_shuanggongshi_fields(web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    s = pick(web, Template.JSON_API, min_items=3)
    live = web.live(s)
    seen = []
    for page in (1, 2, 3, 4):
        ans = json.loads(
            web.handle(
                "POST",
                s.host,
                s.list_path,
                {"content-type": "application/json"},
                json.dumps({"pageNo": page, "pageSize": 2}).encode(),
            ).body
        )
        assert ans["code"] == 200 and ans["data"]["total"] == len(live)
        seen += ans["data"]["list"]
    assert [x["id"] for x in seen][: len(live)] == [i.key for i in live][:8]
    detail = json.loads(web.handle("GET", s.host, f"{s.params['detail_path']}?id={seen[0]['id']}").body)
    assert detail["code"] == 200
    assert {
        "CF_WSH",
        "CF_CFLB1",
        "CF_SY",
        "CF_YJ",
        "CF_NR",
        "CF_NR_FK",
        "CF_JDRQ",
        "CF_CFJG",
        "CF_XDR_MC",
        "CF_FR",
    } <= set(detail["data"])
    missing = json.loads(web.handle("GET", s.host, f"{s.params['detail_path']}?id=nope").body)
    assert missing["code"] == 404


def test_html_table_lists_every_live_item_and_drops_the_next_link_on_the_last_page(
    web: SimulatedWeb, pick
) -> None:  # noqa: ANN001
    s = pick(web, Template.HTML_TABLE, min_items=21)
    live = web.live(s)
    html, pages = _all_pages(web, s)
    for it in live:
        assert sum(page.count(f'"{_href(web, s, it)}"') for page in html) == 1
    for k, page in enumerate(html, start=1):
        assert f"{pages}" in page
        assert (page_path(s, web.list_style(s), k + 1).rsplit("/", 1)[-1] in page) == (k < pages) or k == 1
    link = f"{s.list_path.rsplit('/', 1)[0]}/content_{live[0].doc_number}.html"
    assert web.handle("GET", s.host, link).status == 200


def test_attachment_articles_link_xls_xlsx_pdf_files_holding_the_truth_rows(web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    seen_exts: set[str] = set()
    exclude: tuple[str, ...] = ()
    while seen_exts != {"xls", "xlsx", "pdf"}:
        s = pick(web, Template.ATTACHMENT, min_items=2, exclude=exclude)
        exclude += (s.id,)
        truth = list(truth_lines(web, 1, [s.id], progress=False))
        for url in sorted({t["url"] for t in truth}):
            ext = url.rsplit(".", 1)[1]
            path = url.split(".gov.cn", 1)[1]
            resp = web.handle("GET", s.host, path)
            assert resp.status == 200
            if ext == "xls":
                sheet = xlrd.open_workbook(file_contents=resp.body).sheet_by_index(0)
                assert sheet.row_values(1)[:3] == ["序号", "行政相对人名称", "统一社会信用代码"]
                text = " ".join(str(sheet.cell_value(r, 1)) for r in range(2, sheet.nrows))
            elif ext == "xlsx":
                ws = load_workbook(io.BytesIO(resp.body)).active
                text = " ".join(str(row[1]) for row in ws.iter_rows(min_row=3, values_only=True))
            else:
                text = re.sub(r"\s+", "", extract_text(io.BytesIO(resp.body)))
            seen_exts.add(ext)
            for t in (t for t in truth if t["url"] == url):
                assert t["party_name_raw"] in text
        article = web.handle("GET", s.host, truth[0]["article_url"].split(".gov.cn", 1)[1])
        assert 'class="insertfileTag"' in _decode(article)

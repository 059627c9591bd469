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
from simulator.site import SimulatedWeb
from simulator.truth import truth_lines


def _decode(resp) -> str:  # noqa: ANN001
    charset = resp.headers["Content-Type"].split("charset=")[1]
    return resp.body.decode(charset)


def test_trs_wcm_paginates_with_createpagehtml_and_relative_links(web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    s = pick(web, Template.TRS_WCM, min_items=41)
    live = web.live(s)
    first = _decode(web.handle("GET", s.host, s.list_path + "index.shtml"))
    pages = int(re.search(r"createPageHTML\((\d+), 0, \"index\", \"shtml\"\)", first).group(1))
    assert pages == -(-len(live) // 20) >= 3
    links: list[tuple[str, str]] = []
    for p in range(pages):
        path = s.list_path + ("index.shtml" if p == 0 else f"index_{p}.shtml")
        html = _decode(web.handle("GET", s.host, path))
        assert f'createPageHTML({pages}, {p}, "index", "shtml")' in html
        links += [
            (a.attributes["href"], a.attributes["title"]) for a in LexborHTMLParser(html).css("ul.list li a")
        ]
    assert len(links) == len(live) and all(h.startswith("./") for h, _ in links)
    assert web.handle("GET", s.host, s.list_path + f"index_{pages}.shtml").status == 404
    href, title = links[-1]
    detail = web.handle("GET", s.host, s.list_path + href[2:])
    page = LexborHTMLParser(_decode(detail))
    assert page.css_first('meta[name="ArticleTitle"]').attributes["content"] == title
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d", page.css_first('meta[name="PubDate"]').attributes["content"]
    )
    assert page.css_first("div.TRS_Editor") is not None


def test_hanweb_embeds_first_page_and_dataproxy_serves_the_rest_by_get_and_post(
    web: SimulatedWeb, pick
) -> None:  # noqa: ANN001
    s = pick(web, Template.HANWEB_JCMS, min_items=16)
    live = web.live(s)
    col = _decode(web.handle("GET", s.host, s.list_path))
    embedded = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", col)
    assert len(embedded) == min(15, len(live))
    q = f"startrecord=16&endrecord={len(live) + 10}&perpage=15&columnid={s.params['columnid']}"
    xml = web.handle("GET", s.host, "/module/web/jpage/dataproxy.jsp?" + q).body.decode()
    assert f"<totalrecord>{len(live)}</totalrecord>" in xml
    assert f"<totalpage>{-(-len(live) // 15)}</totalpage>" in xml
    rest = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", xml)
    assert len(embedded) + len(rest) == len(live)
    form = (
        f"col=1&appid=1&webid={s.params['webid']}&path=/&columnid={s.params['columnid']}&sourceContentType=1"
        f"&unitid={s.params['unitid']}&webname={s.params['webname']}&permissiontype=0"
    )
    posted = web.handle(
        "POST",
        s.host,
        "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15&perpage=15",
        {"content-type": "application/x-www-form-urlencoded"},
        form.encode(),
    )
    assert posted.body.decode().count("<record>") == 15
    href = re.search(r'href="(/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html)"', rest[-1]).group(1)
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


def test_html_table_pages_with_page_param_and_drops_next_link_on_last_page(web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    s = pick(web, Template.HTML_TABLE, min_items=21)
    live = web.live(s)
    pages = -(-len(live) // 20)
    rows = 0
    for p in range(1, pages + 1):
        html = _decode(web.handle("GET", s.host, f"{s.list_path}?page={p}"))
        tree = LexborHTMLParser(html)
        rows += len(tree.css("table.list tr")) - 1
        assert f"共{pages}页" in html
        assert ("下一页" in html) == (p < pages)
    assert rows == len(live)
    link = tree.css("table.list tr td a")[-1].attributes["href"]
    assert re.search(r"/content_\d+\.html$", link) and web.handle("GET", s.host, link).status == 200


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

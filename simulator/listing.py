"""List pages as real bureau sites print them: one markup style per host, drawn from the shapes of
the real snippets in ../shared/realdata/list-pages/ (see PROVENANCE.md there).

A style fixes the item markup (`ul > li > a + span`, `li > a + i`, the date before the title inside
the link, `div > a > p + span`, table rows, the 政府信息公开 `div.zfxxgk_zdgkc` list, a flat list, a list
written by `document.writeln`), whether dates carry a year, the navigation around the list (a side
menu of the site's columns in the very same markup, a breadcrumb, a 更多 link), the page size and
the pager: TRS `createPageHTML` in both argument orders and spellings, the inline `var countPage`
pager, rendered 下一页/下页/> links, 共N页/页次 text, `?page=N`, `list_N.html`; Hanweb jcms columns vary
the records' markup, where the proxy parameters are written (`nextgroup`, `var param_…`,
`jpage({ajaxParam})`), the proxy's path and the page size.

`classic` is the style every site had before (kept for comparison: `list_variation: false`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from greenchain.registry import Source, SourceKind, Template
from simulator.render.detail import e

TRS_SHAPES = ("ul_span", "ul_i", "date_in_link", "div_p_span", "table", "zfxxgk", "flat", "writeln")
TABLE_SHAPES = ("table", "table", "ul_span", "div_p_span", "flat", "dl")
HANWEB_RECORDS = ("li", "li", "tr", "div_p_span")
TRS_PAGERS = ("trs_a", "trs_a_quotes", "trs_a_tight", "trs_b", "var_count", "links")
TABLE_PAGERS = ("links", "page_text", "pagelist")
HANWEB_PARAMS = ("nextgroup", "param_var", "ajax_param")
HANWEB_PROXIES = ("/module/web/jpage/dataproxy.jsp", "/module/jpage/dataproxy.jsp",
                  "/module/jslib/jquery/jpage/dataproxy.jsp")
KIND_COLUMNS = {
    SourceKind.PENALTY_DECISION: "行政处罚",
    SourceKind.ORDER_TO_CORRECT: "责令改正",
    SourceKind.MONITORING_EXCEEDANCE: "超标排放信息",
    SourceKind.KEY_POLLUTER_LIST: "重点排污单位名录",
    SourceKind.ENTERPRISE_DISCLOSURE: "企业环境信息依法披露",
}
NAV_COLUMNS = (("政策法规", "zcfg"), ("通知公告", "tzgg"), ("环评审批", "hpsp"), ("行政许可", "xzxk"),
               ("人事信息", "rsxx"), ("财政预决算", "czyjs"))


@dataclass(frozen=True)
class ListStyle:
    shape: str  # item markup (TRS_SHAPES / TABLE_SHAPES), or the jcms record markup
    yearless: bool  # dates printed as 06-10
    brackets: bool  # dates printed as [2026-06-10]
    pager: str
    prefix: str  # TRS page-name prefix: page k>1 is {prefix}_{k-1}.{ext}
    ext: str
    page_size: int
    nav: str  # "none" | "side" (a side menu in the list's own markup) | "crumb"
    more: bool  # a 更多>> link inside the list container
    truncate: int  # link text cut at this many characters with ... (0: never); the title attribute stays whole
    links: str  # "relative" | "absolute" | "full"
    url_pages: str  # table sites: "query" (?page=N), "numbered" (list_N.html)
    # Hanweb jcms columns
    params_in: str = "nextgroup"
    proxy: str = HANWEB_PROXIES[0]
    group: int = 3  # records embedded and asked per proxy request: page size × group
    record_wrapper: bool = True


CLASSIC = {
    Template.TRS_WCM: ListStyle("ul_span", False, False, "trs_a", "index", "shtml", 20, "none", False, 0,
                                "relative", "query"),
    Template.HTML_TABLE: ListStyle("table", False, False, "links", "index", "html", 20, "none", False, 0,
                                   "absolute", "query"),
    Template.HANWEB_JCMS: ListStyle("li", False, False, "jpage", "index", "html", 15, "none", False, 0,
                                    "absolute", "query", "nextgroup", HANWEB_PROXIES[0], 1, True),
}
CLASSIC[Template.ATTACHMENT] = CLASSIC[Template.TRS_WCM]


def list_style(s: Source, seed: int, variation: bool = True) -> ListStyle:
    """The list markup of the source's host (every column of a host looks alike)."""
    if not variation:
        return CLASSIC[s.template]
    rng = random.Random(f"{seed}:list-style:{s.host}:{s.template.value}")
    nav = rng.choice(("none", "side", "side", "crumb"))
    more = rng.random() < 0.3
    truncate = rng.choice((0, 0, 0, 18))
    if s.template == Template.HANWEB_JCMS:
        return ListStyle(rng.choice(HANWEB_RECORDS), rng.random() < 0.25, False, "jpage", "index", "html",
                         rng.choice((15, 15, 19, 20, 25)), "none", False, truncate, "absolute", "query",
                         rng.choice(HANWEB_PARAMS), rng.choice(HANWEB_PROXIES), rng.choice((1, 3, 3)),
                         rng.random() < 0.7)
    if s.template == Template.HTML_TABLE:
        shape = rng.choice(TABLE_SHAPES)
        numbered = s.list_path.endswith("list.html") and rng.random() < 0.5
        return ListStyle(shape, rng.random() < 0.35, rng.random() < 0.2, rng.choice(TABLE_PAGERS), "list",
                         "html", rng.choice((10, 15, 20)), nav, more, truncate, rng.choice(("absolute", "relative")),
                         "numbered" if numbered else "query")
    pager = rng.choice(TRS_PAGERS)
    prefix = rng.choice(("list", "xlist", "common_list")) if pager == "trs_b" else "index"
    ext = "shtml" if pager == "trs_b" else rng.choice(("shtml", "shtml", "html", "htm"))
    shape = rng.choice(TRS_SHAPES)
    return ListStyle(shape, rng.random() < 0.25 and shape != "date_in_link", rng.random() < 0.15, pager, prefix,
                     ext, rng.choice((15, 20, 20, 25)), nav, more, truncate,
                     rng.choice(("relative", "relative", "absolute", "full")), "query")


# --- where pages are ---------------------------------------------------------------------------

def page_path(s: Source, st: ListStyle, page: int) -> str:
    """The path (and query) of list page `page` (1-based) as the site's own pager links it."""
    if page <= 1:
        return s.list_path
    if s.template in (Template.TRS_WCM, Template.ATTACHMENT):
        return f"{s.list_path}{st.prefix}_{page - 1}.{st.ext}"
    if st.url_pages == "numbered":
        return f"{s.list_path[: -len('.html')]}_{page}.html"
    return f"{s.list_path}?page={page}"


def trs_page_of(st: ListStyle, rest: str) -> int | None:
    """The page number of a TRS folder path remainder (`""`, `index.shtml`, `list_3.shtml`)."""
    if rest in ("", "index.shtml", "index.html", f"{st.prefix}.{st.ext}"):
        return 1
    stem, dot, ext = rest.rpartition(".")
    head, _, n = stem.rpartition("_")
    if dot and ext == st.ext and head == st.prefix and n.isdigit():
        return int(n) + 1
    if dot and ext == "shtml" and head == "index" and n.isdigit() and st.prefix == "index":
        return int(n) + 1  # the classic spelling stays answered
    return None


# --- items ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    href: str
    title: str
    published: date


def _date(st: ListStyle, d: date) -> str:
    text = f"{d:%m-%d}" if st.yearless else d.isoformat()
    return f"[{text}]" if st.brackets else text


def _text(st: ListStyle, title: str) -> str:
    if st.truncate and len(title) > st.truncate:
        return e(title[: st.truncate]) + "..."
    return e(title)


def _li(st: ListStyle, r: Row, date_tag: str = "span") -> str:
    return (f'<li><a href="{r.href}" title="{e(r.title)}" target="_blank">{_text(st, r.title)}</a>'
            f"<{date_tag}>{_date(st, r.published)}</{date_tag}></li>")


def item_markup(st: ListStyle, rows: list[Row], offset: int = 0) -> str:
    """The list itself (inside its container), in the style's shape."""
    shape = st.shape
    if shape in ("ul_span", "li"):
        return '<ul class="list">\n' + "\n".join(_li(st, r) for r in rows) + _more(st, "li") + "\n</ul>"
    if shape == "ul_i":
        return "<ul>\n" + "\n".join(
            f'<li>\n  <a href="{r.href}">{_text(st, r.title)}</a>\n  <i>{_date(st, r.published)}</i>\n</li>'
            for r in rows) + _more(st, "li") + "\n</ul>"
    if shape == "date_in_link":
        return "<ul>\n" + "\n".join(
            f'<li><a href="{r.href}" target="_blank"><span class="date">{_date(st, r.published)}</span>'
            f'<span class="lm"> 【行政执法】 </span>{_text(st, r.title)}</a></li>' for r in rows
        ) + _more(st, "li") + "\n</ul>"
    if shape == "div_p_span":
        return "\n".join(f'<div class="news-item"><a href="{r.href}" title="{e(r.title)}"><p>{_text(st, r.title)}</p>'
                         f"<span>{_date(st, r.published)}</span></a></div>" for r in rows) + _more(st, "div")
    if shape in ("table", "tr"):
        head = "<tr><th>序号</th><th>标题</th><th>发布日期</th></tr>" if shape == "table" else ""
        body = "".join(f'<tr><td>{n}</td><td><a href="{r.href}" title="{e(r.title)}">{_text(st, r.title)}</a></td>'
                       f"<td>{_date(st, r.published)}</td></tr>" for n, r in enumerate(rows, start=offset + 1))
        return f'<table class="list-table" width="100%">{head}{body}</table>' + _more(st, "div")
    if shape == "zfxxgk":
        return '<div class="zfxxgk_zdgkc"><ul>\n' + "\n".join(
            f'<li><a href="{r.href}">{_text(st, r.title)}</a><b>{_date(st, r.published)}</b></li>' for r in rows
        ) + "\n</ul></div>"
    if shape == "flat":
        return '<div class="text-list">' + "".join(
            f'<a href="{r.href}" title="{e(r.title)}">{_text(st, r.title)}</a>（{_date(st, r.published)}）<br>'
            for r in rows) + "</div>"
    if shape == "dl":
        return "<dl class=\"list\">" + "".join(
            f'<dd><a href="{r.href}">{_text(st, r.title)}</a><em>{_date(st, r.published)}</em></dd>' for r in rows
        ) + "</dl>"
    if shape == "writeln":
        lines = "\n".join(
            "document.writeln(\"<li><a href='" + r.href + "' title='" + e(r.title) + "'>" + _text(st, r.title)
            + "</a><span>" + _date(st, r.published) + "</span></li>\");" for r in rows)
        return f'<ul class="list">\n<script type="text/javascript">\n{lines}\n</script>\n</ul>'
    raise ValueError(f"unknown list shape {shape!r}")


def _more(st: ListStyle, tag: str) -> str:
    if not st.more:
        return ""
    return f'\n<{tag} class="more"><a href="./">更多&gt;&gt;</a></{tag}>' if tag != "div" else \
        '\n<div class="more"><a href="./">更多&gt;&gt;</a></div>'


# --- pagers -----------------------------------------------------------------------------------------

def trs_pager(st: ListStyle, page: int, pages: int, total: int) -> str:
    cur0 = page - 1
    p = st.pager
    if p == "trs_a":
        return f'<div class="page"><script>createPageHTML({pages}, {cur0}, "{st.prefix}", "{st.ext}");</script></div>'
    if p == "trs_a_quotes":
        return f"<div class=\"page\"><script>createPageHTML({pages}, {cur0}, '{st.prefix}', '{st.ext}');</script></div>"
    if p == "trs_a_tight":
        return f'<div class="page"><script>createPageHTML({pages},{cur0},"{st.prefix}","{st.ext}");</script></div>'
    if p == "trs_b":
        return (f"<div id=\"page_div\"></div><script>createPageHTML('page_div',{pages}, {page},"
                f"'{st.prefix}','{st.ext}',{total});</script>")
    if p == "var_count":
        return (
            '<div class="page"><script>\nvar currentPage = ' + str(cur0) + ";//所在页从0开始\n"
            "var prevPage = currentPage-1//上一页\nvar nextPage = currentPage+1//下一页\n"
            f"var countPage = {pages}//共多少页\n"
            'if(countPage>1){\n  document.write("共"+countPage+"页&nbsp;&nbsp;");\n'
            "  if(currentPage!=(countPage-1))\n"
            f'    document.write("<a href=\\"{st.prefix}"+"_" + nextPage + "."+"{st.ext}\\" class=\'fanye\'>下一页</a>");\n'
            "}\n</script></div>")
    return links_pager(st, page, pages, lambda k: _trs_name(st, k), next_text="下一页")


def _trs_name(st: ListStyle, k: int) -> str:
    return f"{st.prefix}.{st.ext}" if k <= 1 else f"{st.prefix}_{k - 1}.{st.ext}"


def links_pager(st: ListStyle, page: int, pages: int, href, next_text: str = "下一页",  # noqa: ANN001
                total: int | None = None) -> str:
    prev = f'<a href="{href(page - 1)}">上一页</a> ' if page > 1 else "上一页 "
    nxt = f' <a href="{href(page + 1)}">{next_text}</a>' if page < pages else f" {next_text}"
    first = f'<a href="{href(1)}">首页</a> '
    last = f' <a href="{href(pages)}">尾页</a>'
    count = f"共{pages}页" + (f"{total}条" if total is not None else "")
    return f'<div class="pager">{first}{prev}{count} 当前第{page}页{nxt}{last}</div>'


def table_pager(s: Source, st: ListStyle, page: int, pages: int, total: int) -> str:
    def href(k: int) -> str:
        path = page_path(s, st, k)
        if st.links == "relative":
            return path.rsplit("/", 1)[1] if not path.startswith("?") else path
        return path

    if st.pager == "page_text":
        nxt = f'<a href="{href(page + 1)}">下页</a>' if page < pages else "下页"
        prev = f'<a href="{href(page - 1)}">上页</a>' if page > 1 else "上页"
        return f'<div class="pages">页次：{page}/{pages} 每页{st.page_size}条 {prev} {nxt}</div>'
    if st.pager == "pagelist":
        nums = "".join(f'<li class="thisclass"><a>{k}</a></li>' if k == page else f'<li><a href="{href(k)}">{k}</a></li>'
                       for k in range(max(1, page - 2), min(pages, page + 2) + 1))
        nxt = f'<li><a href="{href(page + 1)}">下一页</a></li>' if page < pages else ""
        return (f'<div class="pagination"><ul><li><a href="{href(1)}">首页</a></li>{nums}{nxt}'
                f'<li><a href="{href(pages)}">末页</a></li>'
                f'<li><span class="pageinfo">共 <strong>{pages}</strong>页<strong>{total}</strong>条</span></li></ul></div>')
    return links_pager(st, page, pages, href, total=total)


# --- navigation around the list ----------------------------------------------------------------------

def navigation(s: Source, st: ListStyle, sibling_columns: list[tuple[str, str]]) -> str:
    """What sits before the list: a side menu in the list's own markup, or a breadcrumb."""
    column = KIND_COLUMNS[s.kind]
    if st.nav == "crumb":
        return (f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; '
                f'<a href="{s.list_path}">{column}</a></div>')
    if st.nav != "side":
        return ""
    entries = [*sibling_columns, *((name, f"/xxgk/{slug}/") for name, slug in NAV_COLUMNS)]
    lis = "".join(f'<li><a href="{href}" title="{e(name)}">{e(name)}</a></li>' for name, href in entries)
    if st.shape in ("ul_span", "li", "writeln"):
        return f'<ul class="list">{lis}</ul>'  # the very markup of the items, without dates
    return f'<div class="sideMenu"><ul class="submenu">{lis}</ul></div>'

"""Read where a list page's next page is, from whatever the page offers:

- TRS WCM pager calls in both argument orders: `createPageHTML(count, current0, "index", "shtml")`
  and `createPageHTML('page_div', count, current1, 'list', 'shtml', records)`; the inline
  `var countPage = 67; var currentPage = 0` pager;
- a rendered next-page link (下一页, 下页, 后页, >, », next);
- "共N页", "共N条", "页次：1/67" text;
- the page's own URL pattern (index.shtml → index_1.shtml, list_32_2.html → list_32_3.html,
  ?page=2 → ?page=3) when the page states a count but renders no link.

A page that says it is the last (current ≥ count) has no next page whatever its links say; the
caller keeps its own stop rules (visited URLs, a page cap) so a lying pager cannot loop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from crawlers.pages import links
from crawlers.pages.lists import Page, chunks, clean
from crawlers.pages.scripts import EXPR

# createPageHTML(…) and the shorter createPage(…) some WCM templates define, in both argument orders.
_CALL = re.compile(r"\bcreatePage(?:HTML)?\s*\(")
_VAR_COUNT = re.compile(r"\bvar\s+(?:countPage|pageCount|totalPages?|pagecount|page_count)\s*=\s*(\d+)")
_VAR_CURRENT = re.compile(r"\bvar\s+(?:currentPage|curPage|currPage|pageIndex)\s*=\s*(\d+)")
_TOTAL_PAGES = (
    re.compile(r"共\s*(\d+)\s*页"),
    re.compile(r"页次\s*[:：]?\s*\d+\s*/\s*(\d+)"),
    re.compile(r"第\s*\d+\s*/\s*(\d+)\s*页"),
    re.compile(r"总页数\s*[:：]?\s*(\d+)"),
)
_TOTAL_RECORDS = (
    re.compile(r"共\s*\d+\s*页\s*[,，/]?\s*(\d+)\s*条"),
    re.compile(r"共(?:有)?\s*(\d+)\s*(?:条|篇|项)"),
    re.compile(r"总(?:记录|条)数\s*[:：]?\s*(\d+)"),
)
_NEXT_TEXTS = frozenset({"下一页", "下页", "后页", "下一頁", ">", "›", "»", "next", "next>", "下一页>", "下一页>>", ">>"})
_STRIP = str.maketrans("", "", "【】[]() \xa0\u3000")
_NUMBERED_LEAF = re.compile(r"^(.*?)_(\d+)\.(\w+)$")
_PLAIN_LEAF = re.compile(r"^([^/]+?)\.(\w+)$")
_PAGE_PARAMS = ("page", "pageNum", "pageNo", "pageIndex", "curPage", "currentPage", "pagenum", "pageno", "p")


@dataclass(frozen=True)
class TrsCall:
    """One createPageHTML call: page count, this page (1-based), page-name prefix and extension."""

    count: int | None
    current: int
    prefix: str
    ext: str
    records: int | None
    form: str  # "A" (count, current0, prefix, ext) or "B" ('div', count, current1, prefix, ext, records)

    def page_name(self, page: int) -> str:
        """Page 1 is `prefix.ext`, page k is `prefix_{k-1}.ext`."""
        return f"{self.prefix}.{self.ext}" if page <= 1 else f"{self.prefix}_{page - 1}.{self.ext}"


@dataclass(frozen=True)
class Pager:
    next_url: str | None
    total_pages: int | None
    total_records: int | None
    current: int  # the page number this page says it is (1-based)
    how: str  # which evidence decided: "createPageHTML A", "next link", "共N页 + url", "none" …


def _args(inner: str) -> list[str | None]:
    out: list[str | None] = []
    buf: list[str] = []
    quote = ""
    for c in inner:
        if quote:
            if c == quote:
                quote = ""
            else:
                buf.append(c)
        elif c in "'\"":
            quote = c
        elif c == ",":
            out.append("".join(buf).strip() or None)
            buf = []
        else:
            buf.append(c)
    out.append("".join(buf).strip() or None)
    return out


def _int(v: str | None) -> int | None:
    return int(v) if v is not None and v.strip().isdigit() else None


def parse_trs_call(inner: str) -> TrsCall | None:
    """A createPageHTML argument list (the text between the parentheses)."""
    args = _args(inner)
    first = args[0] if args else None
    if len(args) >= 5 and first is not None and _int(first) is None:
        count, cur = _int(args[1]), _int(args[2])
        if args[3] and args[4]:
            return TrsCall(count, cur if cur else 1, args[3], args[4], _int(args[5]) if len(args) > 5 else None, "B")
        return None
    if len(args) >= 4 and _int(args[0]) is not None and args[2] and args[3]:
        cur0 = _int(args[1]) or 0
        return TrsCall(_int(args[0]), cur0 + 1, args[2], args[3], None, "A")
    return None


def trs_calls(script: str) -> list[TrsCall]:
    """The live createPageHTML calls of a script: not the function's definition, not `//` comments."""
    out = []
    for m in _CALL.finditer(script):
        line_start = script.rfind("\n", 0, m.start()) + 1
        before = script[line_start : m.start()]
        if "//" in before or re.search(r"function\s*$", before):
            continue
        close = script.find(")", m.end())
        if close < 0:
            continue
        call = parse_trs_call(script[m.end() : close])
        if call is not None:
            out.append(call)
    return out


def _live_js(script: str) -> str:
    """Script text without `//` line comments (a commented-out pager must not count)."""
    return "\n".join(ln.split("//", 1)[0] if not ln.lstrip().startswith("//") else "" for ln in script.splitlines())


def _next_link(root: etree._Element, page_url: str, current: int) -> str | None:
    """The page's next-page link: a rendered one first, else one its scripts write. In a written
    link the computed part (`"index_" + nextPage + ".shtml"`) is the next page's index, i.e. the
    current page number (TRS counts page 2 as index_1)."""
    written: str | None = None
    for a in root.iter("a"):
        href = a.get("href")
        if not href:
            continue
        text = (clean(" ".join(chunks(a))) or clean(a.get("title")) or "").translate(_STRIP)
        if text.lower() not in _NEXT_TEXTS:
            continue
        if EXPR in href:
            written = written or href.replace(EXPR, str(current))
            continue
        url, _refused = links.resolve(page_url, href)
        if url is not None and url.split("#")[0] != page_url.split("#")[0]:
            return url
    if written is not None:
        url, _refused = links.resolve(page_url, written)
        return url
    return None


def _page_text(root: etree._Element) -> str:
    body = root.find("body")
    return " ".join(chunks(body if body is not None else root))


def next_by_pattern(page_url: str, current: int) -> str | None:
    """The URL of page current+1 from the shape of this page's URL, if it has a recognisable one."""
    parts = urlsplit(page_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (k, v) in enumerate(query):
        if k in _PAGE_PARAMS and v.isdigit():
            query[i] = (k, str(int(v) + 1))
            return urlunsplit(parts._replace(query=urlencode(query)))
    folder, _, leaf = parts.path.rpartition("/")
    if m := _NUMBERED_LEAF.match(leaf):
        leaf = f"{m.group(1)}_{int(m.group(2)) + 1}.{m.group(3)}"
    elif (m := _PLAIN_LEAF.match(leaf)) and current == 1:
        leaf = f"{m.group(1)}_1.{m.group(2)}"
    else:
        return None
    return urlunsplit(parts._replace(path=f"{folder}/{leaf}", query=""))


def read_pager(page: Page, page_url: str, page_no: int) -> Pager:
    """Where the next page of this list page is (None at the last page or when nothing says)."""
    root, scripts = page.root, page.scripts
    calls = [c for s in scripts for c in trs_calls(s)]
    call = calls[-1] if calls else None
    live = [_live_js(s) for s in scripts]
    var_count = next((int(m.group(1)) for s in live if (m := _VAR_COUNT.search(s))), None)
    var_current = next((int(m.group(1)) for s in live if (m := _VAR_CURRENT.search(s))), None)
    # The page's text is only needed when no script states the count (it costs a walk of the page).
    text = _page_text(root) if call is None and var_count is None else ""
    text_pages = next((int(m.group(1)) for p in _TOTAL_PAGES if (m := p.search(text))), None)
    records = next((int(m.group(1)) for p in _TOTAL_RECORDS if (m := p.search(text))), None)

    current = page_no
    if call is not None:
        current, total, how = call.current, call.count, f"createPageHTML {call.form}"
        records = call.records or records
    elif var_count is not None:
        total, how = var_count, "var countPage"
        current = var_current + 1 if var_current is not None else page_no
    else:
        total, how = text_pages, "共N页" if text_pages else "none"
    if total is not None and current >= total:
        return Pager(None, total, records, current, how)
    if (link := _next_link(root, page_url, current)) is not None:
        return Pager(link, total, records, current, "next link" if how == "none" else f"{how} + next link")
    if call is not None and call.count is not None:
        return Pager(urljoin(page_url, call.page_name(current + 1)), total, records, current, how)
    if total is not None:
        return Pager(next_by_pattern(page_url, current), total, records, current, f"{how} + url")
    return Pager(None, total, records, current, how)

"""Read the items of any list page: link + title + date, whatever the tags and classes.

How: every link is given a structural signature (its block ancestors' tags and classes, table
columns counted, inline wrappers ignored). Links sharing a signature are one candidate list; each
link's item block is the largest ancestor holding no other link of that list (so `li`, `tr`,
`div.item`, or, in a flat list, the link and the text after it). The list whose items look most
like documents (a date in the block, a document-like URL, a real title, links inside the column)
and least like navigation wins. Markup written by `document.write` is read as part of the page.

Dates: a text chunk of the block that is only a date (2026-06-10, [06-10], 发布日期：2026年6月10日);
else a full date elsewhere in the block; else the date in the URL. Year-less dates take the
latest year that keeps the list newest-first (see `dates.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from lxml import etree
from lxml import html as lhtml

from crawlers.pages import dates, links
from crawlers.pages.scripts import written_markup

# Wrappers that do not make a structure of their own (a title in <b>, <font>, <span>).
_INLINE = frozenset(["a", "b", "strong", "font", "span", "em", "i", "u", "small", "big", "label", "nobr", "sup", "sub"])
_BLOCKY = frozenset(["li", "tr", "dd", "dt", "dl", "p", "div", "td", "article", "section", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tbody"])
_SKIP_TEXT = frozenset(("script", "style", "noscript", "select", "option", "textarea"))
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACES = re.compile(r"\s+")
_TRUNCATED = ("...", "…", "..")
_SCRIPT_CONTAINER = "gc-script-written"


@dataclass(frozen=True)
class Entry:
    """One item of a list page as read."""

    url: str
    title: str | None
    date: date | None
    date_from: str  # "page", "page-yearless", "url" or "none"
    path: str  # structural signature of the item's list (for layout-change detection)


@dataclass
class ListRead:
    entries: list[Entry]
    unsafe_links: list[str] = field(default_factory=list)  # hrefs refused by scheme (file:, ftp: …)

    @property
    def oldest_date(self) -> date | None:
        """The last item's date: the next page's year-less dates are not newer than this."""
        return next((e.date for e in reversed(self.entries) if e.date is not None), None)

    @property
    def paths(self) -> list[str]:
        return [e.path for e in self.entries]


def parse_html(text: str) -> etree._Element:
    """An lxml tree of any page text (an XML declaration, an empty body or a fragment included)."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        text = "<html><body></body></html>"
    try:
        return lhtml.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return lhtml.document_fromstring("<html><body></body></html>")


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    t = _SPACES.sub(" ", text.replace("\xa0", " ").replace("\u3000", " ")).strip()
    return t or None


def _texts(el: etree._Element, out: list[str]) -> None:
    """Text chunks of `el` in document order (scripts, styles and comments left out)."""
    if isinstance(el.tag, str) and el.tag not in _SKIP_TEXT and el.text:
        out.append(el.text)
    if isinstance(el.tag, str) and el.tag in _SKIP_TEXT:
        return
    for child in el:
        _texts(child, out)
        if child.tail:
            out.append(child.tail)


def chunks(el: etree._Element) -> list[str]:
    out: list[str] = []
    _texts(el, out)
    return [c for c in (clean(x) for x in out) if c]


def _token(el: etree._Element) -> str:
    tag = el.tag
    if tag in ("td", "th"):
        # The column matters (title cell vs "查看" cell); row classes (odd/even) do not.
        n = sum(1 for s in el.itersiblings(preceding=True) if s.tag in ("td", "th"))
        return f"td{n}"
    if tag in ("li", "tr", "dd", "dt", "p", "a"):
        return tag
    cls = el.get("class")
    return f"{tag}.{'.'.join(sorted(cls.split()))}" if cls and cls.strip() else tag


def signature(a: etree._Element) -> str:
    parts = [_token(a)]
    for anc in a.iterancestors():
        if isinstance(anc.tag, str) and anc.tag not in _INLINE:
            parts.append(_token(anc))
    return "/".join(reversed(parts))


@dataclass
class _Link:
    el: etree._Element
    url: str
    sig: str
    text: str
    title: str | None
    block: etree._Element | None = None
    segment: list[str] | None = None  # flat lists: the text after the link up to the next one


def _candidate_links(root: etree._Element, page_url: str, unsafe: list[str]) -> list[_Link]:
    out: list[_Link] = []
    for a in root.iter("a"):
        href = a.get("href")
        if href is None:
            continue
        url, refused = links.resolve(page_url, href)
        if url is None:
            if refused is not None:
                unsafe.append(href.strip()[:200])
            continue
        text = clean(" ".join(chunks(a))) or ""
        out.append(_Link(a, url, signature(a), text, clean(a.get("title"))))
    return out


def _assign_blocks(group: list[_Link], all_counts: Counter[etree._Element]) -> None:
    """Each link's item block: the largest ancestor holding no other link of its group."""
    if len(group) == 1:
        lk = group[0]
        node = lk.el
        for _ in range(4):
            parent = node.getparent()
            if parent is None or parent.tag in ("body", "html") or all_counts[parent] > 1:
                break
            node = parent
        lk.block = node
        return
    counts: Counter[etree._Element] = Counter()
    for lk in group:
        for anc in lk.el.iterancestors():
            counts[anc] += 1
    for lk in group:
        node = lk.el
        while True:
            parent = node.getparent()
            if parent is None or counts[parent] > 1:
                break
            node = parent
        lk.block = node
        if node.tag in _INLINE and node.getparent() is not None:
            lk.segment = _segment_after(node, counts)


def _segment_after(node: etree._Element, counts: Counter[etree._Element]) -> list[str]:
    """Flat lists (`<a>t1</a> 06-10<br><a>t2</a> …`): the text after the link up to the next link."""
    out: list[str] = []
    if node.tail:
        out.append(node.tail)
    for sib in node.itersiblings():
        if sib.tag == "a" or counts[sib] > 0 or (isinstance(sib.tag, str) and sib.tag in _BLOCKY):
            break
        _texts(sib, out)
        if sib.tail:
            out.append(sib.tail)
    return [c for c in (clean(x) for x in out) if c]


@dataclass
class _Item:
    link: _Link
    title: str | None
    date: date | tuple[int, int] | None  # a (month, day) pair when the page prints no year
    score: float


def _read_item(lk: _Link, page_url: str) -> _Item:
    anchor_chunks = chunks(lk.el)
    title_text = clean(" ".join(c for c in anchor_chunks if dates.date_only(c) is None)) or ""
    block_chunks = anchor_chunks + (lk.segment or []) if lk.segment is not None else chunks(lk.block)
    found: date | tuple[int, int] | None = None
    for c in block_chunks:
        if (d := dates.date_only(c)) is not None:
            found = d
            break
    if found is None:
        block_text = " ".join(block_chunks)
        found = dates.find_full_date(block_text.replace(title_text, " ") if title_text else block_text)
    title: str | None = title_text or None
    if links.is_action_text(title_text):
        # "查看" links: the title is the longest other text of the row.
        others = [c for c in block_chunks if c not in anchor_chunks and dates.date_only(c) is None
                  and not c.isdigit() and not links.is_action_text(c)]
        title = max(others, key=len) if others else None
    attr = lk.title
    if attr and not attr.startswith(("http://", "https://")) and (
        title is None or title.endswith(_TRUNCATED) or len(attr) >= len(title) or links.is_action_text(title)
    ):
        title = attr
    nav = title is None or links.is_nav_text(title)
    column = links.is_column_url(lk.url)
    score = (2.0 if found is not None else 0.0) + (1.0 if links.is_document_url(lk.url) else 0.0)
    score += 0.5 if links.under(lk.url, page_url) else 0.0
    score += 0.5 if title and len(title) >= 8 else 0.0
    score -= (3.0 if nav else 0.0) + (2.0 if column else 0.0) + (1.0 if title and len(title) <= 4 else 0.0)
    return _Item(lk, title, found, score)


def _script_markup(root: etree._Element) -> str:
    parts = []
    for s in root.iter("script"):
        if s.text and "write" in s.text:
            parts.append(written_markup(s.text))
    return "".join(parts)


def with_script_markup(root: etree._Element) -> None:
    """Append what the page's scripts write, inside one marked container, so it is read as markup."""
    markup = _script_markup(root)
    if "<a" not in markup.lower():
        return
    body = root.find("body")
    if body is None:
        body = root
    frag = lhtml.fragment_fromstring(f"<div>{markup}</div>") if markup else None
    if frag is None:
        return
    frag.set("class", _SCRIPT_CONTAINER)
    body.append(frag)


def _groups(cands: list[_Link]) -> dict[str, list[_Link]]:
    groups: dict[str, list[_Link]] = {}
    for lk in cands:
        groups.setdefault(lk.sig, []).append(lk)
    return groups


def best_items(root: etree._Element, page_url: str, unsafe: list[str]) -> list[_Item]:
    """The items of the page's main list (empty when no group of links looks like one)."""
    cands = _candidate_links(root, page_url, unsafe)
    if not cands:
        return []
    all_counts: Counter[etree._Element] = Counter()
    for lk in cands:
        for anc in lk.el.iterancestors():
            all_counts[anc] += 1
    best: list[_Item] = []
    best_score = 0.0
    for group in _groups(cands).values():
        _assign_blocks(group, all_counts)
        items = [_read_item(lk, page_url) for lk in group]
        kept = [it for it in items if it.score > -1.0]
        if not any(it.date is not None or links.is_document_url(it.link.url) for it in kept):
            continue
        score = sum(it.score for it in kept)
        if score > best_score:
            best, best_score = kept, score
    return best


def read_list(text: str, page_url: str, *, served_on: date, newer_than: date | None = None) -> ListRead:
    """The items of one list page.

    `served_on` is the day the page was served (its Date header): the newest year-less date is not
    after it. `newer_than` is the last dated item of the previous page, when there was one.
    """
    root = parse_html(text)
    with_script_markup(root)
    return read_tree(root, page_url, served_on=served_on, newer_than=newer_than)


def read_tree(root: etree._Element, page_url: str, *, served_on: date, newer_than: date | None = None) -> ListRead:
    unsafe: list[str] = []
    items = best_items(root, page_url, unsafe)
    return ListRead(list(_entries(items, served_on, newer_than)), unsafe)


def _entries(items: list[_Item], served_on: date, newer_than: date | None) -> Iterator[Entry]:
    seen: set[str] = set()
    ref = newer_than or served_on
    for it in items:
        url = it.link.url
        if url in seen or it.title is None or links.is_nav_text(it.title):
            continue
        seen.add(url)
        from_url = dates.url_date(url)
        d: date | None
        if isinstance(it.date, date):
            d, how = it.date, "page"
        elif isinstance(it.date, tuple):
            month, day = it.date
            if from_url is not None and (from_url.month, from_url.day) == (month, day):
                d = from_url
            else:
                d = dates.with_year(month, day, ref)
            how = "page-yearless"
        elif from_url is not None:
            d, how = from_url, "url"
        else:
            d, how = None, "none"
        if d is not None:
            ref = d
        yield Entry(url, it.title, d, how, it.link.sig)

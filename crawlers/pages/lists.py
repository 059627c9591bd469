"""Read the items of any list page: link + title + date, whatever the tags and classes.

How: every link is given a structural signature (its block ancestors' tags and classes, table
columns counted, inline wrappers ignored). Links sharing a signature are one candidate list; each
link's item block is the largest ancestor holding no other link of that list (so `li`, `tr`,
`div.item`, or, in a flat list, the link and the text after it). The list whose items look most
like documents (a date in the block, a document-like URL, a real title, links inside the column)
and least like navigation wins. Markup written by `document.write` is read as part of the page.

Dates: a text chunk of the block that is only a date (2026-06-10, [06-10], 发布日期：2026年6月10日);
else a full date elsewhere in the block; else the date in the URL. Year-less dates take the
latest year that keeps the list newest first (see `dates.py`).

Speed matters (every list page of thousands of sites, every day): the tree is plain lxml (no
HtmlElement lookups), scripts and comments are dropped once, signatures are memoised per
ancestor, text comes from lxml's own iteration, and links are resolved (urljoin) only for the
list that wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from crawlers.pages import dates, links
from crawlers.pages.scripts import EXPR, written_markup

# Wrappers that do not make a structure of their own (a title in <b>, <font>, <span>).
_INLINE = frozenset(["a", "b", "strong", "font", "span", "em", "i", "u", "small", "big", "label", "nobr", "sup", "sub"])
_BLOCKY = frozenset(["li", "tr", "dd", "dt", "dl", "p", "div", "td", "article", "section", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tbody"])
_NO_TEXT = ("script", "style", "noscript", "select", "option", "textarea")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TRUNCATED = ("...", "…", "..")
_SCRIPT_CONTAINER = "gc-script-written"
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)


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


@dataclass
class Page:
    """A page ready to read: scripts, styles and comments removed from the tree (what the scripts
    write is appended to it); the scripts' text kept for the pager and jcms readers."""

    root: etree._Element
    scripts: list[str]


def parse_html(text: str) -> etree._Element:
    """A plain lxml tree of any page text (an XML declaration, an empty body or a fragment included)."""
    text = _XML_DECL.sub("", text, count=1)
    if text.strip():
        try:
            root = etree.fromstring(text, _PARSER)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            root = None
        if root is not None:
            return root
    return etree.fromstring("<html><body></body></html>", _PARSER)


def prepare(text: str) -> Page:
    root = parse_html(text)
    scripts = [s.text for s in root.iter("script") if s.text]
    markup = "".join(written_markup(s) for s in scripts if "write" in s)
    etree.strip_elements(root, *_NO_TEXT, with_tail=False)
    if "<a" in markup.lower():
        body = root.find("body")
        frag = parse_html(f'<html><body><div class="{_SCRIPT_CONTAINER}">{markup}</div></body></html>')
        container = frag.find("body/div")
        if container is not None:
            (body if body is not None else root).append(container)
    return Page(root, scripts)


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    t = " ".join(text.replace("\u3000", " ").split())
    return t or None


def chunks(el: etree._Element) -> list[str]:
    """Text chunks of `el` in document order, each whitespace-normalised (empty ones dropped)."""
    out = []
    for t in el.itertext():
        t = " ".join(t.split())
        if t:
            out.append(t)
    return out


def _token(el: etree._Element) -> str:
    tag = el.tag
    if tag in ("td", "th"):
        # The column matters (title cell vs "查看" cell); row classes (odd/even) do not.
        n = 0
        for s in el.itersiblings(preceding=True):
            if s.tag in ("td", "th"):
                n += 1
        return f"td{n}"
    if tag in ("li", "tr", "dd", "dt", "p", "a"):
        return tag
    cls = el.get("class")
    return f"{tag}.{'.'.join(sorted(cls.split()))}" if cls and cls.strip() else tag


class _Signatures:
    """Structural signatures, memoised per element (ancestors are shared by many links)."""

    def __init__(self) -> None:
        self.memo: dict[etree._Element, str] = {}

    def of(self, el: etree._Element) -> str:
        got = self.memo.get(el)
        if got is not None:
            return got
        parent = el.getparent()
        base = self.of(parent) if parent is not None else ""
        sig = base if el.tag in _INLINE and el.tag != "a" else f"{base}/{_token(el)}"
        self.memo[el] = sig
        return sig


@dataclass
class _Link:
    el: etree._Element
    href: str
    sig: str
    title_attr: str | None
    column: bool = False
    document: bool = False
    block: etree._Element | None = None
    segment: list[str] | None = None  # flat lists: the text after the link up to the next one


def _candidate_links(root: etree._Element, unsafe: list[str]) -> list[_Link]:
    sigs = _Signatures()
    out: list[_Link] = []
    for a in root.iter("a"):
        href = a.get("href")
        if not href:
            continue
        h = href.strip()
        low = h[:12].lower()
        if not h or low.startswith(links.NOT_LINKS) or EXPR in h:
            continue
        if links.refused_scheme(h) is not None:
            unsafe.append(h[:200])
            continue
        parent = a.getparent()
        sig = (sigs.of(parent) if parent is not None else "") + "/a"
        path, query = links.path_query(h)
        column = links.column_parts(path, query)
        document = not column and links.document_parts(path, query)
        out.append(_Link(a, h, sig, clean(a.get("title")), column, document))
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
        out.extend(sib.itertext())
    return [c for c in (" ".join(x.split()) for x in out) if c]


@dataclass
class _Item:
    link: _Link
    title: str | None
    date: date | tuple[int, int] | None  # a (month, day) pair when the page prints no year
    score: float
    document: bool


_Place = links.Joiner


def _read_item(lk: _Link, place: _Place) -> _Item:
    anchor_chunks = chunks(lk.el)
    title_text = " ".join(c for c in anchor_chunks if dates.date_only(c) is None)
    block_chunks = anchor_chunks + lk.segment if lk.segment is not None else chunks(lk.block)
    found: date | tuple[int, int] | None = None
    for c in block_chunks:
        if (d := dates.date_only(c)) is not None:
            found = d
            break
    if found is None:
        block_text = " ".join(block_chunks)
        found = dates.find_full_date(block_text.replace(title_text, " ") if title_text else block_text)
    title: str | None = title_text or None
    if title_text and links.is_action_text(title_text):
        # "查看" links: the title is the longest other text of the row.
        others = [c for c in block_chunks if c not in anchor_chunks and dates.date_only(c) is None
                  and not c.isdigit() and not links.is_action_text(c)]
        title = max(others, key=len) if others else None
    attr = lk.title_attr
    if attr and not attr.startswith(("http://", "https://")) and (
        title is None or title.endswith(_TRUNCATED) or len(attr) >= len(title) or links.is_action_text(title)
    ):
        title = attr
    nav = title is None or links.is_nav_text(title)
    column, document = lk.column, lk.document
    score = (2.0 if found is not None else 0.0) + (1.0 if document else 0.0)
    score += 0.5 if place.under(lk.href) else 0.0
    score += 0.5 if title and len(title) >= 8 else 0.0
    score -= (3.0 if nav else 0.0) + (2.0 if column else 0.0) + (1.0 if title and len(title) <= 4 else 0.0)
    return _Item(lk, title, found, score, document)


def _bound(lk: _Link, place: _Place) -> float:
    """The most an item of this link can score: as if its block held a date (the one feature that
    needs the block read); everything else is known from the link itself."""
    column, document = lk.column, lk.document
    text = " ".join(" ".join(lk.el.itertext()).split())
    longest = max(len(text), len(lk.title_attr or ""))
    nav = links.is_nav_text(text) and (lk.title_attr is None or links.is_nav_text(lk.title_attr))
    action = links.is_action_text(text)  # "查看": the title comes from the row, unknown yet
    score = 2.0 + (1.0 if document else 0.0) + (0.5 if place.under(lk.href) else 0.0)
    if action:
        return score + 0.5
    score += 0.5 if longest >= 8 else 0.0
    return score - (3.0 if nav else 0.0) - (2.0 if column else 0.0) - (1.0 if 0 < longest <= 4 else 0.0)


def best_items(root: etree._Element, page_url: str, unsafe: list[str]) -> list[_Item]:
    """The items of the page's main list (empty when no group of links looks like one).

    Groups are read in order of the best score they could reach, and reading stops once no
    remaining group can beat the best one read (a page's many navigation links are mostly never
    read at all)."""
    cands = _candidate_links(root, unsafe)
    if not cands:
        return []
    groups: dict[str, list[_Link]] = {}
    for lk in cands:
        groups.setdefault(lk.sig, []).append(lk)
    place = _Place(page_url)
    bounds = sorted(((sum(max(_bound(lk, place), 0.0) for lk in g), sig) for sig, g in groups.items()),
                    reverse=True)
    all_counts: Counter[etree._Element] = Counter()
    for lk in cands:
        for anc in lk.el.iterancestors():
            all_counts[anc] += 1
    best: list[_Item] = []
    best_score = 0.0
    for bound, sig in bounds:
        if bound <= best_score:
            break
        group = groups[sig]
        _assign_blocks(group, all_counts)
        items = [_read_item(lk, place) for lk in group]
        kept = [it for it in items if it.score > -1.0]
        if not any(it.date is not None or it.document for it in kept):
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
    return read_page(prepare(text), page_url, served_on=served_on, newer_than=newer_than)


def read_page(page: Page, page_url: str, *, served_on: date, newer_than: date | None = None) -> ListRead:
    unsafe: list[str] = []
    items = best_items(page.root, page_url, unsafe)
    return ListRead(list(_entries(items, _Place(page_url), served_on, newer_than)), unsafe)


def _entries(items: list[_Item], place: _Place, served_on: date, newer_than: date | None) -> Iterator[Entry]:
    seen: set[str] = set()
    ref = newer_than or served_on
    for it in items:
        if it.title is None or links.is_nav_text(it.title):
            continue
        url = place.join(it.link.href)
        if url in seen or not url.startswith(("http://", "https://")) or len(url) < 10:
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

"""An HTML page as lines of text, its tables as rows of cells, and where its document body is.

One walk over the DOM (explicit stack, each node entered and left once), so the cost is linear
in the page whatever its nesting: 1,000 nested tables are read like 1,000 lines.

The body is found by text density, not by a list of CMS class names: from <body>, descend into
the child element that holds most of the text outside links, as long as that child holds most
(60 %) of its parent's; navigation, link lists, side bars and footers each hold a small share, so
the descent ends at the element that holds the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tbody", "thead", "tfoot", "tr", "td",
    "th", "pre", "section", "article", "header", "footer", "nav", "aside", "main", "dl", "dt", "dd", "blockquote",
    "form", "center", "address", "caption", "figure", "figcaption", "hr", "body",
})  # fmt: skip
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "svg", "select", "option", "-comment"})


@dataclass
class Table:
    rows: list[list[tuple[int, int]]] = field(default_factory=list)  # per row, each cell's line range [a, b)
    leaf: bool = True  # holds no other table: layout grids wrap content, data tables are leaves
    first_line: int = 0
    last_line: int = 0


@dataclass
class PageText:
    lines: list[str] = field(default_factory=list)
    link_chars: list[int] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    body: tuple[int, int] = (0, 0)  # line range of the densest element
    links: list[str] = field(default_factory=list)  # every <a href>

    def cell_text(self, cell: tuple[int, int]) -> str:
        return "\n".join(self.lines[cell[0] : cell[1]])

    def rows(self, table: Table) -> list[list[str]]:
        return [[self.cell_text(c) for c in row] for row in table.rows]


class _Walk:
    def __init__(self) -> None:
        self.page = PageText()
        self.buf: list[str] = []
        self.buf_links = 0
        self.in_link = 0
        self.tables: list[Table] = []
        self.cells: list[int] = []  # line index where each open cell began
        # block elements: [plain chars, first line, last line, child indices]; the open ones' indices
        self.elems: list[list] = []
        self.open: list[int] = []
        self.chars = 0
        self.link_total = 0

    def flush(self) -> None:
        if self.buf:
            text = "".join(self.buf).strip()
            if text:
                self.page.lines.append(text)
                self.page.link_chars.append(min(self.buf_links, len(text)))
        self.buf, self.buf_links = [], 0

    def text(self, t: str) -> None:
        if not t:
            return
        self.buf.append(t)
        n = len(t.strip())
        self.chars += n
        if self.in_link:
            self.buf_links += n
            self.link_total += n


def page_text(root: LexborNode) -> PageText:
    """Lines, tables and body of the subtree under `root`."""
    w = _Walk()
    # explicit stack of (node, leaving, entry snapshot)
    stack: list[tuple[LexborNode, bool, tuple[int, int, int, int]]] = [(root, False, (0, 0, 0, 0))]
    depth = 0
    while stack:
        node, leaving, snap = stack.pop()
        tag = node.tag
        if leaving:
            depth -= 1
            _leave(w, node, tag, snap, depth)
            continue
        if tag == "-text":
            w.text(node.text_content or "")
            continue
        if tag in SKIP_TAGS or tag is None:
            continue
        if tag == "br":
            w.flush()
            continue
        if tag in BLOCK_TAGS:
            w.flush()
        if tag == "a":
            w.in_link += 1
            href = node.attributes.get("href")
            if href:
                w.page.links.append(href)
        elif tag == "table":
            if w.tables:
                w.tables[-1].leaf = False
            t = Table(first_line=len(w.page.lines))
            w.tables.append(t)
        elif tag == "tr" and w.tables:
            w.tables[-1].rows.append([])
        elif tag in ("td", "th"):
            w.cells.append(len(w.page.lines))
        if tag in BLOCK_TAGS:
            if w.open:
                w.elems[w.open[-1]][3].append(len(w.elems))
            w.open.append(len(w.elems))
            w.elems.append([0, len(w.page.lines), len(w.page.lines), []])
        stack.append((node, True, (w.chars, w.link_total, len(w.page.lines), depth)))
        depth += 1
        children = []
        child = node.first_child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False, (0, 0, 0, 0)) for c in reversed(children))
    w.flush()
    page = w.page
    page.body = _densest(w.elems) if w.elems else (0, len(page.lines))
    return page


DESCEND_SHARE = 0.6


def _densest(elems: list[list]) -> tuple[int, int]:
    """Line range of the element the descent from the root ends at."""
    k = 0
    while True:
        plain, first, last, children = elems[k]
        if not children or plain <= 0:
            return first, last
        best = max(children, key=lambda c: elems[c][0])
        if elems[best][0] < DESCEND_SHARE * plain:
            return first, last
        k = best


def _leave(w: _Walk, node: LexborNode, tag: str, snap: tuple[int, int, int, int], depth: int) -> None:
    if tag in BLOCK_TAGS:
        w.flush()
    if tag == "a":
        w.in_link -= 1
    elif tag in ("td", "th") and w.cells:
        start = w.cells.pop()
        if w.tables and w.tables[-1].rows:
            w.tables[-1].rows[-1].append((start, len(w.page.lines)))
    elif tag == "table" and w.tables:
        t = w.tables.pop()
        t.last_line = len(w.page.lines)
        w.page.tables.append(t)
    if tag in BLOCK_TAGS and w.open:
        e = w.elems[w.open.pop()]
        e[0] = (w.chars - snap[0]) - (w.link_total - snap[1])
        e[2] = len(w.page.lines)

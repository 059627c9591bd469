"""An HTML page's document body as lines of text, and its data tables as rows of cells.

The body is found by text density, not by a list of CMS class names: from <body>, descend into
the child element that holds most of the text outside links, as long as that child holds most
(60 %) of its parent's; navigation, link lists, side bars and footers each hold a small share, so
the descent ends at the element that holds the document. The descent goes through containers
only (a paragraph or a data table's row is part of the document, not a wrapper) and stops after
MAX_DESCENT levels.

Everything is measured and cut by lexbor (C): a line break is inserted around every block element
and <br>, then the body's text is split into lines. Each step is one pass over the page (the
descent at most MAX_DESCENT passes), so the cost is linear in the page whatever its nesting:
1,000 nested tables are read like 1,000 lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

BLOCK_TAGS = (
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tbody", "thead", "tfoot", "tr", "td",
    "th", "pre", "section", "article", "header", "footer", "nav", "aside", "main", "dl", "dt", "dd", "blockquote",
    "form", "center", "address", "caption", "figure", "figcaption", "hr",
)  # fmt: skip
_BLOCKS = ",".join(BLOCK_TAGS)
MAX_DESCENT = 48
DESCEND_SHARE = 0.6
# The descent goes through containers only: paragraphs, list items and the rows of a data table
# are the document's own parts, not wrappers around it. A table row is a wrapper only in a layout
# table (its cells hold blocks: the page's columns), never in a label table.
CONTAINERS = frozenset({"body", "div", "section", "article", "main", "center", "form", "td", "th", "table", "tbody",
                        "thead", "tfoot", "span", "font", "blockquote"})  # fmt: skip
_CELL_BLOCKS = ("div", "p", "table", "ul", "section", "article")


@dataclass
class PageText:
    lines: list[str] = field(default_factory=list)  # the body's lines, link-only lines left out
    tables: list[list[list[str]]] = field(default_factory=list)  # data tables (no table inside): rows of cells
    links: list[str] = field(default_factory=list)  # every <a href> of the body


def _text_len(node: LexborNode) -> int:
    """Characters of a subtree, whitespace not counted."""
    return len("".join(node.text(deep=True, separator="", strip=False).split()))


def _plain_len(node: LexborNode, total: int | None = None) -> int:
    """Characters of a subtree outside links, whitespace not counted."""
    n = _text_len(node) if total is None else total
    for a in node.css("a"):
        n -= len("".join(a.text(deep=True, separator="", strip=False).split()))
    return n


def _layout_row(tr: LexborNode) -> bool:
    return any(c.tag in ("td", "th") and any(g.tag in _CELL_BLOCKS for g in c.iter()) for c in tr.iter())


def find_body(root: LexborNode) -> LexborNode:
    """The element holding the document: descend while one child holds most of the text."""
    node = root
    total = _text_len(root)
    plain: int | None = None  # the root's text outside links: measured only if the descent needs it
    for _ in range(MAX_DESCENT):
        children = [c for c in node.iter() if c.tag in CONTAINERS or c.tag == "tr" and _layout_row(c)]
        if not children or total <= 0:
            break
        # links are measured only where needed: a child's text outside links is at most its text
        best_len, best = -1, None
        for total, c in sorted(((_text_len(c), c) for c in children), key=lambda x: -x[0]):
            if total <= best_len:
                break
            n = _plain_len(c, total)
            if n > best_len:
                best_len, best = n, c
        if best is None:
            break
        if best_len < DESCEND_SHARE * total:  # not clearly most of the text: measure the links too
            if plain is None:
                plain = _plain_len(node, total)
            if best_len < DESCEND_SHARE * plain:
                break
        node, plain = best, best_len
        total = plain
    while node.tag in ("tbody", "thead", "tfoot", "tr") and node.parent is not None:
        node = node.parent  # a table's rows are read with their table
    return node


def page_text(root: LexborNode) -> PageText:
    """The document body under `root` (scripts and styles already stripped) as lines and tables.
    Inserts line breaks into the tree: parse a page once per call."""
    body = find_body(root)
    for node in body.css(_BLOCKS):
        node.insert_before("\n")
        node.insert_after("\n")
    for node in body.css("br"):
        node.insert_after("\n")
    anchors = body.css("a")
    link_texts = {t for a in anchors if (t := a.text(deep=True, separator="", strip=True))}
    text = body.text(deep=True, separator="", strip=False)
    lines = [s for ln in text.split("\n") if (s := ln.strip()) and s not in link_texts]
    tables = []
    # layout grids around other tables are not data tables (one :has() pass finds them all)
    grids = {t.mem_id for t in body.css("table:has(table)")}
    candidates = body.css("table")
    if body.tag == "table" and not any(t.mem_id != body.mem_id for t in candidates):
        candidates = [body]
    for t in candidates:
        if t.mem_id in grids:
            continue
        rows = [[_cell(c) for c in tr.iter() if c.tag in ("td", "th")] for tr in t.css("tr")]
        tables.append([r for r in rows if r])
    return PageText(lines, [t for t in tables if t], [h for a in anchors if (h := a.attributes.get("href"))])


def _cell(node: LexborNode) -> str:
    return "\n".join(s for ln in node.text(deep=True, separator="", strip=False).split("\n") if (s := ln.strip()))

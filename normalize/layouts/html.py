"""HTML detail pages (TRS WCM, Hanweb jcms, plain-table sites).

Three shapes are read: a two-column label table (label | value, also label | value | label | value),
a table with one header row and one record per row, and decision-document prose where labels open
paragraphs (当事人：…) and the facts, basis and decision sit in numbered sections.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from normalize.layouts.base import NoRecordsHere, QuarantineError, RawItem
from normalize.layouts.prose import parse_prose_lines
from normalize.taxonomy import Taxonomy, label_key
from normalize.text import clean

# Where CMS templates put the article body; the first present wins, else <body>.
CONTENT_SELECTORS = (
    "div.TRS_Editor", "div#zoom", "div#Zoom", "td#zoom", "div.zoom", "div.article-content", "div.article_con",
    "div.bt_content", "div#content", "div.content", "article",
)  # fmt: skip
_BLOCKS = "p,h1,h2,h3,h4,h5,h6,li,div,td,th,pre"
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "table", "tr", "td", "th", "ul", "ol", "pre", "section"}
MIN_TABLE_LABELS = 3
ATTACHMENT_EXTS = (".xls", ".xlsx", ".pdf", ".doc", ".docx", ".wps", ".et", ".zip", ".rar")


def _metas(tree: LexborHTMLParser) -> dict[str, LexborNode]:
    """The first <meta> of each name (names compared exactly, as meta[name="…"] does): one
    query per page instead of one per name."""
    found: dict[str, LexborNode] = {}
    for node in tree.css("meta"):
        name = node.attributes.get("name")
        if name is not None and name not in found:
            found[name] = node
    return found


def _meta(metas: dict[str, LexborNode], name: str) -> str | None:
    node = metas.get(name)
    if node is None:
        return None
    return (node.attributes.get("content") or "").strip() or None


def _cells(tr: LexborNode) -> list[LexborNode]:
    return [c for c in tr.iter() if c.tag in ("td", "th")]


def _text(node: LexborNode) -> str:
    # <br> inside a cell separates lines; keep them apart so 1.…2.… items stay readable.
    return node.text(deep=True, separator="", strip=False)


def _rows(table: LexborNode) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in table.css("tr"):
        if tr.parent is not None and _owning_table(tr) != table:
            continue  # a nested table's rows belong to that table
        rows.append([_text(c) for c in _cells(tr)])
    return rows


def _owning_table(node: LexborNode) -> LexborNode | None:
    p = node.parent
    while p is not None and p.tag != "table":
        p = p.parent
    return p


def _content_root(tree: LexborHTMLParser) -> LexborNode:
    for sel in CONTENT_SELECTORS:
        node = tree.css_first(sel)
        if node is not None and len(node.text(strip=True)) > 20:
            return node
    return tree.body or tree.root


def _is_label(cell: str, taxonomy: Taxonomy) -> bool:
    k = label_key(cell)
    return bool(k) and len(k) <= 30 and (k in taxonomy.labels or k in taxonomy.ignored_labels)


def parse_label_table(rows: list[list[str]], item: RawItem, taxonomy: Taxonomy) -> int:
    """Read label | value pairs from table rows into `item`; return how many labels were known."""
    known = 0
    for cells in rows:
        filled = [c for c in cells if c.strip()]
        if len(filled) == 1:
            # one cell holding "label：value" (tables used as layout grids)
            head, sep, value = filled[0].replace("：", ":").partition(":")
            if sep and _is_label(head, taxonomy):
                known += item.put_labelled(head, filled[0][len(head) + 1 :], taxonomy)
            continue
        for i in range(0, len(cells) - 1, 2):
            label, value = cells[i], cells[i + 1]
            if not label_key(label):
                continue
            # A label cell is short; a long first cell is content, not a label.
            if len(label_key(label)) > 30:
                continue
            if item.put_labelled(label, value, taxonomy):
                known += 1
    return known


def parse_row_table(rows: list[list[str]], taxonomy: Taxonomy, parser: str) -> list[RawItem]:
    """A header row of labels and one record per following row (list pages, attachment-like tables)."""
    header = rows[0]
    items: list[RawItem] = []
    for cells in rows[1:]:
        if not any(clean(c) for c in cells):
            continue
        item = RawItem(parser=parser, row_index=len(items))
        for label, value in zip(header, cells, strict=False):
            item.put_labelled(label, value, taxonomy)
        items.append(item)
    return items


def _block_lines(root: LexborNode) -> list[str]:
    """Text of leaf blocks in document order, each split at <br>."""
    for br in root.css("br"):
        br.replace_with("\n")
    lines: list[str] = []
    for node in root.css(_BLOCKS):
        if any(child.tag in _BLOCK_TAGS for child in node.iter()):
            continue
        for ln in _text(node).split("\n"):
            if ln.strip():
                lines.append(ln)
    if not lines:
        lines = [ln for ln in root.text(separator="\n").split("\n") if ln.strip()]
    return lines


# Case-insensitive search of the ASCII tags (no lowering of 6 KB of text per page).
_OPEN_TAG = re.compile(r"<html|<body", re.I)


def _closed(text: str, start: int) -> bool:
    """</html> or </body>, any case, in text[start:]: the closing tags are near the end, so the
    "</" are tried from the end."""
    end = len(text)
    while (i := text.rfind("</", start, end)) >= 0:
        if text[i : i + 7].lower() == "</html>" or text[i : i + 7].lower() == "</body>":
            return True
        end = i + 1  # the next "</" ends before this one's "/"
    return False


def _truncated(text: str) -> bool:
    return _OPEN_TAG.search(text, 0, 2048) is not None and not _closed(text, max(0, len(text) - 4096))


def parse_html(text: str, taxonomy: Taxonomy) -> list[RawItem]:
    """RawItems of one HTML detail page; QuarantineError when the page holds no readable record."""
    if _truncated(text):
        # Half a page is not the page: the fine or the date may be in the missing half.
        raise QuarantineError("truncated HTML (document ends before </body></html>)", parser="html")
    tree = LexborHTMLParser(text)
    for junk in tree.css("script,style,noscript"):
        junk.decompose()
    metas = _metas(tree)
    title = _meta(metas, "ArticleTitle") or (t.text(strip=True) if (t := tree.css_first("title")) else None)
    pub = _meta(metas, "PubDate") or _meta(metas, "pubdate") or _meta(metas, "publishdate")
    # TRS pages name the publishing body in ContentSource: the authority of a record that does not
    # name one itself (list tables of key polluters), read before falling back to the registry.
    source_meta = _meta(metas, "ContentSource")
    root = _content_root(tree)
    items = _parse_root(root, taxonomy, title, pub)
    if source_meta:
        for it in items:
            it.meta_authority = source_meta
    return items


def _parse_root(root: LexborNode, taxonomy: Taxonomy, title: str | None, pub: str | None) -> list[RawItem]:
    """Row table first (one record per row), then a label table, then prose."""
    table_rows: list[list[list[str]]] = []  # each table's rows, read once for both readings
    for table in root.css("table"):
        all_rows = _rows(table)
        table_rows.append(all_rows)
        rows = [r for r in all_rows if any(c.strip() for c in r)]
        if len(rows) >= 2 and len(rows[0]) >= 3 and sum(_is_label(c, taxonomy) for c in rows[0]) >= MIN_TABLE_LABELS \
                and sum(_is_label(c, taxonomy) for c in rows[1]) < 2:
            items = parse_row_table(rows, taxonomy, "html.row_table")
            for it in items:
                it.title, it.publish_date = title, pub
            return items

    item = RawItem(parser="html.label_table", title=title, publish_date=pub)
    known = 0
    for all_rows in table_rows:
        known += parse_label_table(all_rows, item, taxonomy)
    if known >= MIN_TABLE_LABELS:
        item.set_raw_body(root.text(separator=" "))
        return [item]

    links = [a.attributes.get("href") or "" for a in root.css("a")]
    files = [h for h in links if h.lower().split("?")[0].endswith(ATTACHMENT_EXTS)]
    lines = _block_lines(root)
    prose = parse_prose_lines(lines, taxonomy, title=title, publish_date=pub)
    if prose is None and files:
        raise NoRecordsHere(f"attachment article ({len(files)} files linked)")
    if prose is None:
        raise QuarantineError("no record layout recognized (no label table, no labelled paragraphs)", parser="html")
    return [prose]


_WS = re.compile(r"\s+")

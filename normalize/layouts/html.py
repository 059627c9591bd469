"""HTML detail pages, whatever the CMS: the page becomes lines of text (one linear DOM walk), its
document body is found by text density, and then

  - a table with a header row of labels and one record per row → one record per row;
  - a two-column label table (label | value, also label | value | label | value) → one record;
  - otherwise the body's text is read as a document (normalize/reading: the national template,
    label/value lines, news reports).

Every value keeps its span in the body's text (RawItem.doc_text).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from normalize.layouts.base import NoRecordsHere, QuarantineError, RawItem
from normalize.layouts.page_text import PageText, page_text
from normalize.reading import read_text
from normalize.taxonomy import Taxonomy, label_key
from normalize.text import clean

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


def _is_label(cell: str, taxonomy: Taxonomy) -> bool:
    k = label_key(cell)
    return bool(k) and len(k) <= 30 and (k in taxonomy.labels or k in taxonomy.ignored_labels)


def parse_label_table(rows: list[list[tuple[str, tuple[int, int]]]], item: RawItem, taxonomy: Taxonomy) -> int:
    """Read label | value pairs from table rows (cells with their spans) into `item`; return how
    many labels were known."""
    known = 0
    for cells in rows:
        filled = [c for c in cells if c[0].strip()]
        if len(filled) == 1:
            # one cell holding "label：value" (tables used as layout grids)
            text, (a, _) = filled[0]
            head, sep, _value = text.replace("：", ":").partition(":")
            if sep and _is_label(head, taxonomy):
                value = text[len(head) + 1 :]
                start = a + len(head) + 1 + (len(value) - len(value.lstrip()))
                known += item.put_labelled(head, value, taxonomy, span=(start, start + len(value.strip())))
            continue
        for i in range(0, len(cells) - 1, 2):
            (label, _), (value, span) = cells[i], cells[i + 1]
            lk = label_key(label)
            # A label cell is short; a long first cell is content, not a label.
            if not lk or len(lk) > 30:
                continue
            if item.put_labelled(label, value, taxonomy, span=span):
                known += 1
    return known


def parse_row_table(rows: list[list[tuple[str, tuple[int, int]]]], taxonomy: Taxonomy, parser: str) -> list[RawItem]:
    """A header row of labels and one record per following row (list pages, attachment-like tables)."""
    header = [c[0] for c in rows[0]]
    items: list[RawItem] = []
    for cells in rows[1:]:
        if not any(clean(c[0]) for c in cells):
            continue
        item = RawItem(parser=parser, row_index=len(items))
        for label, (value, span) in zip(header, cells, strict=False):
            item.put_labelled(label, value, taxonomy, span=span)
        items.append(item)
    return items


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


def _with_spans(rows: list[list[str]], text: str, cursor: int) -> tuple[list[list[tuple[str, tuple[int, int]]]], int]:
    """A table's cells with their spans in the body text: found in order from `cursor` (cells are
    lines of that text, in document order), so the search is one pass."""
    out = []
    for row in rows:
        cells = []
        for c in row:
            i = text.find(c, cursor) if c else -1
            if i < 0:
                cells.append((c, (0, 0)))
                continue
            cells.append((c, (i, i + len(c))))
            cursor = i + len(c)
        out.append(cells)
    return out, cursor


def parse_html(text: str, taxonomy: Taxonomy) -> list[RawItem]:
    """RawItems of one HTML detail page; QuarantineError when the page holds no readable record."""
    if _truncated(text):
        # Half a page is not the page: the fine or the date may be in the missing half.
        raise QuarantineError("truncated HTML (document ends before </body></html>)", parser="html")
    tree = LexborHTMLParser(text)
    metas = _metas(tree)
    title = _meta(metas, "ArticleTitle") or (t.text(strip=True) if (t := tree.css_first("title")) else None)
    pub = _meta(metas, "PubDate") or _meta(metas, "pubdate") or _meta(metas, "publishdate")
    # TRS pages name the publishing body in ContentSource: the authority of a record that does not
    # name one itself (list tables of key polluters), read before falling back to the registry.
    source_meta = _meta(metas, "ContentSource")
    tree.strip_tags(["script", "style", "noscript", "template"])
    page = page_text(tree.body or tree.root)
    items = _parse_page(page, taxonomy, title, pub)
    for it in items:
        if source_meta:
            it.meta_authority = source_meta
        it.title = it.title or title
        it.publish_date = it.publish_date or pub
    return items


def _parse_page(page: PageText, taxonomy: Taxonomy, title: str | None, pub: str | None) -> list[RawItem]:
    """Row table first (one record per row), then a label table, then the body read as a document."""
    body_text = "\n".join(page.lines)
    tables = []
    cursor = 0
    for t in page.tables:
        rows, cursor = _with_spans(t, body_text, cursor)
        tables.append(rows)
    for rows in tables:
        rows = [r for r in rows if any(c[0].strip() for c in r)]
        if len(rows) >= 2 and len(rows[0]) >= 3 and sum(_is_label(c[0], taxonomy) for c in rows[0]) >= MIN_TABLE_LABELS \
                and sum(_is_label(c[0], taxonomy) for c in rows[1]) < 2:
            items = parse_row_table(rows, taxonomy, "html.row_table")
            for it in items:
                it.doc_text = body_text
            return items

    item = RawItem(parser="html.label_table", doc_text=body_text)
    known = sum(parse_label_table(rows, item, taxonomy) for rows in tables)
    if known >= MIN_TABLE_LABELS:
        item.kind = label_record_kind(item)
        item.set_raw_body(body_text)
        return [item]

    # the page title above the body: a decision's title line (its kind, often its authority)
    items = read_text(f"{title}\n{body_text}" if title else body_text, taxonomy, layout="html")
    if items:
        return items
    files = [h for h in page.links if h.lower().split("?")[0].endswith(ATTACHMENT_EXTS)]
    if files:
        raise NoRecordsHere(f"attachment article ({len(files)} files linked)")
    raise QuarantineError("no record layout recognized (no label table, no party block, no reported penalty)", parser="html")


def label_record_kind(item: RawItem):  # noqa: ANN201 - DocKind | None, imported lazily with the reader
    """A label table's kind from its labels: the 双公示 publication of a penalty (its number and
    its facts, basis or result under their own labels) is a credit record; an order's number
    label (责令改正决定书文号) keeps the registry's kind."""
    from normalize.reading.template import credit_record_kind

    return credit_record_kind(item.labels)

"""A row table that reached us as text: a monthly penalty table (行政处罚信息公开表) flattened by a
web archive to one cell per line (`企业名称 |`, `某某有限公司 |`, `|` for an empty cell) or to one
row per line (`1 | 某某有限公司 | 罚款5万元 |`).

The header is the first run of at least three cells that are known labels, one of them naming the
party; the cells after it are read N at a time (N = the header's length), one record per row. A
cut-off last row, or a row whose serial number is not a number where the header has 序号, ends the
table: rows are never realigned by guessing.
"""

from __future__ import annotations

import re

from normalize.layouts.base import RawItem
from normalize.reading.patterns import authorities_in
from normalize.taxonomy import Taxonomy, label_key

MIN_HEADER = 3
_SERIAL = "序号"
# what makes a table one of penalties: a row says what was decided, not only who
_CONTENT = {"decision_no", "penalty_content", "fine_wan", "fine_yuan", "legal_basis", "facts"}


def _cells(text: str) -> list[list[tuple[str, int, int]]]:
    """Runs of consecutive lines holding table bars, as cells (value, start, end) in `text`."""
    runs: list[list[tuple[str, int, int]]] = []
    run: list[tuple[str, int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if "|" in line:
            pieces = line.split("|")
            if not pieces[-1].strip():
                pieces.pop()  # the bar closing the line
            a = pos
            for piece in pieces:
                lead = len(piece) - len(piece.lstrip())
                run.append((piece.strip(), a + lead, a + lead + len(piece.strip())))
                a += len(piece) + 1
        elif run:
            runs.append(run)
            run = []
        pos += len(line) + 1
    if run:
        runs.append(run)
    return runs


def _known(cell: str, taxonomy: Taxonomy) -> bool:
    k = label_key(cell)
    return bool(k) and len(k) <= 30 and (k in taxonomy.labels or k in taxonomy.ignored_labels)


def _header(run: list[tuple[str, int, int]], taxonomy: Taxonomy) -> tuple[int, int] | None:
    """(start, length) of the first run of known labels naming the party and some content."""
    i = 0
    while i < len(run):
        j = i
        while j < len(run) and _known(run[j][0], taxonomy):
            j += 1
        fields = {taxonomy.labels.get(label_key(c)) for c, _, _ in run[i:j]}
        if j - i >= MIN_HEADER and "party_name" in fields and fields & _CONTENT:
            return i, j - i
        i = j + 1
    return None


_TABLE_TITLE = re.compile(r"(?:行政处罚|处罚)(?:信息|情况|决定|案件)")


def _titled_by(text: str, table_start: int) -> tuple[int, int] | None:
    """The authority that opens the title line of a penalty table (`某某市生态环境局2023年9月行政处罚
    信息公开表`) within the few lines above it."""
    head = text[:table_start]
    lines_start = max(0, len(head) - 300)
    pos = head.rfind("\n", 0, lines_start) + 1 if lines_start else 0
    for line in head[pos:].split("\n"):
        found = authorities_in(line)
        if found and found[0][0] == 0 and _TABLE_TITLE.search(line, found[0][1]):
            return pos, pos + found[0][1]
        pos += len(line) + 1
    return None


def read_cell_table(text: str, taxonomy: Taxonomy, parser: str = "text.cell_table") -> list[RawItem]:
    """One RawItem per complete row of the first flattened penalty table in `text`."""
    for run in _cells(text):
        head = _header(run, taxonomy)
        if head is None:
            continue
        start, n = head
        labels = [c for c, _, _ in run[start : start + n]]
        serial = next((k for k, c in enumerate(labels) if label_key(c) == _SERIAL), None)
        auth = _titled_by(text, run[0][1])
        items: list[RawItem] = []
        pos = start + n
        while pos + n <= len(run):
            row = run[pos : pos + n]
            if serial is not None and not row[serial][0].isdigit():
                break
            if sum(_known(c, taxonomy) for c, _, _ in row) >= 2:
                break  # a second header: another table
            item = RawItem(parser=parser, row_index=len(items), doc_text=text)
            for label, (value, a, b) in zip(labels, row, strict=True):
                item.put_labelled(label, value, taxonomy, span=(a, b))
            if auth is not None and "authority" not in item.fields:
                item.put("authority", text[auth[0] : auth[1]], span=auth)  # the table's title names who decided
            if item.fields.get("party_name") and item.fields.keys() & _CONTENT:
                item.set_raw_body(text[row[0][1] : row[-1][2]])
                items.append(item)
            pos += n
        if items:
            return items
    return []

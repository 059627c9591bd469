"""Tables in PDF attachments → rows of cell text (pdfminer.six).

Ruled tables (the usual export: every cell boxed) are read from their grid: the ruling lines give
row and column boundaries and each character goes to the cell it sits in, so a cell wrapped over
several lines stays one value. Unruled pages fall back to text lines split at the header's columns,
which cannot keep wrapped cells together (said in the returned rows' absence of such values).
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTComponent, LTCurve, LTLine, LTPage, LTRect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

_TOL = 1.5  # points: ruling lines closer than this are one line


def _walk(obj: LTComponent):  # noqa: ANN202 - generator of pdfminer layout objects
    yield obj
    if hasattr(obj, "__iter__"):
        for child in obj:
            yield from _walk(child)


def _merge(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _rulings(page: LTComponent) -> tuple[list[float], list[float]]:
    xs: list[float] = []
    ys: list[float] = []
    for el in _walk(page):
        if isinstance(el, LTLine | LTRect | LTCurve) and not isinstance(el, LTChar):
            x0, y0, x1, y1 = el.bbox
            if abs(y1 - y0) <= _TOL and x1 - x0 > _TOL:  # horizontal
                ys.append((y0 + y1) / 2)
            elif abs(x1 - x0) <= _TOL and y1 - y0 > _TOL:  # vertical
                xs.append((x0 + x1) / 2)
            elif isinstance(el, LTRect) and x1 - x0 > _TOL and y1 - y0 > _TOL:  # a boxed cell
                xs.extend((x0, x1))
                ys.extend((y0, y1))
    return _merge(xs), _merge(ys)


def _cell_text(chars: list[LTChar]) -> str:
    """Characters of one cell in reading order: lines top to bottom, left to right, joined."""
    return "".join("".join(c.get_text() for c in ln) for ln in _lines_of(chars)).strip()


def _grid_rows(page: LTComponent, xs: list[float], ys: list[float]) -> list[list[str]]:
    cells: dict[tuple[int, int], list[LTChar]] = defaultdict(list)
    for el in _walk(page):
        if not isinstance(el, LTChar):
            continue
        cx, cy = (el.x0 + el.x1) / 2, (el.y0 + el.y1) / 2
        if not (xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]):
            continue  # outside the table: titles, page numbers
        col = bisect_right(xs, cx) - 1
        row = len(ys) - 1 - bisect_right(ys, cy)  # top row first
        cells[(row, col)].append(el)
    rows: list[list[str]] = []
    for r in range(len(ys) - 1):
        rows.append([_cell_text(cells.get((r, c), [])) for c in range(len(xs) - 1)])
    return rows


def _chars(page: LTComponent) -> list[LTChar]:
    return [el for el in _walk(page) if isinstance(el, LTChar)]


def _lines_of(chars: list[LTChar]) -> list[list[LTChar]]:
    """Characters grouped into text lines (same baseline), top to bottom, each left to right."""
    lines: dict[int, list[LTChar]] = defaultdict(list)
    for c in chars:
        lines[round(-c.y0 / 3)].append(c)
    return [sorted(lines[k], key=lambda c: c.x0) for k in sorted(lines)]


def _outside_text(page: LTComponent, xs: list[float], ys: list[float]) -> list[str]:
    outside = [c for c in _chars(page)
               if not (xs[0] < (c.x0 + c.x1) / 2 < xs[-1] and ys[0] < (c.y0 + c.y1) / 2 < ys[-1])]  # fmt: skip
    return [t for t in ("".join(c.get_text() for c in ln).strip() for ln in _lines_of(outside)) if t]


def _line_rows(page: LTComponent) -> list[list[str]]:
    """Unruled fallback: each text line is a row, split into cells where the gap between two
    characters is wider than two character widths."""
    rows: list[list[str]] = []
    for ln in _lines_of(_chars(page)):
        cells: list[str] = []
        cur = ln[0].get_text()
        for a, b in zip(ln, ln[1:], strict=False):
            if b.x0 - a.x1 > 2 * max(a.width, 1.0):
                cells.append(cur.strip())
                cur = ""
            cur += b.get_text()
        cells.append(cur.strip())
        rows.append(cells)
    return rows


def _pages(raw: bytes) -> Iterator[LTPage]:
    """Pages as characters and ruling lines, without layout analysis.

    (`pdfminer.high_level.extract_pages(laparams=None)` silently applies the default LAParams, whose
    text-box grouping was half of the whole normalize stage's time; the aggregator with no
    LAParams skips it.)
    """
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.get_pages(io.BytesIO(raw), caching=True):
        interpreter.process_page(page)
        yield device.get_result()


def pdf_rows(raw: bytes) -> list[list[str]]:
    """Rows of cell text over all pages; text above a ruled table comes first as a one-cell row."""
    rows: list[list[str]] = []
    for page in _pages(raw):
        xs, ys = _rulings(page)
        if len(xs) >= 3 and len(ys) >= 3:
            rows.extend([t] for t in _outside_text(page, xs, ys))
            rows.extend(_grid_rows(page, xs, ys))
        else:
            rows.extend(_line_rows(page))
    return rows

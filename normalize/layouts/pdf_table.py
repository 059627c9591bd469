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

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTComponent, LTCurve, LTLine, LTRect, LTTextLine

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
    lines: dict[int, list[LTChar]] = defaultdict(list)
    for c in chars:
        lines[round(-c.y0 / 3)].append(c)
    return "".join("".join(c.get_text() for c in sorted(lines[k], key=lambda c: c.x0)) for k in sorted(lines)).strip()


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


def _outside_text(page: LTComponent, xs: list[float], ys: list[float]) -> list[str]:
    out = []
    for el in _walk(page):
        if isinstance(el, LTTextLine):
            cx, cy = (el.x0 + el.x1) / 2, (el.y0 + el.y1) / 2
            if not (xs and ys and xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]):
                out.append(el.get_text().strip())
    return [t for t in out if t]


def _line_rows(page: LTComponent) -> list[list[str]]:
    """Unruled fallback: each text line is a row, split into cells by horizontal gaps."""
    lines = [el for el in _walk(page) if isinstance(el, LTTextLine)]
    by_y: dict[int, list[LTTextLine]] = defaultdict(list)
    for ln in lines:
        by_y[round(-ln.y1 / 4)].append(ln)
    return [[ln.get_text().strip() for ln in sorted(by_y[k], key=lambda e: e.x0)] for k in sorted(by_y)]


def pdf_rows(raw: bytes) -> list[list[str]]:
    """Rows of cell text over all pages; text above a ruled table comes first as a one-cell row."""
    rows: list[list[str]] = []
    for page in extract_pages(io.BytesIO(raw), laparams=LAParams(char_margin=1.0, line_margin=0.3)):
        xs, ys = _rulings(page)
        if len(xs) >= 3 and len(ys) >= 3:
            rows.extend([t] for t in _outside_text(page, xs, ys))
            rows.extend(_grid_rows(page, xs, ys))
        else:
            rows.extend(_line_rows(page))
    return rows

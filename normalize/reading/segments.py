"""A document's matching text cut into segments: lines, table cells and the fields a flattened
document runs together on one line.

Real pages put the national template's header on separate lines, on one line separated by
spaces (`某某局 行政处罚决定书 某环罚〔2024〕1号 某某有限公司：`), or flatten a whole document onto
one line; label tables arrive as `label | value |` cells. The view has already turned the spaces
between fields into line breaks (normalize/reading/view.py), so a segment boundary is a line end,
a table bar, or a breadcrumb arrow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Seg:
    start: int  # in the view's matching text
    end: int
    text: str
    line: int  # index of the text line it is on

    @property
    def short(self) -> bool:
        return len(self.text) <= 40


_BAR = re.compile(r"\s*\|\s*")
_CRUMB = re.compile(r"\s*(?:>|»|->)\s*")  # breadcrumbs: 首页 > 政务公开 > 行政处罚


def segments(text: str) -> list[Seg]:
    """The segments of a matching text, in order, without empty ones."""
    out: list[Seg] = []
    pos = 0
    for n, line in enumerate(text.split("\n")):
        _cut_line(line, pos, n, out)
        pos += len(line) + 1
    return out


def _cut_line(line: str, base: int, n: int, out: list[Seg]) -> None:
    cells = [(m.start(), m.end()) for m in _BAR.finditer(line)] if "|" in line else []
    if line.count(">") >= 2:
        cells = sorted(cells + [(m.start(), m.end()) for m in _CRUMB.finditer(line)])
    bounds: list[tuple[int, int]] = []
    prev = 0
    for a, b in cells:
        bounds.append((prev, a))
        prev = b
    bounds.append((prev, len(line)))
    for a, b in bounds:
        _add(line, base, n, a, b, out)


def _add(line: str, base: int, n: int, a: int, b: int, out: list[Seg]) -> None:
    while a < b and line[a] in " \t-•·":
        a += 1
    while b > a and line[b - 1] in " \t":
        b -= 1
    if b > a:
        out.append(Seg(base + a, base + b, line[a:b], n))

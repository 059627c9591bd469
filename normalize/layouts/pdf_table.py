"""Tables in PDF attachments → rows of cell text (pypdfium2: PDFium's C parser).

Ruled tables (the usual export: every cell boxed) are read from their grid: the ruling lines give
row and column boundaries and each character goes to the cell it sits in, so a cell wrapped over
several lines stays one value. Unruled pages fall back to text lines split at the header's columns,
which cannot keep wrapped cells together (said in the returned rows' absence of such values).

Characters come from PDFium's text page; ruling lines from the path objects, read segment by
segment, because one path object can hold many subpaths (a whole grid drawn as one path). The
geometry is the one pdfminer.six gave this module before (it was ~10x slower): every subpath is a
line, a rectangle or a curve by the same rules, and a character's box runs from its origin over
its advance width and between the font's descent and ascent.

Non-embedded CJK fonts (the simulator's reportlab STSong-Light, many real exports): PDFium draws
them with a system font standing in, and skips a text run whose glyphs have no box at all. With no
CJK font on the machine a one-character run (序 / 号 of a narrow 序号 column, the last character
wrapped onto its own line) vanished from the text. So this module installs a stand-in for the CJK
character sets: a generated font whose every code point is one tiny box glyph. Runs are never
empty, and character boxes come from the PDF's own widths and metrics alone (a tiny glyph never
widens them), so results do not depend on which fonts a machine has. The stand-in is
process-wide for PDFium (it would render CJK text as dots); nothing else here renders PDFs.
"""

from __future__ import annotations

import ctypes
import struct
import threading
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_TOL = 1.5  # points: ruling lines closer than this are one line


class _Char(NamedTuple):
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


# --- the CJK stand-in font ---------------------------------------------------------------------


def _box_font() -> bytes:
    """A TrueType font mapping every code point (cmap format 13) to one 10/1000 em square glyph."""

    def checksum(data: bytes) -> int:
        data += b"\0" * (-len(data) % 4)
        return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF

    side = 10  # font units of 1000/em: a run of one glyph at >= 1 pt is wider than PDFium's 0.01 pt cut
    glyph = struct.pack(">5hH", 1, 0, 0, side, side, 3) + struct.pack(">H4B", 0, 1, 1, 1, 1)
    glyph += struct.pack(">4h", 0, side, 0, -side) + struct.pack(">4h", 0, 0, side, 0)
    glyph += b"\0" * (len(glyph) % 2)
    groups = [(0x20, 0xFFFD), (0x10000, 0x10FFFF)]
    head = struct.pack(">4IHHqq4hHhhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0x000B, 1000, 0, 0, 0, 0, side, side, 0, 8, 2, 0, 0)  # fmt: skip
    hhea = struct.pack(">I3hH3h3h4hhH", 0x10000, 880, -120, 0, 1000, 0, 0, side, 1, 0, 0, 0, 0, 0, 0, 0, 2)  # fmt: skip
    tables = {
        b"cmap": struct.pack(">HHHHI", 0, 1, 3, 10, 12)
        + struct.pack(">HHIII", 13, 0, 16 + 12 * len(groups), 0, len(groups))
        + b"".join(struct.pack(">III", a, b, 1) for a, b in groups),
        b"glyf": glyph,
        b"head": head,
        b"hhea": hhea,
        b"hmtx": struct.pack(">4H", 0, 0, 1000, 0),
        b"loca": struct.pack(">3H", 0, 0, len(glyph) // 2),
        b"maxp": struct.pack(">IH13H", 0x10000, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"name": struct.pack(">3H", 0, 0, 6),
        b"post": struct.pack(">IIhhIIIII", 0x30000, 0, 0, 0, 0, 0, 0, 0, 0),
    }
    n = len(tables)
    log2 = n.bit_length() - 1
    directory = struct.pack(">IHHHH", 0x10000, n, 16 << log2, log2, 16 * n - (16 << log2))
    offset = 12 + 16 * n
    body = b""
    for tag in sorted(tables):
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return directory + body


_CJK_CHARSETS = frozenset({pdfium_c.FXFONT_GB2312_CHARSET, pdfium_c.FXFONT_CHINESEBIG5_CHARSET,
                           pdfium_c.FXFONT_SHIFTJIS_CHARSET, pdfium_c.FXFONT_HANGEUL_CHARSET})  # fmt: skip


class _CjkStandIn(pdfium.PdfSysfontBase):
    """PDFium's system-font callbacks: CJK character sets get the box font, the rest the default."""

    def __init__(self) -> None:
        super().__init__()
        font = _box_font()
        self._data = ctypes.create_string_buffer(font, len(font))
        self._name = b"GreenchainCJKBox\0"
        self._handle = ctypes.addressof(self._data)  # unique, never a handle of the default callbacks

    def MapFont(self, _, weight, italic, charset, pitch_family, face, exact):  # noqa: ANN001, ANN201, N802
        if charset in _CJK_CHARSETS:
            return self._handle
        return self.default.MapFont(self.default, weight, italic, charset, pitch_family, face, exact)

    def GetFontData(self, _, font, table, buffer, size):  # noqa: ANN001, ANN201, N802
        if font != self._handle:
            return self.default.GetFontData(self.default, font, table, buffer, size)
        if table != 0:  # a single table: PDFium asks for the whole file (table 0) for a TrueType face
            return 0
        if buffer and size >= len(self._data):
            ctypes.memmove(buffer, self._data, len(self._data))
        return len(self._data)

    def GetFaceName(self, _, font, buffer, size):  # noqa: ANN001, ANN201, N802
        if font != self._handle:
            return self.default.GetFaceName(self.default, font, buffer, size)
        if buffer and size >= len(self._name):
            ctypes.memmove(buffer, self._name, len(self._name))
        return len(self._name)

    def GetFontCharset(self, _, font):  # noqa: ANN001, ANN201, N802
        if font != self._handle:
            return self.default.GetFontCharset(self.default, font)
        return pdfium_c.FXFONT_GB2312_CHARSET

    def DeleteFont(self, _, font):  # noqa: ANN001, ANN201, N802
        if font != self._handle:
            self.default.DeleteFont(self.default, font)


_LOCK = threading.Lock()  # PDFium is not thread-safe
_stand_in: _CjkStandIn | None = None
_stand_in_tried = False


def _ensure_stand_in() -> None:
    """Install the stand-in once. Should PDFium offer no system-font interface here, a run it
    skips is still noticed (`_shapes`) and its page set goes to pdfminer: slower, not wrong."""
    global _stand_in, _stand_in_tried
    if not _stand_in_tried:
        _stand_in_tried = True
        try:
            font = _CjkStandIn()
            font.setup()
            _stand_in = font
        except Exception:  # noqa: BLE001 - any failure leaves PDFium with its default fonts
            _stand_in = None


# --- characters and ruling lines of one page (PDFium) -------------------------------------------


class _Unsure(Exception):
    """PDFium's text of this document may differ from what pdfminer reads: use pdfminer."""


def _rect(getter, handle) -> tuple[float, float, float, float]:  # noqa: ANN001 - a PDFium bounds getter
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()  # noqa: E741
    if not getter(handle, l, b, r, t):
        raise _Unsure("no bounds")
    return l.value, b.value, r.value, t.value


def _chars(page: pdfium_c.FPDF_PAGE, dx: float, dy: float) -> list[_Char]:
    """Characters in content order, without the spaces and line breaks PDFium generates; (dx, dy)
    shifts them like pdfminer (page space from the media box's corner)."""
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        raise ValueError("PDFium cannot read the text of a page")
    try:
        box = pdfium_c.FS_RECTF()
        ref = ctypes.byref(box)
        unicode, generated, loose_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetLooseCharBox  # fmt: skip
        map_error = pdfium_c.FPDFText_HasUnicodeMapError
        out: list[_Char] = []
        n = pdfium_c.FPDFText_CountChars(textpage)
        after_generated = False
        for i in range(n):
            if generated(textpage, i):
                after_generated = True
                continue
            u = unicode(textpage, i)
            if u in (0, 2) or 0xD800 <= u < 0xE000 or map_error(
                textpage, i
            ):  # no Unicode, PDFium's mark for a hyphen ending a line, or half of a UTF-16 pair
                raise _Unsure(f"character code {u} at {i}")
            loose_box(textpage, i, ref)
            c = _Char(chr(u), box.left - dx, box.bottom - dy, box.right - dx, box.top - dy)
            if after_generated and out and u != 0x20:
                _check_object_start(textpage, i, c, dx)
            if out and out[-1].text == " " and u != 0x20 and not after_generated:
                _check_gap_after_space(out[-1], c)
            if u == 0x20 and (i + 1 == n or generated(textpage, i + 1)):
                _check_run_end(textpage, i, c, dx)
            out.append(c)
            after_generated = False
        return out
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


# PDFium's text page keeps only the first of consecutive spaces, where pdfminer keeps them all. A
# lost space leaves room where it stood; these checks send any such page to pdfminer (word or
# character spacing leaves room too: harmless, the page is just read the slow way).


def _check_gap_after_space(space: _Char, nxt: _Char) -> None:
    """Inside a line: the character after a space starts more than half a space beyond it."""
    same_line = nxt.y0 < space.y1 and space.y0 < nxt.y1
    if same_line and nxt.x0 - space.x1 > 0.5 * space.width:
        raise _Unsure("spaces collapsed inside a line")


def _check_run_end(textpage: pdfium_c.FPDF_TEXTPAGE, i: int, space: _Char, dx: float) -> None:
    """At the end of a run: its text object reaches past the last space kept (a space glyph adds
    nothing to an object's bounds but its origin, so one trailing space ends inside them)."""
    obj = pdfium_c.FPDFText_GetTextObject(textpage, i)
    if obj and _rect(pdfium_c.FPDFPageObj_GetBounds, obj)[2] - dx > space.x1 - 0.1 * space.width:
        raise _Unsure("spaces collapsed at the end of a run")


def _check_object_start(textpage: pdfium_c.FPDF_TEXTPAGE, i: int, c: _Char, dx: float) -> None:
    """After a generated space: a text object that begins before its first character kept began
    with a space that PDFium dropped."""
    obj = pdfium_c.FPDFText_GetTextObject(textpage, i)
    if obj and _rect(pdfium_c.FPDFPageObj_GetBounds, obj)[0] - dx < c.x0 - 0.1 * (c.y1 - c.y0):
        raise _Unsure("a space dropped at the start of a run")


_Matrix = tuple[float, float, float, float, float, float]


def _matrix(obj: pdfium_c.FPDF_PAGEOBJECT) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        raise _Unsure("no matrix")
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _then(m: _Matrix, outer: _Matrix) -> _Matrix:
    """m applied first, then outer."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = outer  # noqa: N806
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _subpaths(obj: pdfium_c.FPDF_PAGEOBJECT, m: _Matrix) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """(operators, points) of each subpath, as pdfminer spells them: 'm' starts a subpath, 'l' is a
    line, 'c' a Bézier curve (its end point only). PDFium has already turned a close ('h') into a
    closing line to the start point, or a flag when the path was back there."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    for j in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, j)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue  # a control point
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(ops) > 1:
                yield "".join(ops), pts
            ops, pts, bezier = ["m"], [pt], 0
        elif ops:
            ops.append("c" if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO else "l")
            pts.append(pt)
    if len(ops) > 1:
        yield "".join(ops), pts


def _is_rect(ops: str, pts: list[tuple[float, float]]) -> bool:
    if ops != "mllll" or pts[0] != pts[4]:
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


def _shapes(
    objects: list[pdfium_c.FPDF_PAGEOBJECT], outer: _Matrix
) -> Iterator[tuple[float, float, float, float, bool]]:
    """(x0, y0, x1, y1, is_rectangle) of every subpath painted on the page, forms included; text
    objects are checked on the way (PDFium skips a run without a glyph box, and only upright,
    unrotated text is read here)."""
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            for ops, pts in _subpaths(obj, _then(_matrix(obj), outer)):
                xs = [p[0] for p in pts]
                ys = [p[1] for p in pts]
                yield min(xs), min(ys), max(xs), max(ys), _is_rect(ops, pts)
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            a, b, c, d, _, _ = _then(_matrix(obj), outer)
            if b or c or a <= 0 or d <= 0:
                raise _Unsure("rotated, skewed or mirrored text")
            left, _, right, _ = _rect(pdfium_c.FPDFPageObj_GetBounds, obj)
            if right - left < 0.01:
                raise _Unsure("a text run without a glyph box")
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            yield from _shapes(
                [pdfium_c.FPDFFormObj_GetObject(obj, k) for k in range(n)], _then(_matrix(obj), outer)
            )


def _merge(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _rulings(page: pdfium_c.FPDF_PAGE, dx: float, dy: float) -> tuple[list[float], list[float]]:
    xs: list[float] = []
    ys: list[float] = []
    objects = [pdfium_c.FPDFPage_GetObject(page, k) for k in range(pdfium_c.FPDFPage_CountObjects(page))]
    for x0, y0, x1, y1, is_rect in _shapes(objects, (1.0, 0.0, 0.0, 1.0, -dx, -dy)):
        if abs(y1 - y0) <= _TOL and x1 - x0 > _TOL:  # horizontal
            ys.append((y0 + y1) / 2)
        elif abs(x1 - x0) <= _TOL and y1 - y0 > _TOL:  # vertical
            xs.append((x0 + x1) / 2)
        elif is_rect and x1 - x0 > _TOL and y1 - y0 > _TOL:  # a boxed cell
            xs.extend((x0, x1))
            ys.extend((y0, y1))
    return _merge(xs), _merge(ys)


_Page = tuple[list[_Char], list[float], list[float]]  # characters, column rulings, row rulings


def _pdfium_pages(raw: bytes) -> list[_Page]:
    pages: list[_Page] = []
    with _LOCK:
        _ensure_stand_in()
        doc = pdfium_c.FPDF_LoadMemDocument64(raw, len(raw), None)
        if not doc:
            raise _Unsure(f"PDFium cannot open it (FPDF_ERR {pdfium_c.FPDF_GetLastError()})")
        try:
            for i in range(pdfium_c.FPDF_GetPageCount(doc)):
                page = pdfium_c.FPDF_LoadPage(doc, i)
                if not page:
                    raise _Unsure(f"PDFium cannot load page {i + 1}")
                try:
                    if pdfium_c.FPDFPage_GetRotation(page):
                        raise _Unsure("a rotated page")  # pdfminer reads it turned
                    dx, dy, _, _ = _rect(pdfium_c.FPDFPage_GetMediaBox, page)
                    xs, ys = _rulings(page, dx, dy)
                    pages.append((_chars(page, dx, dy), xs, ys))
                finally:
                    pdfium_c.FPDF_ClosePage(page)
        finally:
            pdfium_c.FPDF_CloseDocument(doc)
    return pages


# --- the same from pdfminer.six, for what PDFium reads otherwise ---------------------------------


def _pdfminer_pages(raw: bytes) -> list[_Page]:
    """Pages as pdfminer reads them: characters and ruling lines, without layout analysis (the
    aggregator with no LAParams; `extract_pages(laparams=None)` would apply the defaults)."""
    import io

    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTComponent, LTCurve, LTLine, LTRect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    def walk(obj: LTComponent) -> Iterator[LTComponent]:
        yield obj
        if hasattr(obj, "__iter__"):
            for child in obj:
                yield from walk(child)

    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[_Page] = []
    for page in PDFPage.get_pages(io.BytesIO(raw), caching=True):
        interpreter.process_page(page)
        chars: list[_Char] = []
        xs: list[float] = []
        ys: list[float] = []
        for el in walk(device.get_result()):
            if isinstance(el, LTChar):
                chars.append(_Char(el.get_text(), el.x0, el.y0, el.x1, el.y1))
            elif isinstance(el, LTLine | LTRect | LTCurve):
                x0, y0, x1, y1 = el.bbox
                if abs(y1 - y0) <= _TOL and x1 - x0 > _TOL:  # horizontal
                    ys.append((y0 + y1) / 2)
                elif abs(x1 - x0) <= _TOL and y1 - y0 > _TOL:  # vertical
                    xs.append((x0 + x1) / 2)
                elif isinstance(el, LTRect) and x1 - x0 > _TOL and y1 - y0 > _TOL:  # a boxed cell
                    xs.extend((x0, x1))
                    ys.extend((y0, y1))
        pages.append((chars, _merge(xs), _merge(ys)))
    return pages


# --- the table ----------------------------------------------------------------------------------


def _lines_of(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into text lines (same baseline), top to bottom, each left to right."""
    lines: dict[int, list[_Char]] = defaultdict(list)
    for c in chars:
        lines[round(-c.y0 / 3)].append(c)
    return [sorted(lines[k], key=lambda c: c.x0) for k in sorted(lines)]


def _cell_text(chars: list[_Char]) -> str:
    """Characters of one cell in reading order: lines top to bottom, left to right, joined."""
    return "".join("".join(c.text for c in ln) for ln in _lines_of(chars)).strip()


def _inside(c: _Char, xs: list[float], ys: list[float]) -> bool:
    return xs[0] < (c.x0 + c.x1) / 2 < xs[-1] and ys[0] < (c.y0 + c.y1) / 2 < ys[-1]


def _grid_rows(chars: list[_Char], xs: list[float], ys: list[float]) -> list[list[str]]:
    cells: dict[tuple[int, int], list[_Char]] = defaultdict(list)
    for c in chars:
        if not _inside(c, xs, ys):
            continue  # outside the table: titles, page numbers
        cx, cy = (c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2
        col = bisect_right(xs, cx) - 1
        row = len(ys) - 1 - bisect_right(ys, cy)  # top row first
        cells[(row, col)].append(c)
    rows: list[list[str]] = []
    for r in range(len(ys) - 1):
        rows.append([_cell_text(cells.get((r, c), [])) for c in range(len(xs) - 1)])
    return rows


def _outside_text(chars: list[_Char], xs: list[float], ys: list[float]) -> list[str]:
    outside = [c for c in chars if not _inside(c, xs, ys)]
    return [t for t in ("".join(c.text for c in ln).strip() for ln in _lines_of(outside)) if t]


def _line_rows(chars: list[_Char]) -> list[list[str]]:
    """Unruled fallback: each text line is a row, split into cells where the gap between two
    characters is wider than two character widths."""
    rows: list[list[str]] = []
    for ln in _lines_of(chars):
        cells: list[str] = []
        cur = ln[0].text
        for a, b in zip(ln, ln[1:], strict=False):
            if b.x0 - a.x1 > 2 * max(a.width, 1.0):
                cells.append(cur.strip())
                cur = ""
            cur += b.text
        cells.append(cur.strip())
        rows.append(cells)
    return rows


def pdf_rows(raw: bytes) -> list[list[str]]:
    """Rows of cell text over all pages; text above a ruled table comes first as a one-cell row."""
    try:
        pages = _pdfium_pages(raw)
    except _Unsure:
        pages = _pdfminer_pages(raw)
    rows: list[list[str]] = []
    for chars, xs, ys in pages:
        if len(xs) >= 3 and len(ys) >= 3:
            rows.extend([t] for t in _outside_text(chars, xs, ys))
            rows.extend(_grid_rows(chars, xs, ys))
        else:
            rows.extend(_line_rows(chars))
    return rows

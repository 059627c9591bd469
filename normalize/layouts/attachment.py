"""Attachment files holding a table of many records: .xls, .xlsx, .pdf.

The header row is the first of the top rows with at least three known labels; rows above it are
the title; every non-empty row below is one record (row_index = its position among data rows).

.xlsx files are read with python-calamine (Rust, ~8x faster than openpyxl with the checks below),
giving the cell texts openpyxl gave; a file holding something the two read differently goes to
openpyxl (see `_xlsx_needs_openpyxl`). Rows may end sooner: openpyxl pads them to the sheet's
declared <dimension>, calamine to the last cell present, and no record reads empty padding.
.xls files stay with xlrd: calamine reads them faster too, but an error cell (#N/A) comes out of
it empty where xlrd gives its code, with no way to tell them apart, and xlrd's share is small
(~0.7 ms of a ~5 ms document).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

from normalize.layouts.base import QuarantineError, RawItem
from normalize.limits import check_attachment, read_member
from normalize.taxonomy import Taxonomy, label_key

HEADER_SEARCH_ROWS = 12
MIN_HEADER_LABELS = 3


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        # Spreadsheet numbers: 1.0 is "1", 8.5 stays "8.5"; a 罚款金额（万元） of 8.0 reads the same either way.
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


# Built-in number formats of Chinese/Japanese/Korean Excel that calamine reads as dates and
# openpyxl, which does not know them, as plain numbers.
_CJK_DATE_FORMAT_IDS = frozenset(range(27, 37)) | frozenset(range(50, 59))
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_ROW = re.compile(rb'<row [^>]*?r="(\d+)"')
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]+)')
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")  # calamine decodes _x000D_, openpyxl leaves it
_EDGE_SPACE = re.compile(rb"<t>(?:\s[^<]*|[^<]*\s)</t>")  # calamine trims it without xml:space
_FORMAT_ID = re.compile(rb'numFmtId="(\d+)"')
_CUSTOM_FORMAT_ID = re.compile(rb'<numFmt [^>]*?numFmtId="(\d+)"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _xlsx_needs_openpyxl(raw: bytes) -> bool:
    """True when calamine's cell texts could differ from openpyxl's: an error cell (openpyxl gives
    "#N/A", calamine ""), an _xHHHH_ escape or an unpreserved edge space in a string, a CJK
    built-in date format, or a <dimension> smaller than the data (openpyxl's read-only mode stops
    at it)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        for name in zf.namelist():
            low = name.lower()
            if not low.endswith(".xml"):
                continue
            if "worksheets/" in low and "/_rels/" not in low:
                xml = read_member(zf, name)
                if b't="e"' in xml or _ESCAPE.search(xml) or _EDGE_SPACE.search(xml):
                    return True
                dim = _DIMENSION.search(xml, 0, 4096)
                if dim:
                    rows = _ROW.findall(xml)
                    if rows and max(map(int, rows)) > int(dim.group(2)):
                        return True
                    cols = _CELL_COLUMN.findall(xml)
                    if cols and max(map(_column_number, set(cols))) > _column_number(dim.group(1)):
                        return True
            elif "sharedstrings" in low:
                xml = read_member(zf, name)
                if _ESCAPE.search(xml) or _EDGE_SPACE.search(xml):
                    return True
            elif low.endswith("styles.xml"):
                xml = read_member(zf, name)
                used = {int(i) for i in _FORMAT_ID.findall(xml)}
                if (used - {int(i) for i in _CUSTOM_FORMAT_ID.findall(xml)}) & _CJK_DATE_FORMAT_IDS:
                    return True
    return False


class _Differs(Exception):
    """calamine's text of a cell may differ from openpyxl's."""


def _calamine_cell(v: object) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) >= 1e15:
        raise _Differs  # openpyxl reads "123456789012345678" as an exact int; calamine as a float
    if isinstance(v, int) and not isinstance(v, bool):
        return _cell_text(float(v))
    return _cell_text(v)


def _xlsx_rows_calamine(raw: bytes) -> list[list[str]]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    rows: list[list[str]] = []
    with CalamineWorkbook.from_filelike(io.BytesIO(raw)) as wb:
        for sheet in wb.sheets_metadata:
            if sheet.typ != SheetTypeEnum.WorkSheet:
                continue  # openpyxl's worksheets leave out chart sheets
            for r in wb.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False):
                rows.append([_calamine_cell(v) for v in r])
    return rows


def xlsx_rows(raw: bytes) -> list[list[str]]:
    try:
        rows = None if _xlsx_needs_openpyxl(raw) else _xlsx_rows_calamine(raw)
    except Exception:  # not a zip, a cell read differently, or calamine cannot read it
        rows = None
    return rows if rows is not None else _xlsx_rows_openpyxl(raw)  # openpyxl reads it or says why not


def _xlsx_rows_openpyxl(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    rows: list[list[str]] = []
    for ws in wb.worksheets:
        for r in ws.iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in r])
    wb.close()
    return rows


def xls_rows(raw: bytes) -> list[list[str]]:
    import xlrd

    book = xlrd.open_workbook(file_contents=raw)
    rows: list[list[str]] = []
    for sheet in book.sheets():
        for i in range(sheet.nrows):
            out = []
            for cell in sheet.row(i):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    out.append(_cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
                else:
                    out.append(_cell_text(cell.value))
            rows.append(out)
    return rows


def _header_index(rows: list[list[str]], taxonomy: Taxonomy) -> int | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(1 for c in row if label_key(c) and (label_key(c) in taxonomy.labels or label_key(c) in taxonomy.ignored_labels))
        if known >= MIN_HEADER_LABELS:
            return i
    return None


def items_from_rows(rows: list[list[str]], taxonomy: Taxonomy, parser: str) -> list[RawItem]:
    """Records of a header-plus-rows table; QuarantineError when no header row is found."""
    h = _header_index(rows, taxonomy)
    if h is None:
        raise QuarantineError(f"no header row with {MIN_HEADER_LABELS}+ known labels in the first {HEADER_SEARCH_ROWS} rows", parser=parser)
    title = next((c.strip() for r in rows[:h] for c in r if c.strip()), None)
    header = rows[h]
    items: list[RawItem] = []
    for row_no, cells in enumerate(rows[h + 1 :], start=h + 2):
        if not any(c.strip() for c in cells):
            continue
        if _header_index([cells], taxonomy) == 0:
            continue  # a repeated header (next sheet or page)
        item = RawItem(parser=parser, row_index=len(items), title=title)
        for col, (label, value) in enumerate(zip(header, cells, strict=False), start=1):
            if label_key(label):
                item.put_labelled(label, value, taxonomy, where=f"row {row_no} column {col}")
        items.append(item)
    if not items:
        raise QuarantineError("attachment table has a header but no data rows", parser=parser)
    return items


def parse_attachment(raw: bytes, doc_type: str, taxonomy: Taxonomy) -> list[RawItem]:
    parser = f"{doc_type}.rows"
    try:
        check_attachment(raw, doc_type)  # size caps (zip members, PDF streams) before any reader opens it
        if doc_type == "xlsx":
            rows = xlsx_rows(raw)
        elif doc_type == "xls":
            rows = xls_rows(raw)
        elif doc_type == "pdf":
            from normalize.layouts.pdf_table import pdf_rows

            rows = pdf_rows(raw)
        else:
            raise QuarantineError(f"unsupported attachment type {doc_type!r}", parser=parser)
    except QuarantineError:
        raise
    except Exception as e:  # a corrupt file is a quarantine reason, not a crash of the run
        raise QuarantineError(f"unreadable {doc_type} file: {type(e).__name__}: {e}", parser=parser) from None
    return items_from_rows(rows, taxonomy, parser)

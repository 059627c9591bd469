"""Attachment files holding a table of many records: .xls, .xlsx, .pdf.

The header row is the first of the top rows with at least three known labels; rows above it are
the title; every non-empty row below is one record (row_index = its position among data rows).
"""

from __future__ import annotations

import io
from datetime import date, datetime

from normalize.layouts.base import QuarantineError, RawItem
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


def xlsx_rows(raw: bytes) -> list[list[str]]:
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
    for cells in rows[h + 1 :]:
        if not any(c.strip() for c in cells):
            continue
        if _header_index([cells], taxonomy) == 0:
            continue  # a repeated header (next sheet or page)
        item = RawItem(parser=parser, row_index=len(items), title=title)
        for label, value in zip(header, cells, strict=False):
            if label_key(label):
                item.put_labelled(label, value, taxonomy)
        items.append(item)
    if not items:
        raise QuarantineError("attachment table has a header but no data rows", parser=parser)
    return items


def parse_attachment(raw: bytes, doc_type: str, taxonomy: Taxonomy) -> list[RawItem]:
    parser = f"{doc_type}.rows"
    try:
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

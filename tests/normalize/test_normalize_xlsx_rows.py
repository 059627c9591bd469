""".xlsx cell texts: python-calamine gives what openpyxl gave, or the file goes to openpyxl."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time

import pytest

from normalize.layouts import attachment
from normalize.layouts.attachment import xlsx_rows

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx(cells: str, strings: tuple[str, ...] = (), dimension: str = "A1:Z9", formats: tuple[int, ...] = (14,)) -> bytes:
    """An Excel-like file (shared strings, styles) whose sheet1 has `cells` (<row> elements)."""
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {_NS} xmlns:r="{_REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst {_NS}>' + "".join(f"<si>{s}</si>" for s in strings) + "</sst>",
        "xl/styles.xml": f'<styleSheet {_NS}><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{1 + len(formats)}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        + "".join(f'<xf numFmtId="{f}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' for f in formats)
        + "</cellXfs></styleSheet>",
        "xl/worksheets/sheet1.xml": f'<worksheet {_NS}><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    return buf.getvalue()


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without trailing empty cells and rows: openpyxl pads to the sheet's declared
    <dimension>, calamine to the cells present; no record reads the padding."""
    out = [list(r) for r in rows]
    for r in out:
        while r and r[-1] == "":
            r.pop()
    while out and not out[-1]:
        out.pop()
    return out


def _both(raw: bytes) -> tuple[list[list[str]], list[list[str]]]:
    return _trimmed(xlsx_rows(raw)), _trimmed(attachment._xlsx_rows_openpyxl(raw))


def test_dates_numbers_and_strings_read_by_calamine_as_openpyxl_read_them():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["标题"])
    ws.append(["处罚决定日期", "罚款金额（万元）", "序号", "时间", "是否"])
    ws.append([datetime(2023, 5, 12), 8.0, 1, time(9, 30), True])
    ws.append([datetime(2023, 5, 12, 13, 30), 8.5, 2.0, None, False])
    for fmt, row in (("yyyy/m/d", 3), ('yyyy"年"m"月"d"日"', 4)):
        ws.cell(row=row, column=1).number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    assert not attachment._xlsx_needs_openpyxl(buf.getvalue())
    assert xlsx_rows(buf.getvalue()) == attachment._xlsx_rows_openpyxl(buf.getvalue())  # padding too
    fast, _ = _both(buf.getvalue())
    assert fast[2:] == [["2023-05-12", "8", "1", "09:30:00", "True"], ["2023-05-12 13:30:00", "8.5", "2", "", "False"]]


def test_excel_style_file_with_shared_strings_and_a_date_format_is_read_by_calamine():
    cells = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45058</v></c><c r="C1"><v>20</v></c>'
             '<c r="D1" t="s"><v>1</v></c></row>')  # fmt: skip
    raw = _xlsx(cells, ("<t>苏州某某电子有限公司</t>", '<r><t xml:space="preserve">罚款 </t></r><r><t>20万元</t></r>'))
    assert not attachment._xlsx_needs_openpyxl(raw)
    assert _both(raw)[0] == _both(raw)[1]
    assert _both(raw)[0] == [["苏州某某电子有限公司", "2023-05-12", "20", "罚款 20万元"]]


@pytest.mark.parametrize(
    ("cells", "strings", "dimension", "formats"),
    [
        ('<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>', (), "A1:A1", (14,)),  # calamine: ""
        ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', ("<t>a_x000D_b</t>",), "A1:A1", (14,)),  # "a\rb"
        ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', ("<r><t>罚款 </t></r><r><t>20</t></r>",), "A1:A1", (14,)),
        ('<row r="1"><c r="A1" s="1"><v>45058</v></c></row>', (), "A1:A1", (57,)),  # CJK built-in date
        ('<row r="1"><c r="A1"><v>1</v></c></row><row r="5"><c r="A5"><v>2</v></c></row>', (), "A1:A1", (14,)),
        ('<row r="1"><c r="A1"><v>1</v></c><c r="AB1"><v>2</v></c></row>', (), "A1:C1", (14,)),
    ],
    ids=["error", "escape", "unpreserved-space", "cjk-date-format", "short-dimension-rows", "short-dimension-cols"],
)
def test_a_file_calamine_reads_differently_goes_to_openpyxl(cells, strings, dimension, formats):
    raw = _xlsx(cells, strings, dimension, formats)
    assert attachment._xlsx_needs_openpyxl(raw)
    assert _both(raw)[0] == _both(raw)[1]


def test_a_big_integer_keeps_every_digit():
    raw = _xlsx('<row r="1"><c r="A1"><v>913708002942548496</v></c></row>', (), "A1:A1")
    assert xlsx_rows(raw) == [["913708002942548496"]]  # openpyxl's int; calamine would give a float


def test_not_a_zip_is_openpyxls_error_as_before():
    with pytest.raises(zipfile.BadZipFile):
        xlsx_rows(b"not an xlsx file")

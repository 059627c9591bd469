"""Attachment files (.xls via xlwt, .xlsx via openpyxl, .pdf via reportlab): tables of records."""

from __future__ import annotations

import io
from functools import lru_cache

from simulator.publications import Record
from simulator.render.text import code_label_and_value, fine_total_wan, printed_date
from simulator.vocab import fine_wan_cell

PENALTY_HEADERS = (
    "序号",
    "行政相对人名称",
    "统一社会信用代码",
    "法定代表人",
    "处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚内容",
    "罚款金额（万元）",
    "处罚决定日期",
    "处罚机关",
)
MONITORING_HEADERS = (
    "序号",
    "企业名称",
    "统一社会信用代码",
    "监测点位",
    "超标因子",
    "监测值",
    "排放限值",
    "监测日期",
    "超标情况",
    "发布机关",
)
KEY_POLLUTER_HEADERS = ("序号", "单位名称", "统一社会信用代码", "所在地", "类别", "地址")
# Column widths in points, wide enough that codes and numbers stay on one line in the PDF.
COLUMN_WIDTHS = {
    "序号": 24,
    "行政相对人名称": 110,
    "企业名称": 120,
    "单位名称": 150,
    "统一社会信用代码": 92,
    "法定代表人": 44,
    "处罚决定书文号": 100,
    "违法行为类型": 60,
    "违法事实": 230,
    "超标情况": 230,
    "处罚依据": 120,
    "处罚内容": 120,
    "罚款金额（万元）": 48,
    "处罚决定日期": 72,
    "监测日期": 72,
    "处罚机关": 90,
    "发布机关": 90,
    "地址": 220,
}
VIOLATION_NAMES = {
    "exceeding_limits": "超标排放污染物",
    "no_permit": "无证排污",
    "no_eia": "未批先建",
    "no_acceptance": "未验先投",
    "treatment_not_running": "不正常运行污染防治设施",
    "hazardous_waste": "危险废物违法",
    "evading_supervision": "逃避监管排放",
    "falsified_monitoring": "篡改伪造监测数据",
    "fugitive_emissions": "无组织排放及扬尘",
    "no_monitoring": "未按规定监测",
    "noise": "噪声污染",
}


def table_rows(records: tuple[Record, ...]) -> tuple[tuple[str, ...], list[list[object]]]:
    """(headers, rows) of an attachment; the 罚款金额（万元） cell is a number, everything else text."""
    kind = records[0].doc_kind
    rows: list[list[object]] = []
    if kind in ("penalty_decision", "order_to_correct"):
        for i, r in enumerate(records, start=1):
            _, code = code_label_and_value(r.party)
            fine: object = float(fine_wan_cell(r.fine_yuan)) if r.fine_yuan is not None else ""
            rows.append(
                [
                    i,
                    r.party.name,
                    code,
                    r.party.legal_rep or "",
                    r.decision_no or "",
                    "、".join(VIOLATION_NAMES[v] for v in r.violation_types),
                    r.facts or "",
                    "、".join(f"{law}{a}" for law, a in r.legal_basis),
                    r.penalty_content or "",
                    fine,
                    printed_date(r),
                    r.authority,
                ]
            )
        return PENALTY_HEADERS, rows
    if kind == "monitoring_exceedance":
        for i, r in enumerate(records, start=1):
            pname, value, limit, unit = r.measurements[0]
            rows.append(
                [
                    i,
                    r.party.name,
                    r.party.uscc or "",
                    r.extra["outlet"],
                    pname,
                    f"{value:g}{unit}",
                    f"{limit:g}{unit}",
                    printed_date(r),
                    r.facts or "",
                    r.authority,
                ]
            )
        return MONITORING_HEADERS, rows
    for i, r in enumerate(records, start=1):
        rows.append(
            [
                i,
                r.party.name,
                r.party.uscc or "",
                r.party.county or r.party.city or "",
                r.extra["category"],
                r.party.address or "",
            ]
        )
    return KEY_POLLUTER_HEADERS, rows


def render_xls(title: str, records: tuple[Record, ...]) -> bytes:
    import xlwt

    headers, rows = table_rows(records)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    ws.write(0, 0, title)
    for c, h in enumerate(headers):
        ws.write(1, c, h)
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_xlsx(title: str, records: tuple[Record, ...]) -> bytes:
    from openpyxl import Workbook

    headers, rows = table_rows(records)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([title])
    ws.append(list(headers))
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the current time into docProps/core.xml; rewrite it so bytes are deterministic.
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-01-01T00:00:00Z", body)
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, body)
    return out.getvalue()


@lru_cache(maxsize=1)
def _cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def render_pdf(title: str, records: tuple[Record, ...]) -> bytes:
    """A landscape table; the built-in CID font keeps the text extractable without embedding a font."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _cid_font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9, wordWrap="CJK")
    head = ParagraphStyle("head", fontName=font, fontSize=12, leading=16)
    headers, rows = table_rows(records)
    data = [[Paragraph(h, cell) for h in headers]] + [[Paragraph(str(v), cell) for v in row] for row in rows]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=landscape(A3), title=title, author="", creator="", producer="", invariant=1
    )
    widths = [COLUMN_WIDTHS.get(h, 80) for h in headers]
    scale = min(1.0, 1100 / sum(widths))
    table = Table(data, repeatRows=1, colWidths=[w * scale for w in widths])
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    doc.build([Paragraph(title, head), table])
    return buf.getvalue()


RENDERERS = {"xls": render_xls, "xlsx": render_xlsx, "pdf": render_pdf}
CONTENT_TYPES = {
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def fine_cell(record: Record) -> str:
    return fine_total_wan(record)

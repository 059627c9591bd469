"""Builders of attachment files for tests: the same rows as .xlsx, .xls and ruled .pdf."""

from __future__ import annotations

import io

HEADER = ["序号", "行政相对人名称", "统一社会信用代码", "法定代表人", "处罚决定书文号", "违法行为类型", "违法事实",
          "处罚依据", "处罚内容", "罚款金额（万元）", "处罚决定日期", "处罚机关"]  # fmt: skip
ROWS = [
    ["1", "苏州某某电子有限公司", "91110000600037341L", "张三", "苏环罚字〔2023〕1号", "超标排放",
     "废水中化学需氧量超过排放标准，违反了水污染防治法的有关规定", "《中华人民共和国水污染防治法》第八十三条第二项",
     "罚款人民币贰拾万元整", "20", "2023-05-12", "苏州市生态环境局"],
    ["2", "昆山某某金属制品厂", "91350100M0001TGQXM", "李四", "苏环罚字[2023]2号", "未批先建",
     "未依法报批建设项目环境影响评价文件擅自开工建设", "《中华人民共和国环境影响评价法》第三十一条第一款",
     "罚款人民币8万元", "8.0", "2023年5月13日", "苏州市生态环境局"],
    ["3", "", "91320500MA1XXXXX0X", "王五", "苏环罚字〔2023〕3号", "超标排放", "超标", "", "罚款1万元", "1",
     "2023-05-14", "苏州市生态环境局"],
]  # fmt: skip
TITLE = "2023年5月行政处罚信息公示表"


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(HEADER)
    for r in ROWS:
        ws.append([float(c) if i == 9 else c for i, c in enumerate(r)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xls_bytes() -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    ws.write(0, 0, TITLE)
    for j, h in enumerate(HEADER):
        ws.write(1, j, h)
    for i, r in enumerate(ROWS, start=2):
        for j, c in enumerate(r):
            ws.write(i, j, float(c) if j == 9 else c)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pdf_bytes() -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    st = ParagraphStyle("c", fontName="STSong-Light", fontSize=6, leading=8)
    data = [[Paragraph(c, st) for c in row] for row in [HEADER, *ROWS]]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4))
    table = Table(data, colWidths=[22, 70, 80, 30, 70, 40, 110, 90, 60, 35, 50, 60])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    doc.build([Paragraph(TITLE, st), table])
    return buf.getvalue()

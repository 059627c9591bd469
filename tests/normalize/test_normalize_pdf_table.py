"""The PDF table reader (PDFium, with pdfminer for what PDFium reads otherwise) on PDFs built here."""

from __future__ import annotations

import io

import pytest

from normalize.layouts import pdf_table

FONT = "STSong-Light"  # reportlab's CID font: not embedded, like the simulator's attachments
XS = [40, 64, 200, 300, 360]  # column rulings; the first column is one CJK character wide
YS = [700, 670, 620, 590]  # row rulings, top to bottom
CELLS = [  # each cell as the lines it is printed in
    [["序", "号"], ["行政相对人名称"], ["统一社会信用代码"], ["罚款金额", "（万元）"]],
    [["1"], ["苏州某某电子有限公", "司鱼台分公司", "（第三车间）"], ["91110000600037341L"], ["20"]],
    [["2"], ["昆山某某金属制品厂"], ["91350100M0001TGQXM"], ["8.5"]],
]
ROWS = [
    ["序号", "行政相对人名称", "统一社会信用代码", "罚款金额（万元）"],
    ["1", "苏州某某电子有限公司鱼台分公司（第三车间）", "91110000600037341L", "20"],
    ["2", "昆山某某金属制品厂", "91350100M0001TGQXM", "8.5"],
]


def _canvas():  # noqa: ANN202 - a reportlab canvas and its buffer
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    return canvas.Canvas(buf, invariant=1), buf


def _text(c, cells=CELLS) -> None:  # noqa: ANN001
    c.setFont(FONT, 12)
    c.drawString(XS[0], YS[0] + 20, "2024年3月行政处罚信息公示表")
    for j, row in enumerate(cells):
        for i, lines in enumerate(row):
            for k, line in enumerate(lines):
                c.setFont(FONT, 7)
                c.drawString(XS[i] + 3, YS[j] - 9 - 9 * k, line)


def _grid_pdf(style: str) -> bytes:
    c, buf = _canvas()
    p = c.beginPath()
    for x in XS:
        if style == "lines":
            p.moveTo(x, YS[0])
            p.lineTo(x, YS[-1])
        else:  # thin filled rectangles
            p.rect(x - 0.25, YS[-1], 0.5, YS[0] - YS[-1])
    for y in YS:
        if style == "lines":
            p.moveTo(XS[0], y)
            p.lineTo(XS[-1], y)
        else:
            p.rect(XS[0], y - 0.25, XS[-1] - XS[0], 0.5)
    c.drawPath(p, stroke=int(style == "lines"), fill=int(style != "lines"))  # the whole grid: ONE path object
    _text(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _path_objects(raw: bytes) -> list[int]:
    """Segment count of each path object on the first page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    page = pdfium.PdfDocument(raw)[0]
    return [pdfium_c.FPDFPath_CountSegments(o) for o in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])]


@pytest.mark.parametrize("style", ["lines", "thin_rects"])
def test_a_grid_drawn_as_one_path_gives_every_cell_with_wrapped_lines_joined(style):
    raw = _grid_pdf(style)
    assert len(_path_objects(raw)) == 1 and _path_objects(raw)[0] >= 2 * (len(XS) + len(YS))  # many subpaths
    assert pdf_table.pdf_rows(raw) == [["2024年3月行政处罚信息公示表"], *ROWS]


@pytest.mark.parametrize("style", ["lines", "thin_rects"])
def test_pdfium_reads_the_grid_itself_and_agrees_with_pdfminer(style):
    raw = _grid_pdf(style)
    fast = pdf_table._pdfium_pages(raw)  # no fallback: the non-embedded CJK font is read by PDFium
    assert fast[0][1:] == pdf_table._pdfminer_pages(raw)[0][1:]  # the same rulings
    chars = "".join(c.text for c in fast[0][0])
    assert "序" in chars and "号" in chars  # one-character runs (a wrapped 序号) are not dropped


def test_simulator_style_table_with_wrapped_paragraph_cells():
    """reportlab Table + Paragraph like simulator.render.files.render_pdf: narrow columns wrap."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    _canvas()  # registers the font
    st = ParagraphStyle("c", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")
    rows = [["序号", "违法事实", "罚款金额（万元）"],
            ["1", "2025年11月28日，经监测，你单位废气排放口非甲烷总烃排放浓度为271.8mg/m3，超标3.53倍。", "99.3"]]  # fmt: skip
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1)
    table = Table([[Paragraph(v, st) for v in r] for r in rows], colWidths=[20, 120, 40])
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    doc.build([table])
    assert pdf_table.pdf_rows(buf.getvalue()) == rows


def test_a_page_pdfium_would_read_differently_goes_to_pdfminer():
    """PDFium keeps one of several spaces in a row; pdfminer keeps them all (and so did this reader)."""
    c, buf = _canvas()
    c.setFont("Helvetica", 9)
    c.drawString(50, 700, "Name   Code")
    c.drawString(50, 680, "Suzhou  Co      91110000600037341L")
    c.showPage()
    c.save()
    with pytest.raises(pdf_table._Unsure):
        pdf_table._pdfium_pages(buf.getvalue())
    # spaces are characters, not gaps: the unruled fallback does not split at them
    assert pdf_table.pdf_rows(buf.getvalue()) == [["Name   Code"], ["Suzhou  Co      91110000600037341L"]]


def test_unruled_page_falls_back_to_text_lines_split_at_gaps():
    c, buf = _canvas()
    for k, (a, b) in enumerate([("行政相对人名称", "处罚机关"), ("某某有限公司", "某市生态环境局")]):
        c.setFont(FONT, 9)
        c.drawString(50, 700 - 15 * k, a)
        c.drawString(250, 700 - 15 * k, b)
    c.showPage()
    c.save()
    pdf_table._pdfium_pages(buf.getvalue())  # read by PDFium
    assert pdf_table.pdf_rows(buf.getvalue()) == [
        ["行政相对人名称", "处罚机关"],
        ["某某有限公司", "某市生态环境局"],
    ]


def test_without_the_cjk_stand_in_a_dropped_run_sends_the_file_to_pdfminer(tmp_path):
    """PDFium alone (no CJK font) skips the one-character runs 序 / 号: noticed, read by pdfminer.
    The child process sees no system font at all, whatever this machine has installed (with a CJK
    font such as fonts-noto-cjk PDFium would draw the runs and nothing would be dropped)."""
    import subprocess
    import sys

    pdf = tmp_path / "grid.pdf"
    pdf.write_bytes(_grid_pdf("lines"))
    code = (
        "import sys, pathlib\n"
        "import pypdfium2 as pdfium\n"
        "from normalize.layouts import pdf_table as t\n"
        "class NoSystemFonts(pdfium.PdfSysfontBase):\n"
        "    def MapFont(self, *args):\n        return None\n"
        "    def GetFont(self, *args):\n        return None\n"
        "NoSystemFonts().setup()\n"
        "t._stand_in_tried = True  # never install the stand-in\n"
        "raw = pathlib.Path(sys.argv[1]).read_bytes()\n"
        "try:\n    t._pdfium_pages(raw)\nexcept t._Unsure as e:\n    print('unsure:', e)\n"
        "print(t.pdf_rows(raw))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[0] == "unsure: a text run without a glyph box"
    assert out.splitlines()[1] == str([["2024年3月行政处罚信息公示表"], *ROWS])

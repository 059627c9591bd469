"""Hostile documents, built in code at any size: the cases of issue #18 and the XML attacks.

Each builder returns the bytes a hostile site could serve. `size` scales the attack; the defaults
are the sizes the issue measured (a 200 KB JSON, a 1 MB xlsx that expands to ~1 GB of XML, a
~400 KB PDF whose content stream expands to 200 MB, 33 KB of nested tables). Tests use small sizes
with small limits; bench/robustness.py runs the full sizes with the default limits.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_XLSX_FRAME = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": f'<?xml version="1.0"?><workbook {_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>",
    "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {_NS} count="0" uniqueCount="0"></sst>',
}
_HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>行政相对人名称</t></is></c><c r="B1" t="inlineStr"><is><t>处罚决定书文号</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>罚款金额（万元）</t></is></c><c r="D1" t="inlineStr"><is><t>处罚机关</t></is></c></row>'
)


def _xlsx(sheet_xml_chunks: list[tuple[bytes, int]], extra: dict[str, str] | None = None) -> bytes:
    """An xlsx whose sheet1.xml is the chunks, each (bytes, times repeated), streamed into the zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in {**_XLSX_FRAME, **(extra or {})}.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for chunk, times in sheet_xml_chunks:
                for _ in range(times):
                    f.write(chunk)
    return buf.getvalue()


def xlsx_zip_bomb(expanded_mb: int = 1024) -> bytes:
    """A workbook whose one sheet is `expanded_mb` MB of identical cells: ~1,000:1 under deflate,
    so 1 GB of XML arrives as ~1 MB and a reader that believes it builds millions of cells."""
    cells = b"<c><v>1</v></c>" * 4096  # 60 KB of cells without positions: one row after another
    row = b"<row>" + cells + b"</row>"
    head = f'<?xml version="1.0"?><worksheet {_NS}><sheetData>{_HEADER_ROW}'.encode()
    return _xlsx([(head, 1), (row, max(1, expanded_mb * 2**20 // len(row))), (b"</sheetData></worksheet>", 1)])


def xlsx_lying_sizes(expanded_mb: int = 64) -> bytes:
    """The zip bomb with every header claiming the sheet is 1 KB: a size check that believes the
    headers lets it through, so the reader itself must stop at the claimed size."""
    raw = bytearray(xlsx_zip_bomb(expanded_mb))
    name = b"xl/worksheets/sheet1.xml"
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        i = raw.find(sig + b"")
        while i != -1:
            name_len = struct.unpack_from("<H", raw, i + (26 if sig == b"PK\x03\x04" else 28))[0]
            name_at = i + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(raw[name_at : name_at + name_len]) == name:
                usize = struct.unpack_from("<I", raw, i + size_at)[0]
                if usize != 0xFFFFFFFF:  # not a zip64 marker: patch it in place
                    struct.pack_into("<I", raw, i + size_at, 1024)
                extra_at = name_at + name_len  # zip64 extra field: uncompressed size first
                extra_len = struct.unpack_from("<H", raw, i + (28 if sig == b"PK\x03\x04" else 30))[0]
                j = extra_at
                while j < extra_at + extra_len:
                    tag, ln = struct.unpack_from("<HH", raw, j)
                    if tag == 1 and usize == 0xFFFFFFFF:
                        struct.pack_into("<Q", raw, j + 4, 1024)
                    j += 4 + ln
            i = raw.find(sig, i + 4)
    return bytes(raw)


def xlsx_xxe(target: str = "file:///etc/passwd") -> bytes:
    """A shared string that is an external entity: a reader that resolves it leaks a host file."""
    sst = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "{target}">]>'
           f'<sst {_NS} count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>')  # fmt: skip
    sheet = (f'<?xml version="1.0"?><worksheet {_NS}><sheetData>{_HEADER_ROW}'
             '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>环罚〔2024〕1号</t></is></c>'
             "</row></sheetData></worksheet>")  # fmt: skip
    return _xlsx([(sheet.encode(), 1)], {"xl/sharedStrings.xml": sst})


def xlsx_billion_laughs(levels: int = 10) -> bytes:
    """Entities each expanding to ten of the one before: 10**levels copies of "lol"."""
    ents = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels))
    sst = (f'<?xml version="1.0"?><!DOCTYPE sst [{ents}]>'
           f'<sst {_NS} count="1" uniqueCount="1"><si><t>&lol{levels - 1};</t></si></sst>')  # fmt: skip
    sheet = (f'<?xml version="1.0"?><worksheet {_NS}><sheetData>{_HEADER_ROW}'
             '<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>')  # fmt: skip
    return _xlsx([(sheet.encode(), 1)], {"xl/sharedStrings.xml": sst})


def nested_json(depth: int = 100_000) -> bytes:
    """`depth` nested arrays: 2 bytes a level (100,000 levels = 200 KB)."""
    return b"[" * depth + b"]" * depth


def nested_html_tables(depth: int = 1000) -> bytes:
    """`depth` tables, each inside the cell of the one before: 33 bytes a level."""
    return (b"<html><body>" + b"<table><tr><td>" * depth + "行政处罚决定书".encode() + b"</td></tr></table>" * depth
            + b"</body></html>")  # fmt: skip


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1-based, object 1 the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_content_bomb(expanded_mb: int = 200) -> bytes:
    """One page whose Flate content stream expands to `expanded_mb` MB of tiny path objects
    (~500:1, so 200 MB arrive as ~400 KB); each path becomes an object in the reader's memory."""
    op = b"0 0 m 1 1 l S\n"
    chunk = op * (2**16 // len(op))
    z = zlib.compressobj(9)
    data = bytearray()
    for _ in range(expanded_mb * 2**20 // len(chunk)):
        data += z.compress(chunk)
    data += z.flush()
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + bytes(data) + b"\nendstream",
    ])  # fmt: skip

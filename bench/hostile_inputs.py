"""Hostile documents, built in code at any size: the cases of issue #18 and the XML attacks.

Each builder returns the bytes a hostile site could serve. `size` scales the attack; the defaults
are the sizes the issue measured (a 200 KB JSON, a ~1 MB xlsx that expands to 480 MB of XML, a
~400 KB PDF whose content stream expands to 200 MB, 33 KB of nested tables). Tests use small sizes
with small limits; bench/robustness.py runs the full sizes with the default limits.
"""

from __future__ import annotations

import struct
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


def _deflate_block(data: bytes) -> bytes:
    """`data` as raw deflate blocks ending on a full flush: such blocks can be repeated and
    concatenated, so a 1 GB member is built in a blink from one compressed row."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    return z.compress(data) + z.flush(zlib.Z_FULL_FLUSH)


_END_BLOCK = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)


def _zip(members: dict[str, list[tuple[bytes, int]]], claimed_sizes: dict[str, int] | None = None) -> bytes:
    """A zip written by hand: each member is chunks (bytes, times repeated), deflated; a member in
    `claimed_sizes` declares that uncompressed size in its headers instead of the true one."""
    out = bytearray()
    central = bytearray()
    for name, chunks in members.items():
        crc, size = 0, 0
        data = bytearray()
        for chunk, times in chunks:
            block = _deflate_block(chunk)
            for _ in range(times):
                crc = zlib.crc32(chunk, crc)
            size += len(chunk) * times
            data += block * times
        data += _END_BLOCK
        size = (claimed_sizes or {}).get(name, size)
        fname = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(fname), 0)
        out += fname + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                               len(fname), 0, 0, 0, 0, 0, offset) + fname  # fmt: skip
    n = len(members)
    return bytes(out + central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), len(out), 0))


def _xlsx(sheet_xml_chunks: list[tuple[bytes, int]], extra: dict[str, str] | None = None,
          claimed_sheet_size: int | None = None) -> bytes:  # fmt: skip
    """An xlsx whose sheet1.xml is the chunks, each (bytes, times repeated)."""
    members = {name: [(text.encode(), 1)] for name, text in {**_XLSX_FRAME, **(extra or {})}.items()}
    members["xl/worksheets/sheet1.xml"] = sheet_xml_chunks
    claimed = None if claimed_sheet_size is None else {"xl/worksheets/sheet1.xml": claimed_sheet_size}
    return _zip(members, claimed)


def _bomb_sheet(expanded_mb: int) -> list[tuple[bytes, int]]:
    cells = b"<c><v>1</v></c>" * 4096  # 60 KB of cells without positions: one row after another
    row = b"<row>" + cells + b"</row>"
    head = f'<?xml version="1.0"?><worksheet {_NS}><sheetData>{_HEADER_ROW}'.encode()
    return [(head, 1), (row, max(1, expanded_mb * 2**20 // len(row))), (b"</sheetData></worksheet>", 1)]


def xlsx_zip_bomb(expanded_mb: int = 480) -> bytes:
    """A workbook whose one sheet is `expanded_mb` MB of identical cells: ~400:1 under deflate,
    so 480 MB of XML arrive as a ~1.2 MB file that a reader believing it turns into millions of
    cells (gigabytes)."""
    return _xlsx(_bomb_sheet(expanded_mb))


def xlsx_lying_sizes(expanded_mb: int = 480) -> bytes:
    """The zip bomb with its headers claiming the sheet is 1 KB: a size check that believes the
    headers lets it through, so the readers themselves must stop at the claimed size."""
    return _xlsx(_bomb_sheet(expanded_mb), claimed_sheet_size=1024)


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

"""How many bytes a PDF's streams decode to, found without a PDF library and stopping at a budget.

PDFium inflates a page's content streams and turns every operator into an object in memory (a
400 KB file whose content stream expands to 200 MB took 6.3 GB and two minutes). Deflate reaches
~1,000:1, so the file size says nothing: the streams are inflated here, counting bytes and dropping
them, until the budget is passed. Images are left out (text extraction never decodes them). Filters
decoded: Flate, ASCIIHex, ASCII85, RunLength; a stream under any other filter counts at its stored
size, and an encrypted stream (its bytes do not inflate) at what inflates: the workers' time and
memory limits stop what this cannot see.
"""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_FILTERS = re.compile(rb"/Filter\s*(?:/([A-Za-z0-9]+)|\[([^\]]*)\])")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_DICT_WINDOW = 1 << 16  # a stream's dictionary starts at most this far before its data
_CHUNK = 1 << 20
_ALIASES = {b"Fl": b"FlateDecode", b"AHx": b"ASCIIHexDecode", b"A85": b"ASCII85Decode", b"RL": b"RunLengthDecode"}


def _filters(head: bytes) -> list[bytes]:
    m = _FILTERS.search(head)
    if not m:
        return []
    names = [m.group(1)] if m.group(1) else _NAME.findall(m.group(2))
    return [_ALIASES.get(n, n) for n in names]


def _length(head: bytes, raw: bytes) -> int | None:
    m = _LENGTH.search(head)
    if not m:
        return None
    if m.group(2) is None:
        return int(m.group(1))
    ref = re.search(rb"(?<!\d)%s\s+%s\s+obj\s*(\d+)\s*endobj" % (m.group(1), m.group(2)), raw)
    return int(ref.group(1)) if ref else None


def _inflated_size(data: bytes, budget: int) -> int:
    """Bytes `data` inflates to, stopping once past `budget`; a corrupt tail ends the count."""
    for wbits in (15, -15):  # zlib-wrapped, as the spec says, or bare deflate, which readers accept too
        d = zlib.decompressobj(wbits)
        total = 0
        try:
            buf = data
            while buf and total <= budget:
                total += len(d.decompress(buf, _CHUNK))
                buf = d.unconsumed_tail
        except zlib.error:
            if total == 0:
                continue
        return total
    return 0


def _run_length_size(data: bytes) -> int:
    total, i, n = 0, 0, len(data)
    while i < n:
        b = data[i]
        if b == 128:
            break
        if b < 128:
            total += b + 1
            i += b + 2
        else:
            total += 257 - b
            i += 2
    return total


def _decoded_size(data: bytes, filters: list[bytes], budget: int) -> int:
    for k, f in enumerate(filters):
        last = k == len(filters) - 1
        try:
            if f == b"ASCIIHexDecode":
                data = bytes.fromhex(re.sub(rb"\s|>.*", b"", data, flags=re.S).decode("ascii"))
            elif f == b"ASCII85Decode":
                data = base64.a85decode(data.strip().removesuffix(b"~>"), adobe=False, ignorechars=b" \t\n\r\x00\x0c")
            elif f == b"FlateDecode" and last:
                return _inflated_size(data, budget)
            elif f == b"RunLengthDecode" and last:
                return _run_length_size(data)
            else:
                return len(data)  # a filter not decoded here (LZW, or Flate before another filter)
        except ValueError:
            return len(data)
    return len(data)


def decoded_size(raw: bytes, budget: int) -> int:
    """Total decoded size of the PDF's streams other than images; stops counting once past `budget`."""
    total = 0
    pos = 0
    while total <= budget:
        m = _STREAM.search(raw, pos)
        if not m:
            break
        start = m.end()
        obj = raw.rfind(b"obj", max(0, m.start() - _DICT_WINDOW), m.start())
        head = raw[obj if obj >= 0 else max(0, m.start() - _DICT_WINDOW) : m.start() + 2]
        n = _length(head, raw)
        if n is None or start + n > len(raw) or raw[start + n : start + n + 12].lstrip()[:9] != b"endstream":
            end = raw.find(b"endstream", start)
            n = (end if end >= 0 else len(raw)) - start
        if not _IMAGE.search(head):
            total += _decoded_size(raw[start : start + n], _filters(head), budget - total)
        pos = start + n
    return total

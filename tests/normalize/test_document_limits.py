"""The size checks made before a reader opens a document (normalize.limits, normalize.pdf_streams)."""

from __future__ import annotations

import base64
import gzip
import io
import zipfile
import zlib

import pytest

from bench.hostile_inputs import _pdf
from greenchain.settings import DocumentLimits
from normalize.limits import ResourceLimitError, check_attachment, gunzip_capped
from normalize.pdf_streams import decoded_size

MB = 2**20


def test_a_snapshot_is_decompressed_only_up_to_the_document_cap():
    assert gunzip_capped(gzip.compress(b"x" * MB), DocumentLimits(document_mb=1)) == b"x" * MB
    with pytest.raises(ResourceLimitError, match=r"^resource limit: document larger than the 1.0 MB cap$"):
        gunzip_capped(gzip.compress(b"x" * (MB + 1)), DocumentLimits(document_mb=1))


def test_a_zip_of_too_many_members_is_refused_before_any_is_read():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(11):
            zf.writestr(f"m{i}.xml", "<x/>")
    with pytest.raises(ResourceLimitError, match="11 zip members, over the cap of 10"):
        check_attachment(buf.getvalue(), "xlsx", DocumentLimits(zip_members=10))
    check_attachment(b"not a zip at all", "xlsx")  # the reader says what is wrong with it


def _stream(data: bytes, extra: bytes = b"", length: bytes | None = None) -> bytes:
    return b"<< /Length " + (length or str(len(data)).encode()) + b" " + extra + b" >>\nstream\n" + data + b"\nendstream"


def test_pdf_streams_count_decoded_through_their_filter_chains():
    content = b"0 0 m 1 1 l S\n" * 10_000  # 140,000 bytes
    flate = zlib.compress(content)
    pdf = _pdf([
        b"<< /Type /Catalog >>",
        _stream(flate, b"/Filter /FlateDecode"),
        _stream(base64.a85encode(flate) + b"~>", b"/Filter [/ASCII85Decode /FlateDecode]"),
        _stream(flate.hex().encode() + b">", b"/Filter [/AHx /Fl]"),
        _stream(bytes([257 - 128, ord("x")]) * 10 + b"\x80", b"/Filter /RunLengthDecode"),  # 10 runs of 128
        _stream(flate, b"/Subtype /Image /Filter /FlateDecode"),  # images are not decoded to read text
        _stream(flate, b"/Filter /FlateDecode", length=b"8 0 R"),  # length in another object
        b"%d" % len(flate),
    ])  # fmt: skip
    assert decoded_size(pdf, 100 * MB) == 4 * len(content) + 1280


def test_pdf_stream_count_stops_past_its_budget():
    bomb = _pdf([b"<< /Type /Catalog >>", _stream(zlib.compress(b"\0" * (64 * MB)), b"/Filter /FlateDecode")])
    assert len(bomb) < 100_000
    assert MB < decoded_size(bomb, MB) <= 2 * MB  # stops within a chunk of the budget
    with pytest.raises(ResourceLimitError, match="PDF streams expand past the 1.0 MB cap"):
        check_attachment(bomb, "pdf", DocumentLimits(pdf_expanded_mb=1))

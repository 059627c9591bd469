"""What one document may cost before it is read: size caps checked on the bytes, before any parser.

A hostile site can serve a few hundred KB that a reader expands into gigabytes (a zip bomb posing as
an .xlsx, a PDF content stream of millions of drawing operations). These checks look at sizes the
file declares or that are cheap to compute, and refuse it with a ResourceLimitError (a quarantine
reason starting "resource limit:"). What they cannot see (an encrypted PDF, a format they do not
decode) is still stopped by the per-document time and memory limits of the workers (normalize.pool).
"""

from __future__ import annotations

import contextlib
import io
import zipfile
import zlib
from collections.abc import Iterator

from greenchain.settings import DocumentLimits
from normalize.layouts.base import QuarantineError

MB = 2**20
_current = DocumentLimits()


class ResourceLimitError(QuarantineError):
    """The document would cost more than a limit allows; the reason says which and by how much."""

    def __init__(self, detail: str, *, parser: str | None = None) -> None:
        super().__init__(f"resource limit: {detail}", parser=parser)


def current() -> DocumentLimits:
    return _current


@contextlib.contextmanager
def using(limits: DocumentLimits) -> Iterator[DocumentLimits]:
    """Apply `limits` in this process (and in workers forked meanwhile) for the duration."""
    global _current
    before, _current = _current, limits
    try:
        yield limits
    finally:
        _current = before


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def gunzip_capped(stored: bytes, limits: DocumentLimits | None = None) -> bytes:
    """A stored (gzipped) snapshot's bytes, refusing to expand it past the document cap."""
    cap = (limits or _current).document_mb * MB
    d = zlib.decompressobj(wbits=31)
    out = d.decompress(stored, cap + 1)
    if len(out) > cap:
        raise ResourceLimitError(f"document larger than the {_mb(cap)} cap")
    return out


def check_zip(raw: bytes, limits: DocumentLimits | None = None) -> None:
    """Refuse an .xlsx whose members declare more uncompressed bytes (or more members) than the caps.
    The declared sizes then bind: calamine and openpyxl stream a member and fail past its declared
    size, and the members read here whole are read with read_member."""
    lim = limits or _current
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip: the reader says why
    if len(infos) > lim.zip_members:
        raise ResourceLimitError(f"{len(infos)} zip members, over the cap of {lim.zip_members}")
    total = sum(i.file_size for i in infos)
    if total > lim.unzipped_mb * MB:
        raise ResourceLimitError(f"zip members expand to {_mb(total)}, over the {_mb(lim.unzipped_mb * MB)} cap")


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """A zip member's bytes, inflating no more than its declared size (+1). zipfile's read() would
    inflate a whole compressed chunk before cutting it to the declared size: a member claiming 1 KB
    and holding 480 MB takes 480 MB that way. Read like this, it fails its CRC check instead."""
    info = zf.getinfo(name)
    with zf.open(info) as f:
        return f.read(info.file_size + 1)


def check_attachment(raw: bytes, doc_type: str, limits: DocumentLimits | None = None) -> None:
    """The caps of one attachment type, checked before its reader opens it."""
    lim = limits or _current
    if len(raw) > lim.document_mb * MB:
        raise ResourceLimitError(f"document of {_mb(len(raw))}, over the {_mb(lim.document_mb * MB)} cap")
    if doc_type == "xlsx":
        check_zip(raw, lim)
    elif doc_type == "pdf":
        from normalize.pdf_streams import decoded_size

        cap = lim.pdf_expanded_mb * MB
        size = decoded_size(raw, cap)
        if size > cap:
            raise ResourceLimitError(f"PDF streams expand past the {_mb(cap)} cap")

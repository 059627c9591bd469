"""Decode list pages strictly: the declared charset first, then the registry's, noting a mislabel.

Detail pages are landed as raw bytes either way; only list pages have to be read here, and a
GBK page served as `charset=utf-8` must still yield its links and titles.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", content_type, re.IGNORECASE)
    return m.group(1) if m else None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """What the server claims: the Content-Type charset, else the HTML meta charset."""
    declared = header_charset(content_type)
    if declared:
        return declared.lower()
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode_body(body: bytes, content_type: str | None, registry_encoding: str) -> tuple[str, str, bool]:
    """Return (text, encoding used, mislabelled). Mislabelled: the declared charset does not decode."""
    return decode_declared(body, declared_charset(body, content_type), registry_encoding)


def decode_declared(body: bytes, declared_name: str | None, registry_encoding: str) -> tuple[str, str, bool]:
    """decode_body for a caller that has read the declared charset (`declared_charset`) already."""
    declared = _codec(declared_name)
    if not body.isascii():
        # Valid UTF-8 with non-ASCII bytes is practically never GBK text, while UTF-8 bytes often
        # decode "successfully" as GBK garbage: trust the bytes over a GBK label.
        try:
            return body.decode("utf-8"), "utf-8", declared is not None and declared != "utf-8"
        except UnicodeDecodeError:
            pass
    candidates = [declared, _codec(registry_encoding), "gb18030", "utf-8"]
    for enc in dict.fromkeys(c for c in candidates if c):
        try:
            return body.decode(enc), enc, declared is not None and enc != declared
        except UnicodeDecodeError:
            continue
    return body.decode("gb18030", errors="replace"), "gb18030", True

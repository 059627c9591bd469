"""Stable identifiers built from raw source values (before cleaning), so they never move."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WS = re.compile(r"\s+")


def canonical_raw(value: str | None) -> str:
    """Light canonical form of a raw value: NFKC and no whitespace.

    Only rendering noise is removed (full-width vs half-width, stray spaces), so a
    site re-rendering the same decision keeps its id; nothing semantic is changed.
    """
    if value is None:
        return ""
    return _WS.sub("", unicodedata.normalize("NFKC", value))


def stable_id(prefix: str, *parts: str | None, length: int = 20) -> str:
    """`prefix-<hex>` from the canonical raw parts, e.g. stable_id("rec", source_id, decision_no, party)."""
    h = hashlib.sha256("\x1f".join(canonical_raw(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{h[:length]}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

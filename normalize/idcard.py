"""Mask the ID-card numbers of natural persons (first 6 and last 4 kept) in every output field.

An 18-character resident ID is 6-digit region + birth date YYYYMMDD + 3 digits + check (digit or X).
A valid unified social credit code can look the same, so a token that passes the GB 32100 check is
left alone; anything else shaped like an ID with a plausible birth date is masked, checksum or not,
because a mistyped ID is still a person's ID.
"""

from __future__ import annotations

import re
from datetime import date

_ID18 = re.compile(r"(?<![0-9A-Za-z*])([1-9]\d{5})((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{3}[\dXx])(?![0-9A-Za-z*])")
# 15-digit IDs (pre-1999) collide with 15-digit business registration numbers: only masked where
# the text says it is an ID (身份证, 证件号码).
_ID15_LABELLED = re.compile(r"((?:身份证|证件)(?:号码|号)?\s*[:：]?\s*)([1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?!\d)")

# Both patterns need 15 digits in a row (an 18-digit ID 17): most values have none.
_DIGIT_RUN = re.compile(r"\d{15}")


def _plausible_birth(y: str, m: str, d: str) -> bool:
    try:
        born = date(int(y), int(m), int(d))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def mask_id_numbers(text: str) -> str:
    """Replace every natural-person ID number in `text` by its masked form, e.g. 320102********1234."""
    if not text or _DIGIT_RUN.search(text) is None:
        return text
    from normalize.uscc import uscc_checksum_ok

    def repl18(m: re.Match[str]) -> str:
        token = m.group(0)
        if not _plausible_birth(m.group(2), m.group(3), m.group(4)) or uscc_checksum_ok(token):
            return token
        return token[:6] + "*" * 8 + token[-4:]

    out = _ID18.sub(repl18, text)
    return _ID15_LABELLED.sub(lambda m: m.group(1) + mask_id_number(m.group(2)), out)


def mask_id_number(value: str) -> str:
    """Mask one value known to be an ID number (an 证件号码 field), whatever its shape."""
    v = value.strip()
    if "*" in v or len(v) < 10:
        return v
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


_MASKED_ID = re.compile(r"^[1-9]\d{5}\*{4,8}\d{3}[\dXx*]$|^[1-9]\d{5}\*{5,}\d{4}$")


def looks_like_id_number(value: str) -> bool:
    """True for a resident ID number (plain or masked) printed where a code is expected: attachment
    tables put a natural person's ID in the 统一社会信用代码 column."""
    v = value.strip().replace(" ", "")
    if _MASKED_ID.match(v):
        return True
    m = _ID18.fullmatch(v)
    if not m:
        return False
    from normalize.uscc import uscc_checksum_ok

    return _plausible_birth(m.group(2), m.group(3), m.group(4)) and not uscc_checksum_ok(v)

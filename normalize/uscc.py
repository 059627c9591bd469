"""Unified social credit codes (GB 32100-2015) and the older codes they replaced.

python-stdnum's `cn.uscc` is used where it applies, but it refuses letters in positions 1–8, which
real codes have (e.g. Y-prefixed), so the GB 32100 check is implemented here as the gate.
Early Fujian/Xiamen pilot codes are legal yet fail the checksum: they are flagged `pilot`, kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from normalize.record import UsccStatus

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(r"^[0-9A-HJ-NP-RTUWXY]{18}$")
_PILOT_REGION = "35"  # Fujian (incl. Xiamen 3502)
_SPACE_DASH = re.compile(r"[\s\-]")
_SPACE = re.compile(r"\s")
_REG_NO = re.compile(r"\d{15}")


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for 17 code characters."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_checksum_ok(code: str) -> bool:
    code = code.upper()
    return bool(_SHAPE.match(code)) and uscc_check_char(code[:17]) == code[17]


@lru_cache(maxsize=16384)  # python-stdnum costs ~0.1 ms a code; a party's code recurs across records
def _stdnum_agrees(code: str) -> bool:
    """python-stdnum's verdict where it applies (digits in positions 1–8); True where it does not."""
    if not code[:8].isdigit():
        return True
    from stdnum.cn import uscc as std_uscc

    return bool(std_uscc.is_valid(code))


def classify_uscc(raw: str | None) -> tuple[str | None, UsccStatus]:
    """Return (code as kept, status). Valid and pilot codes are upper-cased and compacted; masked
    codes are kept exactly as published; invalid codes are kept raw."""
    if raw is None or not raw.strip() or raw.strip() in {"-", "/", "无", "空"}:
        return None, UsccStatus.ABSENT
    value = raw.strip()
    if "*" in value:
        return value, UsccStatus.MASKED
    code = _SPACE_DASH.sub("", value).upper()
    if _SHAPE.match(code):
        if uscc_checksum_ok(code) and _stdnum_agrees(code):
            return code, UsccStatus.VALID
        if code[2:4] == _PILOT_REGION:
            return code, UsccStatus.PILOT
    return value, UsccStatus.INVALID


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_SHAPE = re.compile(r"^([0-9A-Z]{8})-?([0-9X])$")


def org_code_ok(code: str) -> bool:
    """GB 11714 organization code check (8 characters + check digit or X)."""
    m = _ORG_SHAPE.match(code.upper())
    if not m:
        return False
    body, check = m.groups()

    def val(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - 55

    r = 11 - sum(val(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    want = "X" if r == 10 else "0" if r == 11 else str(r)
    return want == check


def normalize_org_code(raw: str | None) -> tuple[str | None, str | None]:
    """(org code as XXXXXXXX-X, warning or None). Masked or invalid codes are kept raw and warned."""
    if not raw or not raw.strip():
        return None, None
    v = raw.strip()
    if "*" in v:
        return v, None
    compact = v.replace("-", "").upper()
    if len(compact) == 9 and org_code_ok(compact):
        return f"{compact[:8]}-{compact[8]}", None
    return v, f"organization code fails GB 11714 check: {v}"


def normalize_reg_no(raw: str | None) -> tuple[str | None, str | None]:
    """(15-digit registration number, warning or None)."""
    if not raw or not raw.strip():
        return None, None
    v = _SPACE.sub("", raw)
    if "*" in v or _REG_NO.fullmatch(v):
        return v, None
    return v, f"registration number is not 15 digits: {v}"


def split_code_cell(value: str) -> dict[str, str]:
    """A 行政相对人代码 cell may hold a USCC, a 15-digit reg no or a 9-char org code: say which."""
    v = _SPACE.sub("", value)
    compact = v.replace("-", "")
    if len(compact) == 18 or "*" in v:
        return {"uscc": v}
    if _REG_NO.fullmatch(compact):
        return {"reg_no": v}
    if len(compact) == 9:
        return {"org_code": v}
    return {"uscc": v}

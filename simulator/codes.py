"""Identifier codes with real check characters: USCC (GB 32100), organization code (GB 11714), ID card (GB 11643).

The simulator must publish codes that are valid by the standards (so a parser that checks them
accepts them) and, on purpose, some that are not (so the checks are exercised).
"""

from __future__ import annotations

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character for the first 17 characters."""
    v = _USCC_VALUE
    total = sum(map(int.__mul__, [v[c] for c in first17], _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    return len(code) == 18 and all(c in _USCC_VALUE for c in code) and uscc_check_char(code[:17]) == code[17]


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character of an 8-character organization code body (digits and capitals)."""
    total = sum(map(int.__mul__, [int(c, 36) for c in body8], _ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def make_uscc(authority: str, entity_type: str, division_code: str, org_body8: str) -> str:
    """A valid USCC: registering authority, entity type, GB/T 2260 code, organization code, check."""
    first17 = authority + entity_type + division_code + org_body8 + org_code_check_char(org_body8)
    return first17 + uscc_check_char(first17)


def id_card_check_char(first17: str) -> str:
    """GB 11643 check character of a resident identity card number."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def make_id_card(division_code: str, birth_yyyymmdd: str, seq3: str) -> str:
    first17 = division_code + birth_yyyymmdd + seq3
    return first17 + id_card_check_char(first17)

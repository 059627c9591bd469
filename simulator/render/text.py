"""Print variants (traditional characters, full-width digits, stray spaces) and value formatting
shared by every renderer, so a page and the truth agree on the exact raw strings."""

from __future__ import annotations

from functools import lru_cache
from html import escape

import opencc

from simulator.publications import Party, Record
from simulator.vocab import chinese_date, fine_wan_cell, format_date

_FULLWIDTH = {
    c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()[]:.,"
}
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@lru_cache(maxsize=65536)
def variant(text: str, kind: str) -> str:
    """The text as a site with this print habit shows it."""
    if not kind or not text:
        return text
    if kind == "traditional":
        return _s2t().convert(text)
    if kind == "fullwidth":
        return text.translate(_FULLWIDTH_TABLE)
    if kind == "spaces":
        # One stray space after the second character, as when a name was typed into a fixed-width
        # cell; only in Chinese text, so codes and dates stay intact.
        cjk = all("\u4e00" <= c <= "\u9fff" for c in text[:3])
        return text[:2] + " " + text[2:] if len(text) > 4 and cjk else text
    raise ValueError(f"unknown print variant {kind!r}")


PARTY_CATEGORY = {
    "company": "法人及非法人组织",
    "sole_proprietor": "个体工商户",
    "individual": "自然人",
    "public_institution": "法人及非法人组织",
}
PENALTY_KIND_NAMES = {
    "fine": "罚款",
    "suspend_production": "责令停产整治",
    "detention_referral": "移送公安机关行政拘留",
    "order_to_correct": "责令改正",
}


def basis_text(record: Record) -> str:
    return "、".join(f"{law}{article}" for law, article in record.legal_basis)


def penalty_category(record: Record) -> str:
    return "、".join(PENALTY_KIND_NAMES[k] for k in record.penalty_kinds)


def fine_total_wan(record: Record) -> str:
    return fine_wan_cell(record.fine_yuan) if record.fine_yuan is not None else ""


def printed_date(record: Record, which: str = "decision") -> str:
    d = record.decision_date if which == "decision" else record.publish_date
    return format_date(d, record.date_style) if d else ""


def code_label_and_value(party: Party) -> tuple[str, str]:
    if party.party_type == "individual":
        return "身份证号码", party.id_no or ""
    return "统一社会信用代码", party.uscc or ""


def e(text: object) -> str:
    return escape(str(text), quote=True)


def closing_date(record: Record) -> str:
    """Decision documents end with the date in Chinese numerals: 二〇二三年五月十二日."""
    assert record.decision_date is not None
    return chinese_date(record.decision_date)

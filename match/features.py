"""Name variants and region/address evidence: the rows that blocking indexes and scoring compares.

Every registry company contributes several variants: its registered name, former names and aliases
(Chinese), their pinyin renderings, and its English name. A query contributes one variant in its
own language, so Chinese queries meet Chinese variants and English queries meet English and pinyin ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from match.names import clean_zh, is_chinese, parse_en_name, parse_zh_name, zh_as_en
from match.regions import code_prefix, gazetteer

_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_EN_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class Variant:
    """One spelling of a company name, parsed: what blocking keys and scoring read."""

    lang: str  # "zh" | "en"
    kind: str  # name | former | alias | english | pinyin | query
    name: str  # as written
    core: str  # zh: trade + industry; en: "trade industry…"
    trade: str
    industry: str  # industry words, space-joined
    xkey: str  # exact-match key
    branch: str | None
    codes: frozenset[str]  # division-code prefixes named in the name itself
    regions: str = ""  # zh: the region names as written in the name (苏州市吴中区), for cut-off region checks
    family: str = ""  # zh: company | other | sole | "" (match.names.form_family)
    masked: bool = False  # zh: characters hidden (**建材厂): not a name anyone can be found by
    parents: tuple[str, ...] = ()  # zh, a unit (branch, plant): the names it belongs to, nearest first


def zh_variant(name: str, kind: str) -> Variant:
    z = parse_zh_name(name)
    codes = gazetteer().name_codes(z.regions)
    # a unit is its place and its kind: 常熟分公司 and 常熟经营部 are two units of one company
    branch = z.branch if z.branch in (None, "-") else z.branch + z.unit
    return Variant("zh", kind, name, "" if z.masked else z.core, "" if z.masked else z.trade, " ".join(z.industry),
                   z.key, branch, codes, "".join(z.regions), z.family, z.masked, z.parents)


def pinyin_variant(name: str, kind: str = "pinyin") -> Variant:
    z = parse_zh_name(name)
    e = zh_as_en(z)
    return Variant("en", kind, name, e.full, e.trade, " ".join(e.industry), e.key, e.branch,
                   gazetteer().codes(z.regions))


def en_variant(name: str, kind: str) -> Variant:
    e = parse_en_name(name)
    return Variant("en", kind, name, e.full, e.trade, " ".join(e.industry), e.key, e.branch,
                   gazetteer().pinyin_codes(e.regions))


def query_variant(name: str) -> Variant:
    return zh_variant(name, "query") if is_chinese(name) else en_variant(name, "query")


def registry_variants(name: str, former: Iterable[str] = (), aliases: Iterable[str] = (),
                      english: str | None = None) -> list[Variant]:
    """All variants of one registry company. Pinyin is made for registered and former names only:
    aliases are short forms nobody translates."""
    out = [zh_variant(name, "name") if is_chinese(name) else en_variant(name, "name")]
    if is_chinese(name):
        out.append(pinyin_variant(name))
    for f in former:
        if f and f != name:
            out.append(zh_variant(f, "former") if is_chinese(f) else en_variant(f, "former"))
            if is_chinese(f):
                out.append(pinyin_variant(f, "former_pinyin"))
    for a in aliases:
        if a:
            out.append(zh_variant(a, "alias") if is_chinese(a) else en_variant(a, "alias"))
    if english:
        out.append(en_variant(english, "english"))
    return out


def valid_uscc(value: str | None) -> str | None:
    """The USCC upper-cased if it has the GB 32100 shape, else None (masked, old codes, garbage).

    Shape, not checksum: early Fujian pilot codes are legal yet fail the checksum (DOMAIN.md §4).
    """
    if not value:
        return None
    v = value.strip().upper()
    return v if _USCC.match(v) else None


@dataclass(frozen=True, slots=True)
class Address:
    rest: str  # Chinese address without its leading region names ("" for English addresses)
    codes: frozenset[str]  # regions the address names


def parse_address(address: str | None) -> Address:
    """Region evidence and comparable remainder of an address, Chinese or English."""
    if not address:
        return Address("", frozenset())
    gaz = gazetteer()
    if is_chinese(address):
        text = clean_zh(address)
        regions, rest = gaz.strip_prefix_regions(text, keep=0, max_regions=3)
        return Address(rest, gaz.codes(regions))
    words = _EN_WORD.findall(address.lower())
    # Province and city names in English addresses ("Kunshan, Jiangsu"); two-word forms too (xi an).
    tokens = set(words) | {a + b for a, b in zip(words, words[1:], strict=False)}
    return Address("", gaz.pinyin_codes(t for t in tokens if len(t) >= 4))


def division_codes(*codes: str | None) -> frozenset[str]:
    """Division codes (6 digits) → their containment prefixes; blanks ignored."""
    return frozenset(code_prefix(c) for c in codes if c and len(c) == 6 and c.isdigit())

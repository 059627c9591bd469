"""The party (行政相对人): normalized name and party type."""

from __future__ import annotations

import re

from normalize.record import PartyType
from normalize.taxonomy import Taxonomy
from normalize.text import clean, drop_cjk_spaces

_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,3}[*某]{1,3}$|^[\u4e00-\u9fff]{1,2}·[\u4e00-\u9fff]{1,8}$")


def normalize_party_name(raw: str) -> str:
    """Simplified, half-width, stray spaces between Chinese characters removed, company form kept."""
    return drop_cjk_spaces(clean(raw)).strip(" :;,.")


def party_type(name: str, *, category: str | None, uscc: str | None, taxonomy: Taxonomy) -> tuple[PartyType, str | None]:
    """(party type, warning or None). The printed category narrows the choice, then a keyword in the
    name (个体工商户), the USCC's entity type and the name's form decide; a name that fits no rule is
    typed by its category's first type, or company, with a warning saying it was assumed."""
    rules = taxonomy.party
    allowed: list[PartyType] | None = None
    warning = None
    if category:
        cat = clean(category).replace(" ", "")
        allowed = rules.categories.get(cat)
        if allowed is None:
            warning = f"unknown party category: {cat}"
        elif len(allowed) == 1:
            return allowed[0], None
    for guess in _guesses(name, uscc, taxonomy):
        if allowed is None or guess in allowed:
            return guess, warning
    if allowed:
        return allowed[0], warning
    return PartyType.COMPANY, warning or f"party type not recognizable from name {name!r}; assumed company"


def _guesses(name: str, uscc: str | None, taxonomy: Taxonomy) -> list[PartyType]:
    """Party types the evidence points to, strongest first."""
    rules = taxonomy.party
    out: list[PartyType] = []
    for r in rules.name_rules:
        for k in r.keywords:
            if k in name:
                out.append(r.type)
                break
    if uscc and len(uscc) == 18 and "*" not in uscc[:2] and uscc[:2] in rules.uscc_prefixes:
        out.append(rules.uscc_prefixes[uscc[:2]])
    out.extend(r.type for r in rules.name_rules if r.suffixes and name.endswith(tuple(r.suffixes)))
    if _PERSON.match(name):
        out.append(PartyType.INDIVIDUAL)
    return out

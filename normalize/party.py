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
    """(party type, warning or None). The printed category wins, then the USCC's entity type, then the
    name's form; a name that fits no rule is typed company with a warning saying it was assumed."""
    rules = taxonomy.party
    if category:
        cat = clean(category).replace(" ", "")
        if cat in rules.categories:
            return rules.categories[cat], None
        return _from_name_or_code(name, uscc, taxonomy)[0], f"unknown party category: {cat}"
    return _from_name_or_code(name, uscc, taxonomy)


def _from_name_or_code(name: str, uscc: str | None, taxonomy: Taxonomy) -> tuple[PartyType, str | None]:
    rules = taxonomy.party
    for rule in rules.name_rules:
        if any(k in name for k in rule.keywords):
            return rule.type, None
    if uscc and len(uscc) == 18 and "*" not in uscc[:2] and uscc[:2] in rules.uscc_prefixes:
        return rules.uscc_prefixes[uscc[:2]], None
    for rule in rules.name_rules:
        if any(name.endswith(s) for s in rule.suffixes):
            return rule.type, None
    if _PERSON.match(name):
        return PartyType.INDIVIDUAL, None
    return PartyType.COMPANY, f"party type not recognizable from name {name!r}; assumed company"

"""Labelled queries generated from a company universe, for calibration and the benchmark.

Each query is a registry company's name as real sources mangle it (region dropped or bracketed,
other form, typo, traditional characters, widths and spaces, former name; in English: the
self-translated name or pinyin with suffix and spacing variants), with or without an address and
a location hint, labelled with the true company_id. "Outsiders" are companies of another universe
(not in the registry) whose names often equal registry near-namesakes: any auto-match on them is a
false positive.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

import opencc

from greenchain.registry_build import divisions_by_code
from simulator.companies import INDUSTRIES, TRADE_CHARS, Company, pinyin_title

_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")
_SPACES = re.compile(r"[\s\u200b\u3000\ufeff]+")


def plain_text(text: str) -> str:
    """A name with what the script and width noises change undone: NFKC widths, simplified script,
    round brackets, no spaces. (The generator's own undoing, for the ceiling; not the engine's.)"""
    t = _T2S.convert(unicodedata.normalize("NFKC", text))
    return _SPACES.sub("", t.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")"))
_FORMS = ("股份有限公司", "有限责任公司", "有限公司")
_EN_FORMS = ("Co., Ltd.", "Co.,Ltd", "Company Limited", "Co. Ltd", "Limited", "Corp.", "")


@dataclass(frozen=True)
class GoldQuery:
    """One labelled query: what a source prints about a party (name, address, code, where the source
    sits) and the company it really is. Plain values: the generator knows nothing of the engine."""

    key: str
    name: str
    address: str | None
    uscc: str | None
    hints: tuple[str, ...]  # division codes where the source places the party
    truth: str | None  # company_id, None for an outsider
    lang: str
    noise: str
    place: str = ""  # division code of the company the query was made from (an outsider's too)


def _typo(name: str, trade_hint: str, rng: random.Random) -> str:
    # One character of the trade-name area replaced, dropped or doubled (OCR and typing slips).
    idx = [i for i, ch in enumerate(name) if ch in TRADE_CHARS]
    if not idx:
        return name
    i = rng.choice(idx)
    r = rng.random()
    if r < 0.6:
        return name[:i] + rng.choice(TRADE_CHARS) + name[i + 1:]
    if r < 0.8:
        return name[:i] + name[i + 1:]
    return name[:i] + name[i] + name[i:]


def _drop_region(c: Company) -> str:
    name = re.sub(r"\([^)]*\)|（[^）]*）", "", c.name)
    d = divisions_by_code().get(c.division_code)
    if d is None:
        return name
    for r in sorted({x for x in (c.province, c.city, c.county, d.short,
                                  divisions_by_code()[d.province_code].short,
                                  divisions_by_code()[d.city_code].short if d.city_code else None) if x},
                    key=lambda x: (-len(x), x)):  # not set order: that changes with the hash seed
        if name.startswith(r):
            name = name[len(r):]
    for r in (c.county, c.city):
        if r and name.startswith(r):
            name = name[len(r):]
    return name


def _bracket_region(c: Company) -> str:
    d = divisions_by_code()[c.division_code]
    city = divisions_by_code()[d.city_code].short if d.city_code else d.short
    body = _drop_region(c)
    for f in (*_FORMS, "厂"):
        if body.endswith(f) and len(body) > len(f):
            return f"{body[: -len(f)]}（{city}）{f}"
    return body


def _swap_form(name: str, rng: random.Random) -> str:
    for f in _FORMS:
        if name.endswith(f):
            return name[: -len(f)] + rng.choice([x for x in _FORMS if x != f])
    return name


def zh_query_name(c: Company, rng: random.Random) -> tuple[str, str]:
    """(name as a source prints it, noise label)."""
    noises = ["clean", "drop_region", "bracket_region", "form", "typo", "traditional", "width_spaces", "former"]
    weights = [15, 14, 8, 13, 10, 12, 10, 6]
    noise = rng.choices(noises, weights)[0]
    if noise == "former" and not c.former_names:
        noise = "form"
    name = c.name
    if noise == "drop_region":
        name = _drop_region(c)
    elif noise == "bracket_region":
        name = _bracket_region(c)
    elif noise == "form":
        name = _swap_form(name, rng)
    elif noise == "typo":
        name = _typo(name, "", rng)
    elif noise == "traditional":
        name = _S2T.convert(name)
    elif noise == "width_spaces":
        name = name.replace("(", "（").replace(")", "）")
        name = name[:2] + " " + name[2:] if rng.random() < 0.5 else name.replace("有限", "有 限")
    elif noise == "former":
        name = rng.choice(c.former_names)
    if rng.random() < 0.2 and noise not in ("typo",):  # a second, milder slip
        name = _swap_form(name, rng) if rng.random() < 0.5 else _S2T.convert(name)
        noise += "+"
    return name, noise


def _en_region(c: Company) -> str:
    d = divisions_by_code()[c.division_code]
    return pinyin_title(divisions_by_code()[d.city_code].short if d.city_code else d.short)


def en_query_name(c: Company, rng: random.Random) -> tuple[str, str]:
    """An English name for the company: its own English name with variants, or a pinyin rendering."""
    if c.english_name and rng.random() < 0.75:
        name = c.english_name
        noise = "english"
        r = rng.random()
        if r < 0.3:
            for f in ("Co., Ltd.", "Group Co., Ltd.", "Factory", "L.P."):
                if name.endswith(f) or f" {f} " in name:
                    name = name.replace(f, rng.choice(_EN_FORMS), 1).strip()
                    break
            noise += "+form"
        elif r < 0.45:
            name = name.upper()
            noise += "+upper"
        elif r < 0.6 and not c.parent_company_id:
            parts = name.split(" ", 1)
            name = parts[1] if len(parts) > 1 and "(" not in name else re.sub(r" \([^)]*\)", "", name)
            noise += "+drop_region"
        return name, noise
    trade_zh, industry_en, has_region, branch_zh = _zh_parts(c)
    trade = pinyin_title(trade_zh)
    if rng.random() < 0.3 and len(trade_zh) >= 2:  # "Jin Xiang" instead of "Jinxiang"
        trade = " ".join(pinyin_title(ch) for ch in trade_zh)
    region = _en_region(c) + " " if has_region or rng.random() < 0.5 else ""
    branch = f" {pinyin_title(branch_zh)} Branch" if branch_zh else ""
    return f"{region}{trade} {industry_en} {rng.choice(_EN_FORMS)}{branch}".replace("  ", " ").strip(), "pinyin"


_INDUSTRY_EN = sorted(((zh, en) for zh, en, _ in INDUSTRIES), key=lambda t: -len(t[0]))


def _zh_parts(c: Company) -> tuple[str, str, bool, str | None]:
    """(trade name, English industry words, whether the name carries its region, branch place) of a
    universe company, read with the universe's own vocabulary (not the engine's parser)."""
    name = re.sub(r"\([^)]*\)|（[^）]*）", "", c.name)
    branch = None
    m = re.search(r"(有限公司|有限责任公司|股份有限公司)(.+)分公司$", name)
    if m:
        branch = m.group(2)
        name = name[: m.start(2)]
    body = _drop_region(Company(c.company_id, name, c.uscc, division_code=c.division_code, province=c.province,
                                city=c.city, county=c.county))
    has_region = body != name
    for f in (*_FORMS, "集团有限公司", "合伙企业", "厂"):
        if body.endswith(f):
            body = body[: -len(f)]
            break
    for zh, en in _INDUSTRY_EN:
        if body.endswith(zh) and len(body) > len(zh):
            return body[: -len(zh)], en, has_region, branch
    return body, "", has_region, branch


def en_address(c: Company) -> str:
    d = divisions_by_code()[c.division_code]
    parts = []
    if d.county:
        parts.append(pinyin_title(d.short))
    if d.city_code:
        parts.append(pinyin_title(divisions_by_code()[d.city_code].short))
    parts.append(pinyin_title(divisions_by_code()[d.province_code].short))
    return ", ".join(parts) + ", China"


_ROADS = ("人民路", "建设路", "工业大道", "滨江路", "新华街", "发展大道", "经二路")


def _zh_address(c: Company, rng: random.Random) -> str:
    a = c.address
    if rng.random() < 0.3 and c.province and a.startswith(c.province):
        a = a[len(c.province):]  # sources often leave the province out
    r = rng.random()
    if r < 0.2:  # the facility's address, not the registered one: same place, another street
        a = re.sub(r"[^市区县镇道]{2,4}(路|大道|街)\d+号.*$", f"{rng.choice(_ROADS)}{rng.randint(1, 999)}号", a)
    elif r < 0.35:  # same street, another number, or the number left out
        a = re.sub(r"\d+(号|组)", lambda m: f"{rng.randint(1, 999)}{m.group(1)}" if rng.random() < 0.5 else "", a)
    return a


def make_gold_queries(companies: list[Company], outsiders: list[Company], n: int, lang: str, seed: int,
                      outsider_share: float = 0.1) -> list[GoldQuery]:
    """`n` labelled queries in `lang` ("zh" or "en"); about `outsider_share` of them are outsiders."""
    rng = random.Random(f"gold:{seed}:{lang}")
    out: list[GoldQuery] = []
    for k in range(n):
        outsider = bool(outsiders) and rng.random() < outsider_share
        c = rng.choice(outsiders if outsider else companies)
        if lang == "zh":
            name, noise = zh_query_name(c, rng)
            address = _zh_address(c, rng) if rng.random() < 0.6 else None
        else:
            name, noise = en_query_name(c, rng)
            address = en_address(c) if rng.random() < 0.6 else None
        hints = (c.division_code,) if lang == "zh" and rng.random() < 0.7 else ()
        out.append(GoldQuery(f"{lang}-{k}", name, address, None, hints, None if outsider else c.company_id, lang,
                             ("outsider:" if outsider else "") + noise, c.division_code))
    return out

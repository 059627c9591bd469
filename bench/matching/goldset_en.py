"""English gold queries: what a brand's supplier list says about a registry company in English
(its own English name with suffix, case and region variants, or a pinyin rendering of its Chinese
name). Kept apart from the Chinese generator (goldset.py) so the English side can grow on its own;
like it, this imports nothing of match/.
"""

from __future__ import annotations

import random
import re

from greenchain.registry_build import divisions_by_code
from simulator.companies import INDUSTRIES, Company, pinyin_title

_EN_FORMS = ("Co., Ltd.", "Co.,Ltd", "Company Limited", "Co. Ltd", "Limited", "Corp.", "")
_FORMS = ("集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "合伙企业", "厂")


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
    for f in _FORMS:
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
    return name

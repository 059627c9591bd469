"""Labelled queries generated from a company universe (the simulator's), for calibration and the benchmark.

A Chinese query is a registry company as a real source prints it: its name through the kinds of
variation seen in real names (bench.matching.variants, each kind with the real name it was seen
in), with or without an address, a location hint (where the publishing bureau sits) and a USCC,
labelled with the company it really is. An unregistered branch or plant of a company is labelled
with that company (the relation `branch_of`). Outsiders are parties that are not in the registry,
so any automatic match on them is a false positive: firms of another universe, namesakes of a
registry firm in another city, one-character siblings in its own city, sole proprietorships with
its trade name, natural persons.

English queries come from goldset_en. Neither module imports the engine (its lexicon, parser or
keys): the generator knows names only as the universe wrote them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from bench.matching import variants as v
from bench.matching.goldset_en import en_address, en_query_name
from greenchain.registry_build import Division, divisions_by_code
from simulator.codes import make_uscc
from simulator.companies import TRADE_CHARS, Company

# How often each kind of variation is drawn for a registry company (a second, mild one is added to
# a fifth of the names). Official documents copy the registered name, so the plain name leads.
ZH_KINDS: tuple[tuple[str, float], ...] = (
    ("clean", 16), ("traditional", 7), ("mixed_script", 3), ("pinyin_injected", 3), ("form_swap", 10),
    ("form_cut", 2), ("region_dropped", 9), ("region_added", 5), ("region_bracketed", 5), ("brackets", 3),
    ("spaces", 5), ("former", 4), ("branch", 5), ("facility", 2), ("typo", 4), ("short_name", 2),
)
OUTSIDER_KINDS: tuple[tuple[str, float], ...] = (
    ("other_universe", 4), ("namesake_elsewhere", 3), ("sibling", 2), ("sole_proprietor", 1), ("person", 1),
)
_MILD = ("traditional", "spaces", "form_swap", "brackets")
# Branch-like units named after their parent (014, 019, 030, 064) and how common each is.
BRANCH_SUFFIXES: tuple[tuple[str, float], ...] = (
    ("分公司", 8), ("分厂", 2), ("经营部", 1), ("项目部", 1), ("加油站", 0.5), ("经营处", 0.3), ("营业部", 0.5),
)
_PLANTS = ("污水处理厂", "热电厂", "一厂", "二厂", "生产基地", "分厂")
_ROADS = ("人民路", "建设路", "工业大道", "滨江路", "新华街", "发展大道", "经二路")
_FORMS_3 = ("股份有限公司", "有限责任公司", "有限公司")


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


# --- a universe company's name in parts ------------------------------------------------------


def _division(c: Company) -> Division:
    return divisions_by_code()[c.division_code]


def _city(d: Division) -> Division:
    return divisions_by_code()[d.city_code] if d.city_code else d


def _region_words(c: Company) -> list[str]:
    """The ways this company's region can be written in front of its name, longest first."""
    d = _division(c)
    words = {c.province, c.city, c.county, d.short, divisions_by_code()[d.province_code].short, _city(d).short}
    if c.city and c.county:
        words.add(c.city + c.county)
    return sorted((w for w in words if w), key=lambda w: (-len(w), w))  # not set order: it follows the hash seed


def parts_of(c: Company) -> v.NameParts:
    """Region as written, body, form and branch suffix of a universe company's name."""
    name = c.name
    branch = ""
    m = re.search(r"(有限公司|有限责任公司|股份有限公司|公司)([^()（）]{1,12}(?:第\d)?分公司)$", name)
    if m:
        branch = m.group(2)
        name = name[: m.start(2)]
    region = ""
    for _ in range(2):  # 苏州市 + 吴中区
        hit = next((w for w in _region_words(c) if name.startswith(w) and len(name) > len(w) + 2), None)
        if hit is None:
            break
        region += hit
        name = name[len(hit):]
    rest, form = v.split_form(name)
    rest = re.sub(r"（[^）]*）$|\([^)]*\)$", "", rest) if form else rest  # 金像电子（苏州）有限公司: region, not body
    return v.NameParts(region, rest, form, branch)


def _place_name(c: Company) -> str:
    d = _division(c)
    return _city(d).short


def _county_or_city(c: Company, rng: random.Random) -> tuple[str, str]:
    """(place word, division code) of another county of the company's city, for a branch or plant there."""
    d = _division(c)
    city = _city(d)
    counties = [x for x in divisions_by_code().values() if x.city_code == city.code and x.county and x.code != d.code]
    if not counties:
        return city.short, city.code
    x = counties[rng.randrange(len(counties))]
    return x.short, x.code


# --- Chinese queries -------------------------------------------------------------------------


def _weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], [w for _, w in table])[0]


def zh_query_name(c: Company, rng: random.Random) -> tuple[str, str, str | None]:
    """(name as a source prints it, kind of variation, division code of the branch or plant named
    instead of the company, if any)."""
    kind = _weighted(rng, ZH_KINDS)
    p = parts_of(c)
    name, where = c.name, None
    if kind == "former" and not c.former_names:
        kind = "form_swap"
    if kind in ("branch", "facility", "short_name") and (c.parent_company_id or p.form in ("", "厂")):
        kind = "clean"  # a branch's branch or short name, a factory's branch: not shapes real names take
    if kind == "typo":
        name = v.typo(p, rng) or name
        kind = kind if name != c.name else "clean"
    elif kind == "traditional":
        name = v.traditional(name)
    elif kind == "mixed_script":
        name = v.mixed_script(name, rng)
    elif kind == "pinyin_injected":
        name = v.pinyin_injected(name, rng)
    elif kind == "form_swap":
        name = v.form_swap(name)
    elif kind == "form_cut":
        name = v.form_cut(name)
    elif kind == "region_dropped":
        name = v.region_dropped(p)
    elif kind == "region_added":
        d = _division(c)
        prefix = rng.choice([x for x in (divisions_by_code()[d.province_code].name, _city(d).name) if x])
        name = v.region_added(p, prefix)
    elif kind == "region_bracketed":
        name = v.region_bracketed(v.NameParts("", p.body, p.form, p.branch), _place_name(c))
    elif kind == "brackets":
        name = v.bracket_width(name, rng) if re.search(r"[()（）]", name) else name
    elif kind == "spaces":
        name = v.spaced(name, rng)
    elif kind == "former":
        name = rng.choice(c.former_names)
    elif kind == "branch":
        place, where = _county_or_city(c, rng)
        name = v.branch(c.name, place, _weighted(rng, BRANCH_SUFFIXES))
    elif kind == "facility":
        place, where = _county_or_city(c, rng)
        name = v.facility(c.name, place + rng.choice(_PLANTS))
    elif kind == "short_name":
        name = p.body
    if rng.random() < 0.2 and kind not in ("typo", "short_name"):
        mild = rng.choice(_MILD)
        name = {"traditional": v.traditional, "form_swap": v.form_swap}.get(mild, lambda x: x)(name)
        if mild == "spaces":
            name = v.spaced(name, rng)
        elif mild == "brackets":
            name = v.bracket_width(name, rng)
        kind += "+" + mild
    return name, kind, where


def _zh_address(c: Company, rng: random.Random, where: str | None = None) -> str:
    a = c.address
    if where is not None:  # a branch or plant: its own place in the company's city
        d = divisions_by_code()[where]
        return f"{d.province}{d.city or ''}{d.county or ''}{rng.choice(_ROADS)}{rng.randint(1, 999)}号"
    if rng.random() < 0.3 and c.province and a.startswith(c.province):
        a = a[len(c.province):]  # sources often leave the province out (003, 011, 034)
    r = rng.random()
    if r < 0.2:  # the facility's address, not the registered one: same place, another street
        a = re.sub(r"[^市区县镇道]{2,4}(路|大道|街)\d+号.*$", f"{rng.choice(_ROADS)}{rng.randint(1, 999)}号", a)
    elif r < 0.35:  # same street, another number, or the number left out
        a = re.sub(r"\d+(号|组)", lambda m: f"{rng.randint(1, 999)}{m.group(1)}" if rng.random() < 0.5 else "", a)
    return a


def _random_uscc(code: str, rng: random.Random, kind: str = "1") -> str:
    return make_uscc("9", kind, code, f"{rng.randrange(100_000_000):08d}")


class _Outsiders:
    """Parties that are not in the registry, made next to registry firms (or from another universe)."""

    def __init__(self, companies: list[Company], others: list[Company], registered: set[str]) -> None:
        self.companies = companies
        self.others = others
        self.registered = registered
        heads = [c for c in companies if not c.parent_company_id]
        self.heads = heads or companies
        cities: dict[str, list[str]] = {}
        for d in divisions_by_code().values():
            if d.county and d.city_code:
                cities.setdefault(d.city_code, []).append(d.code)
        self.counties = {k: sorted(x) for k, x in cities.items()}
        self.city_codes = sorted(self.counties)

    def make(self, kind: str, rng: random.Random) -> tuple[str, str | None, str, str | None, str]:
        """(name, address, division code, uscc, kind actually made)."""
        if kind != "other_universe" and kind != "person":
            c = self.heads[rng.randrange(len(self.heads))]
            p = parts_of(c)
            made = self._near(kind, c, p, rng)
            if made is not None:
                return made
            kind = "other_universe"
        if kind == "person":
            c = self.companies[rng.randrange(len(self.companies))]
            return v.person(rng), None, c.division_code, None, kind
        o = self.others[rng.randrange(len(self.others))]
        name, noise, _ = zh_query_name(o, rng)
        return name, _zh_address(o, rng), o.division_code, o.uscc if rng.random() < 0.15 else None, f"{kind}:{noise}"

    def _near(self, kind: str, c: Company, p: v.NameParts, rng: random.Random
              ) -> tuple[str, str | None, str, str | None, str] | None:
        d = _division(c)
        if kind == "namesake_elsewhere":
            if not p.region:
                return None
            city = divisions_by_code()[self.city_codes[rng.randrange(len(self.city_codes))]]
            if city.code == _city(d).code or not self.counties.get(city.code):
                return None
            code = rng.choice(self.counties[city.code])
            x = divisions_by_code()[code]
            name = rng.choice((city.short, city.name)) + p.body + p.form
            address = f"{x.province}{x.city or ''}{x.county or ''}{rng.choice(_ROADS)}{rng.randint(1, 999)}号"
        elif kind == "sibling":
            if not p.body:
                return None
            i = rng.randrange(min(len(p.body), 3))  # in the trade name, which leads the body
            body = p.body[:i] + TRADE_CHARS[rng.randrange(len(TRADE_CHARS))] + p.body[i + 1:]
            name, code = p.region + body + p.form, c.division_code
            x = divisions_by_code()[code]  # another firm: its own street in the same county
            address = f"{x.province}{x.city or ''}{x.county or ''}{rng.choice(_ROADS)}{rng.randint(1, 999)}号"
        else:  # sole_proprietor: the trade name as a one-person business, marked as such (071)
            body = p.body
            name, code = v.sole_proprietor(p.region + body + rng.choice(("厂", "经营部", "店", "加工厂"))), c.division_code
            address = _zh_address(c, rng)
        if v.plain_text(name.removesuffix("(个体工商户)")) in self.registered or name == c.name:
            return None
        uscc = _random_uscc(code, rng, "2" if kind == "sole_proprietor" else "1") if rng.random() < 0.15 else None
        return name, address if rng.random() < 0.6 else None, code, uscc, kind


def make_gold_queries(companies: list[Company], outsiders: list[Company], n: int, lang: str, seed: int,
                      outsider_share: float = 0.1) -> list[GoldQuery]:
    """`n` labelled queries in `lang` ("zh" or "en"); about `outsider_share` of them are outsiders."""
    rng = random.Random(f"gold:{seed}:{lang}")
    out: list[GoldQuery] = []
    if lang == "en":
        for k in range(n):
            outsider = bool(outsiders) and rng.random() < outsider_share
            c = rng.choice(outsiders if outsider else companies)
            name, noise = en_query_name(c, rng)
            address = en_address(c) if rng.random() < 0.6 else None
            out.append(GoldQuery(f"en-{k}", name, address, None, (), None if outsider else c.company_id, "en",
                                 ("outsider:" if outsider else "") + noise, c.division_code))
        return out
    by_plain = {v.plain_text(c.name): c for c in companies}
    near = _Outsiders(companies, outsiders or companies, set(by_plain))
    for k in range(n):
        if rng.random() < outsider_share:
            kind = _weighted(rng, OUTSIDER_KINDS)
            if kind == "other_universe" and not outsiders:
                kind = "namesake_elsewhere"
            name, address, code, uscc, made = near.make(kind, rng)
            hints = (code,) if rng.random() < 0.7 else ()
            out.append(GoldQuery(f"zh-{k}", name, address, uscc, hints, None, "zh", "outsider:" + made, code))
            continue
        c = companies[rng.randrange(len(companies))]
        name, noise, where = zh_query_name(c, rng)
        if where is not None and v.plain_text(name) in by_plain:  # that branch is registered: it is the party
            c, noise, where = by_plain[v.plain_text(name)], noise.replace("branch", "branch_registered"), None
        address = _zh_address(c, rng, where) if rng.random() < 0.6 else None
        code = where or c.division_code
        hints = (code,) if rng.random() < 0.7 else ()
        uscc = c.uscc if where is None and rng.random() < 0.1 else None
        out.append(GoldQuery(f"zh-{k}", name, address, uscc, hints, c.company_id, "zh", noise, code))
    return out

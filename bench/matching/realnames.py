"""Real Chinese company names as a matching benchmark: registries and labelled queries built from
names real sources printed, read from ../shared/realdata (never copied into the project).

Names: the parties of the real penalty pages (penalty-pages/manifest.jsonl: as printed, with their
USCC and address), the 2,770 listed companies' registered names and short names
(en-zh-names/listed_companies.csv), and the supplier pairs' registered names and their real sibling
entities (en-zh-names/supplier_pairs.csv).

Each real firm becomes one registry entity: its registered name (simplified script, the printed
pinyin annotations and 个体工商户 marker taken off), its USCC when printed whole, and its place (the
USCC's division code, else the place its name or address starts with), and, for a listed company,
its short name as an alias (the exchange publishes it with the registered name, so a registry built
from that list holds it; the engine may not take an alias as decisive). Around it the registry gets
traps a real registry has: a namesake in another city, a one-character sibling in its own.

Queries: the printed forms (a penalty page's party name, address and code as printed; a listed
company's short name) and the registered name through the kinds of variation in
bench.matching.variants. Outsiders, which must never be auto-matched: namesakes in another city
and one-character siblings that are not registered, sole proprietorships with the firm's trade
name, natural persons, and, in a small registry, every real firm that is not on it.

Firms are split in two by a hash of their registered name: `calibration` and `report` never share
a firm (nor its traps or queries). Weights and rules are fitted on `calibration` only.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import opencc

from bench.matching import variants as v
from bench.matching.goldset import BRANCH_SUFFIXES, GoldQuery
from greenchain.paths import SHARED_REALDATA
from greenchain.registry_build import Division, divisions_by_code, load_divisions
from simulator.codes import is_valid_uscc, make_uscc
from simulator.companies import TRADE_CHARS

_T2S = opencc.OpenCC("t2s")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")
_SOLE = re.compile(r"[(（](个体工商户|個體工商戶)[)）]$")
_STOCK_MARKS = re.compile(r"^(\*?ST|S\*?ST|N|C)|(A|B|退)$")
SPLITS = ("calibration", "report")
# Kinds of query made from a registered name, and how often (the printed forms come on top).
KINDS: tuple[tuple[str, float], ...] = (
    ("clean", 10), ("traditional", 6), ("mixed_script", 3), ("pinyin_injected", 3), ("form_swap", 10),
    ("form_cut", 2), ("region_dropped", 6), ("region_added", 5), ("region_bracketed", 4), ("brackets", 3),
    ("spaces", 5), ("branch", 6), ("facility", 2), ("typo", 2),
)
OUTSIDERS: tuple[tuple[str, float], ...] = (
    ("namesake_elsewhere", 4), ("sibling", 2), ("sole_proprietor", 1), ("person", 1),
)


@dataclass
class Firm:
    """One real firm as a registry entity (plus the facts the query generator needs)."""

    company_id: str
    name: str  # registered form
    uscc: str | None
    address: str | None
    division_code: str | None
    origin: str  # penalty | listed | sibling (a real sibling entity of a supplier pair)
    printed: list[dict[str, str | None]] = field(default_factory=list)  # as real pages printed the party
    short_names: list[str] = field(default_factory=list)
    sole_proprietor: bool = False

    def as_row(self) -> dict[str, object]:
        return {"company_id": self.company_id, "name": self.name, "uscc": self.uscc, "address": self.address,
                "division_code": self.division_code, "aliases": list(self.short_names)}


def available() -> bool:
    return (SHARED_REALDATA / "penalty-pages" / "manifest.jsonl").exists() and (
        SHARED_REALDATA / "en-zh-names" / "listed_companies.csv").exists()


def split_of(name: str) -> str:
    """calibration or report, by a hash of the registered name (stable across runs and machines)."""
    return SPLITS[hashlib.sha1(name.encode()).digest()[0] % 2]


def registered_form(printed: str) -> str:
    """The name a registry holds for a printed party name: simplified script, without the pinyin a
    mirror wrote after characters, without the 个体工商户 marker, round half-width brackets, no spaces."""
    t = _SOLE.sub("", _PINYIN.sub("", printed.strip()))
    return v.plain_text(_T2S.convert(t))


# --- places ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _names_to_codes() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in load_divisions():
        for n in {d.name, d.short}:
            if len(n) >= 2:
                out.setdefault(n, []).append(d.code)
    return out


def leading_place(text: str, within: str | None = None) -> str | None:
    """The finest division the text starts with (江苏省苏州市吴中区… → 320506), read with the division
    list (the bench's own reading, not the engine's), inside the division `within` when given; None
    when it starts with none."""
    names = _names_to_codes()
    code: str | None = None
    rest = text
    for _ in range(3):
        hit = next((rest[:n] for n in range(min(len(rest), 12), 1, -1) if rest[:n] in names), None)
        if hit is None:
            break
        inside = [c for c in names[hit] if (code is None or c.startswith(_prefix(code)))
                  and (within is None or c.startswith(_prefix(within)) or _prefix(within).startswith(_prefix(c)))]
        if not inside:
            break
        code = min(inside, key=lambda c: (not c.endswith("0000"), not c.endswith("00"), c))  # 河北 the province
        rest = rest[len(hit):]
    return code


def _area_code(area: str | None) -> str | None:
    """A listed company's area (浙江, 深圳, 内蒙) as a division code."""
    if not area:
        return None
    return leading_place(area) or next((c for n, cs in _names_to_codes().items() if n.startswith(area)
                                        for c in sorted(cs) if c.endswith("0000")), None)


def _prefix(code: str) -> str:
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def _uscc_place(uscc: str | None) -> str | None:
    if uscc and len(uscc) == 18 and uscc[2:8] in divisions_by_code():
        return uscc[2:8]
    return None


# --- reading the real names -----------------------------------------------------------------


def _penalty_firms(root: Path) -> Iterator[Firm]:
    for line in (root / "penalty-pages" / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        rows = page.get("truth_rows") or ([page["truth"]] if page.get("truth") else [])
        for i, t in enumerate(rows):
            printed = t.get("party_name") or t.get("unit_name")
            if not printed or "*" in printed or t.get("party_type") not in ("company", None):
                continue  # masked, missing, or a person or public body
            name = registered_form(printed)
            raw_uscc = (t.get("uscc") or "").strip()
            uscc = raw_uscc if is_valid_uscc(raw_uscc) else None
            address = t.get("address")
            province = _area_code(page.get("province") if page.get("province") not in (None, "全国") else None)
            code = _uscc_place(uscc) or leading_place(name, province) or (
                leading_place(registered_form(address), province) if address else None) or province
            sole = bool(_SOLE.search(printed)) or (uscc or "").startswith("92")
            yield Firm(f"pp-{page['file'][6:9]}-{i}", name, uscc, registered_form(address) if address else None,
                       code, "penalty", [{"name": printed, "address": address, "uscc": raw_uscc or None}],
                       sole_proprietor=sole)


def _listed_firms(root: Path) -> Iterator[Firm]:
    path = root / "en-zh-names" / "listed_companies.csv"
    for r in csv.DictReader(path.open(encoding="utf-8")):
        name = registered_form(r["zh_name"])
        area = _area_code(r["area"] or None)
        code = leading_place(name, area) or area
        short = _STOCK_MARKS.sub("", r["short_name"].replace(" ", ""))
        yield Firm(f"ls-{r['ts_code']}", name, None, None, code, "listed",
                   short_names=[short] if len(short) >= 2 and short != name else [])


def _sibling_firms(root: Path) -> Iterator[Firm]:
    path = root / "en-zh-names" / "supplier_pairs.csv"
    for i, r in enumerate(csv.DictReader(path.open(encoding="utf-8"))):
        for j, neg in enumerate(n for n in r["negatives"].split(";") if n.strip()):
            name = registered_form(neg)
            yield Firm(f"sp-{i}-{j}", name, None, None, leading_place(name), "sibling")


@lru_cache(maxsize=2)
def real_firms(root: Path = SHARED_REALDATA) -> tuple[Firm, ...]:
    """Every real firm once (by registered name; the first reading with a USCC wins)."""
    firms: dict[str, Firm] = {}
    for f in [*_penalty_firms(root), *_listed_firms(root), *_sibling_firms(root)]:
        known = firms.get(f.name)
        if known is None:
            firms[f.name] = f
            continue
        known.printed.extend(f.printed)
        known.short_names.extend(s for s in f.short_names if s not in known.short_names)
        if known.uscc is None and f.uscc:
            known.uscc, known.division_code = f.uscc, f.division_code
        known.address = known.address or f.address
    return tuple(firms.values())


# --- traps and queries ----------------------------------------------------------------------


def _region_prefix(name: str, place: str | None) -> str:
    """The region words a name starts with, by the division list: at most two, the second inside the
    first, each compatible with where the firm is (when its place is known), never the whole body."""
    names = _names_to_codes()
    firm = _prefix(place) if place else ""
    out, rest, chain = "", name, ""
    for _ in range(2):
        hit: tuple[str, str] | None = None
        for n in range(min(len(rest) - 2, 12), 1, -1):
            word = rest[:n]
            if word not in names or len(v.split_form(rest[n:])[0]) < 2:
                continue
            for code in names[word]:
                p = _prefix(code)
                if chain and not p.startswith(chain):
                    continue  # a second region word lies inside the first
                if firm and not (firm.startswith(p) or p.startswith(firm)):
                    continue  # and where the firm is
                hit = (word, p)
                break
            if hit:
                break
        if hit is None:
            break
        out, chain, rest = out + hit[0], hit[1], rest[len(hit[0]):]
    return out


_BRACKET_PLACE = re.compile(r"\(([^()]+)\)$")


def parts(f: Firm) -> v.NameParts:
    """Region words, body and form of a registered name; a region in brackets after the body
    (鹏鼎控股(深圳)) is the name's region, not part of its body."""
    region = _region_prefix(f.name, f.division_code)
    body, form = v.split_form(f.name[len(region):])
    m = _BRACKET_PLACE.search(body)
    if m and m.group(1) in _names_to_codes():
        body = body[: m.start()]
    return v.NameParts(region, body, form)


@lru_cache(maxsize=1)
def _cities() -> tuple[Division, ...]:
    return tuple(d for d in load_divisions() if d.city_code == d.code and d.county is None)


def _elsewhere(f: Firm, rng: random.Random) -> Division:
    """A city other than the firm's."""
    cities = _cities()
    while True:
        c = cities[rng.randrange(len(cities))]
        if not f.division_code or not f.division_code.startswith(c.code[:4]):
            return c


def _street(d: Division, rng: random.Random) -> str:
    return f"{d.province}{d.city or ''}{d.county or ''}{rng.choice(('人民路', '工业大道', '建设路', '新华街'))}{rng.randint(1, 999)}号"


def namesake(f: Firm, rng: random.Random) -> tuple[str, Division]:
    """The firm's body and form under another city's name, and that city."""
    p = parts(f)
    city = _elsewhere(f, rng)
    return rng.choice((city.short, city.name)) + p.body + p.form, city


def sibling(f: Firm, rng: random.Random) -> str:
    """One character of the trade name (the body's first characters) replaced."""
    p = parts(f)
    i = rng.randrange(min(len(p.body), 3)) if p.body else 0
    body = p.body[:i] + TRADE_CHARS[rng.randrange(len(TRADE_CHARS))] + p.body[i + 1:]
    return p.region + body + p.form


@dataclass(frozen=True)
class RealSet:
    """One registry (rows for Matcher.build) and its labelled queries."""

    split: str
    rows: list[dict[str, object]]
    queries: list[GoldQuery]


def _code_of(d: Division) -> str:
    return d.code


def traps(firms: list[Firm], rng: random.Random, taken: set[str]) -> list[dict[str, object]]:
    """Registered near-namesakes of real firms: a namesake in another city (half of the firms with a
    region in their name), a one-character sibling in the firm's own place (a third)."""
    out: list[dict[str, object]] = []
    for f in firms:
        if f.origin == "sibling":
            continue
        if parts(f).region and rng.random() < 0.5:
            name, city = namesake(f, rng)
            if name not in taken:
                taken.add(name)
                out.append({"company_id": f"{f.company_id}-ns", "name": name, "division_code": city.code,
                            "address": _street(city, rng), "uscc": make_uscc("9", "1", city.code,
                                                                              f"{rng.randrange(10**8):08d}")})
        if rng.random() < 0.33:
            name = sibling(f, rng)
            if name not in taken:
                taken.add(name)
                out.append({"company_id": f"{f.company_id}-sb", "name": name, "division_code": f.division_code,
                            "address": None, "uscc": None})
    return out


def _hint(f: Firm, rng: random.Random) -> tuple[str, ...]:
    return (f.division_code,) if f.division_code and rng.random() < 0.7 else ()


def firm_queries(f: Firm, rng: random.Random, prefix: str) -> list[GoldQuery]:
    """Queries whose truth is this firm: its printed forms and its registered name varied."""
    out: list[GoldQuery] = []
    for i, pr in enumerate(f.printed):
        name = str(pr["name"])
        uscc = pr["uscc"]
        out.append(GoldQuery(f"{prefix}-p{i}", name, pr["address"], uscc, (), f.company_id, "zh", "printed",
                             f.division_code or ""))
        out.append(GoldQuery(f"{prefix}-n{i}", name, None, None, _hint(f, rng), f.company_id, "zh",
                             "printed_name_only", f.division_code or ""))
    for i, s in enumerate(f.short_names):
        if rng.random() >= 0.15:  # lists and news use short names; official documents do not
            continue
        out.append(GoldQuery(f"{prefix}-s{i}", s, f.address if rng.random() < 0.5 else None, None, _hint(f, rng),
                             f.company_id, "zh", "short_name", f.division_code or ""))
    for i in range(2):
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        name, where = _varied(f, kind, rng)
        if name is None:
            continue
        address = (_street(where, rng) if where else f.address) if rng.random() < 0.6 else None
        hints = (where.code,) if where and rng.random() < 0.7 else _hint(f, rng)
        out.append(GoldQuery(f"{prefix}-v{i}", name, address, None, hints, f.company_id, "zh", kind,
                             f.division_code or ""))
    return out


def _varied(f: Firm, kind: str, rng: random.Random) -> tuple[str | None, Division | None]:
    p = parts(f)
    d = divisions_by_code().get(f.division_code or "")
    if kind == "traditional":
        return v.traditional(f.name), None
    if kind == "mixed_script":
        return v.mixed_script(f.name, rng), None
    if kind == "pinyin_injected":
        return v.pinyin_injected(f.name, rng), None
    if kind == "form_swap":
        return v.form_swap(f.name), None
    if kind == "form_cut":
        return v.form_cut(f.name), None
    if kind == "region_dropped":
        return (v.region_dropped(p), None) if p.region else (f.name, None)
    if kind == "region_added":
        if d is None:
            return None, None
        prefix = rng.choice([x for x in (divisions_by_code()[d.province_code].name,
                                         divisions_by_code()[d.city_code].name if d.city_code else None) if x])
        return v.region_added(p, prefix), None
    if kind == "region_bracketed":
        if d is None or not p.region or not p.form:
            return None, None
        city = divisions_by_code()[d.city_code] if d.city_code else d
        return v.region_bracketed(v.NameParts("", p.body, p.form), city.short), None
    if kind == "brackets":
        return (v.bracket_width(f.name, rng), None) if "(" in f.name else (f.name, None)
    if kind == "spaces":
        return v.spaced(f.name, rng), None
    if kind in ("branch", "facility"):
        if not f.name.endswith("公司") or d is None:
            return None, None
        counties = [x for x in divisions_by_code().values()
                    if x.city_code == (d.city_code or d.code) and x.county] or [d]
        where = counties[rng.randrange(len(counties))]
        if kind == "branch":
            suffix = rng.choices([k for k, _ in BRANCH_SUFFIXES], [w for _, w in BRANCH_SUFFIXES])[0]
            return v.branch(f.name, where.short, suffix), where
        return v.facility(f.name, where.short + rng.choice(("污水处理厂", "生产基地", "一厂"))), where
    if kind == "typo":
        t = v.typo(p, rng)
        return t, None
    return f.name, None


def outsider_queries(f: Firm, rng: random.Random, prefix: str, taken: set[str]) -> list[GoldQuery]:
    """Parties near this firm that are not registered: any automatic match on them is wrong."""
    kind = rng.choices([k for k, _ in OUTSIDERS], [w for _, w in OUTSIDERS])[0]
    if kind == "namesake_elsewhere":
        name, city = namesake(f, rng)
        address, hints = (_street(city, rng) if rng.random() < 0.6 else None), (city.code,)
    elif kind == "sibling":
        name, address, hints = sibling(f, rng), None, _hint(f, rng)
    elif kind == "sole_proprietor" and parts(f).form.endswith("公司"):
        p = parts(f)
        name = v.sole_proprietor(p.region + p.body + rng.choice(("厂", "经营部", "店")))
        address, hints = f.address, _hint(f, rng)
    else:
        kind = "person"
        name, address, hints = v.person(rng), None, _hint(f, rng)
    if registered_form(name) in taken:  # registered_form also drops the 个体工商户 mark
        return []
    return [GoldQuery(f"{prefix}-o", name, address, None, hints, None, "zh", "outsider:" + kind,
                      f.division_code or "")]


def build(split: str, seed: int = 7, size: int | None = None, lists: int = 10) -> list[RealSet]:
    """The registries of one split with their queries.

    `size` None: one registry holding every real firm of the split and its traps (to be merged into a
    large generated registry by the caller). `size` n: `lists` disjoint registries of n rows each, a
    brand's own list: real firms of the split with some of their traps; the split's other real firms
    and their queries are outsiders to it."""
    rng = random.Random(f"realnames:{split}:{seed}:{size}")
    firms = [f for f in real_firms() if split_of(f.name) == split]
    firms.sort(key=lambda f: f.company_id)
    taken = {f.name for f in real_firms()}
    if size is None:
        rows = [f.as_row() for f in firms] + traps(firms, rng, taken)
        queries = [q for f in firms for q in (firm_queries(f, rng, f.company_id) if f.origin != "sibling" else [])]
        queries += [q for f in firms for q in outsider_queries(f, rng, f.company_id, taken)]
        return [RealSet(split, rows, queries)]
    out = []
    rng.shuffle(firms)
    per_list = max(1, size * 2 // 3)  # two thirds real firms, the rest traps and others
    for k in range(lists):
        listed = [f for f in firms[k * per_list:(k + 1) * per_list] if f.origin != "sibling"]
        if not listed:
            break
        rows = [f.as_row() for f in listed]
        rows += traps(listed, rng, set(taken))[: size - len(rows)]
        listed_ids = {r["company_id"] for r in rows}
        queries = [q for f in listed for q in firm_queries(f, rng, f"{k}:{f.company_id}")]
        queries += [q for f in listed for q in outsider_queries(f, rng, f"{k}:{f.company_id}", taken)]
        # real firms not on this list, printed and varied: outsiders to it
        others = [f for f in firms if f.company_id not in listed_ids and f.origin != "sibling"]
        for f in rng.sample(others, min(len(others), len(listed))):
            made = firm_queries(f, rng, f"{k}:{f.company_id}")
            queries += [replace(q, truth=None, noise="outsider:unlisted_" + q.noise)
                        for q in rng.sample(made, min(2, len(made)))]
        out.append(RealSet(split, rows, queries))
    return out

"""Deterministic synthetic companies: the universe behind the company registry and every simulated party.

A universe is `(n, seed)`. Its companies are split over prefecture-level cities by weight
(largest remainder), and each city's companies come from one random stream seeded by
(seed, city), so:
- a city's companies do not depend on any other city: `division_pool` rebuilds one city
  without generating the rest, and the simulator's parties are exactly registry companies;
- a city's list is prefix-stable: a larger universe extends each city's list, it does not reshuffle it.

Names follow 《企业名称登记管理规定》: region + trade name (字号) + industry + organizational form,
with the region in brackets after the trade name for some firms (金像电子（苏州）有限公司),
branches (…有限公司吴江分公司) pointing at their parent, former names, aliases, self-translated
English names, and near-namesakes (the same popular trade name in many regions).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import accumulate

from pypinyin import lazy_pinyin

from greenchain.registry import Level
from greenchain.registry_build import MUNICIPALITIES, Division, divisions_by_code, load_divisions
from simulator.codes import USCC_ALPHABET, make_uscc


@dataclass(slots=True)
class Company:
    """One registered company: exactly the columns of data/reference/companies.parquet.

    Not frozen: a frozen dataclass's __init__ costs a third of a million-company run.
    Treat instances as read-only (pools are cached and shared).
    """

    company_id: str
    name: str
    uscc: str
    former_names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    english_name: str | None = None
    address: str = ""
    division_code: str = ""  # the county (or prefecture-level city) where it sits
    province: str = ""
    city: str | None = None
    county: str | None = None
    parent_company_id: str | None = None

    def as_row(self) -> dict[str, object]:
        return asdict(self)


COMPANY_COLUMNS = tuple(Company.__dataclass_fields__)

# --- vocabulary -----------------------------------------------------------------------------

# Characters seen in registered trade names (字号): auspicious words, materials, transliterations.
TRADE_CHARS = (
    "金华鑫源达兴盛泰宏昌恒丰瑞康德隆信诚宝顺发永新天海中大富利通辉明光亚美佳联合众益正东方旭阳星凯越腾"
    "飞龙凤祥福安嘉和平昊晟卓远航科创汇宇宁江山川峰林森鸿润泽洁清绿蓝青银铜钢力强精工捷迅博雅奥伟豪业"
    "成广威振鹏程启荣耀晶锦绣纳南北西三万百千久长乐春秋祺骏驰帆拓展翔坤乾元亨铭皓敏聚鼎尚品优倍杰俊霖"
    "灏浩澳港欧特斯克莱普尔赛思维迪贝琳茂裕隆皇冠玉蓉芯源创智慧联合立邦鼎盛益泰华润嘉禾宏达恒通伟业"
    "正大金鹰银河星光旭日东升中天宝利富源鑫隆永泰恒信盈丰瑞丰康达德润晨曦阳光海纳百川远景立新同创"
)
TRADE_CHARS = "".join(dict.fromkeys(TRADE_CHARS))  # unique, order kept
TRANSLIT_CHARS = "欧普莱赛维迪斯克尔特德奥贝琳纳亚美兰菲顿格威"

# (Chinese industry word, English rendering, weight): polluting trades are over-represented,
# because these are the firms that appear in enforcement records.
INDUSTRIES: tuple[tuple[str, str, float], ...] = (
    ("电子", "Electronics", 8),
    ("电子科技", "Electronic Technology", 7),
    ("科技", "Technology", 6),
    ("机械", "Machinery", 6),
    ("精密机械", "Precision Machinery", 2),
    ("纺织", "Textile", 5),
    ("化工", "Chemical", 6),
    ("印染", "Printing and Dyeing", 3),
    ("电镀", "Electroplating", 3),
    ("制药", "Pharmaceutical", 2),
    ("生物医药", "Biopharmaceutical", 1),
    ("食品", "Food", 4),
    ("新材料", "New Materials", 3),
    ("新材料科技", "New Material Technology", 2),
    ("环保", "Environmental Protection", 2),
    ("环保科技", "Environmental Technology", 2),
    ("塑料", "Plastics", 3),
    ("塑胶制品", "Plastic Products", 3),
    ("五金", "Hardware", 4),
    ("五金制品", "Hardware Products", 3),
    ("皮革", "Leather", 2),
    ("造纸", "Paper", 2),
    ("纸业", "Paper", 2),
    ("建材", "Building Materials", 3),
    ("水泥", "Cement", 1),
    ("陶瓷", "Ceramics", 1),
    ("金属制品", "Metal Products", 3),
    ("钢铁", "Iron and Steel", 1),
    ("铸造", "Casting", 1),
    ("光电", "Optoelectronics", 2),
    ("电路板", "Circuit Board", 1),
    ("服饰", "Apparel", 2),
    ("针织", "Knitting", 2),
    ("制衣", "Garment", 2),
    ("家具", "Furniture", 2),
    ("包装", "Packaging", 2),
    ("橡胶", "Rubber", 1),
    ("玻璃", "Glass", 1),
    ("汽车零部件", "Auto Parts", 2),
    ("电池", "Battery", 1),
    ("涂料", "Coatings", 1),
    ("热电", "Thermal Power", 1),
    ("能源", "Energy", 1),
    ("矿业", "Mining", 1),
    ("石化", "Petrochemical", 1),
    ("农药", "Pesticide", 1),
    ("染整", "Dyeing and Finishing", 1),
    ("实业", "Industrial", 3),
    ("工贸", "Industry and Trade", 2),
)

# (form, English form, weight). 厂 follows the industry directly (金像电子厂).
FORMS: tuple[tuple[str, str, float], ...] = (
    ("有限公司", "Co., Ltd.", 56),
    ("有限责任公司", "Co., Ltd.", 12),
    ("股份有限公司", "Co., Ltd.", 10),
    ("集团有限公司", "Group Co., Ltd.", 4),
    ("厂", "Factory", 9),
    ("合伙企业（有限合伙）", "L.P.", 2),
)
PARENT_FORMS = ("有限公司", "有限责任公司", "股份有限公司", "集团有限公司")

# How the region appears in the name, with weights.
REGION_STYLES: tuple[tuple[str, float], ...] = (
    ("city_short", 50),
    ("city_full", 12),
    ("city_county", 10),
    ("county_short", 8),
    ("province", 6),
    ("bracket", 7),
    ("none", 2),
)

ROAD_STEMS = (
    "人民",
    "解放",
    "建设",
    "中山",
    "长江",
    "黄河",
    "工业",
    "创业",
    "科技",
    "兴业",
    "振兴",
    "发展",
    "开发",
    "环城",
    "滨江",
    "湖滨",
    "新华",
    "和平",
    "友谊",
    "光明",
    "胜利",
    "东风",
    "迎宾",
    "富民",
    "金山",
    "华山",
    "泰山",
    "青年",
    "文化",
    "学府",
    "园区",
    "经济",
    "纬一",
    "经二",
    "机场",
    "港口",
    "临港",
    "高新",
)
ROAD_SUFFIXES = ("路", "路", "大道", "街", "东路", "西路", "南路", "北路", "中路")
TOWN_STEMS = (
    "城关",
    "新城",
    "城东",
    "城西",
    "城南",
    "城北",
    "滨海",
    "东湖",
    "西湖",
    "金桥",
    "龙泉",
    "太平",
    "长安",
    "永安",
    "新桥",
    "白沙",
    "青山",
    "石桥",
)
PARKS = ("经济开发区", "高新技术产业开发区", "工业园区", "工业集中区", "化工园区", "产业园")

POPULAR_TRADE_NAMES = 300  # how many trade names are reused across regions (near-namesakes)
POPULAR_SHARE = 0.08
BRANCH_SHARE = 0.05
FORMER_NAME_SHARE = 0.12
ALIAS_SHARE = 0.25
ENGLISH_SHARE = 0.7

# Relative weight of manufacturing firms per province (rough shares of industrial enterprises).
PROVINCE_WEIGHTS = {
    "44": 12,
    "32": 12,
    "33": 11,
    "37": 8,
    "41": 5,
    "35": 5,
    "13": 4,
    "42": 4,
    "43": 4,
    "34": 4,
    "51": 4,
    "31": 3,
    "11": 2,
    "12": 2,
    "50": 2.5,
    "36": 3,
    "21": 2.5,
    "61": 2,
    "45": 2,
    "14": 1.5,
    "53": 1.5,
    "52": 1.2,
    "22": 1.2,
    "23": 1.2,
    "15": 1,
    "65": 1,
    "62": 0.8,
    "46": 0.5,
    "64": 0.4,
    "63": 0.3,
    "54": 0.1,
}
# Cities with far more factories than an average prefecture.
CITY_WEIGHTS = {
    "320500": 5,
    "320200": 3,
    "320400": 2.5,
    "320600": 2.5,
    "440300": 5,
    "441900": 5,
    "440600": 3.5,
    "440100": 3.5,
    "442000": 2,
    "330200": 3.5,
    "330300": 3,
    "330600": 2.5,
    "331000": 2.5,
    "330400": 2.5,
    "330700": 2.5,
    "330100": 3,
    "370200": 3,
    "370700": 2,
    "350500": 3,
    "350200": 2,
    "410100": 2.5,
    "420100": 2.5,
    "430100": 2.5,
    "340100": 2.5,
    "510100": 3,
    "320100": 2.5,
    "370100": 2,
}


# --- helpers --------------------------------------------------------------------------------


def _cum(weights: Iterable[float]) -> list[float]:
    return list(accumulate(weights))


_INDUSTRY_CUM = _cum(w for _, _, w in INDUSTRIES)
_FORM_CUM = _cum(w for _, _, w in FORMS)
_STYLE_CUM = _cum(w for _, w in REGION_STYLES)


def _pick(rng: random.Random, cum: list[float]) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


@lru_cache(maxsize=8192)
def _pinyin_word(text: str) -> str:
    return "".join(lazy_pinyin(text))


@lru_cache(maxsize=262144)
def pinyin_title(text: str) -> str:
    """苏州 → Suzhou, 金像 → Jinxiang: how firms self-translate names (one word, capitalised).

    Trade names are random character strings, so they are spelled character by character
    (cached per character) rather than segmented as words.
    """
    return (
        "".join(_pinyin_word(ch) for ch in text).capitalize()
        if len(text) <= 3
        else _pinyin_word(text).capitalize()
    )


@lru_cache(maxsize=1)
def _popular_trade_names() -> tuple[str, ...]:
    # Fixed seed on purpose: the same popular names in every universe, like real 字号 fashions.
    rng = random.Random("popular-trade-names")
    names: dict[str, None] = {}
    while len(names) < POPULAR_TRADE_NAMES:
        names[rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)] = None
    return tuple(names)


def _choice(rng: random.Random, seq: Sequence[str]) -> str:
    # rng.choice costs three calls per pick; this is the hot loop of a million-company run.
    return seq[int(rng.random() * len(seq))]


def _trade_name(rng: random.Random) -> str:
    r = rng.random()
    if r < POPULAR_SHARE:
        return _choice(rng, _popular_trade_names())
    if r < 0.75:
        return _choice(rng, TRADE_CHARS) + _choice(rng, TRADE_CHARS)
    if r < 0.9:
        return _choice(rng, TRADE_CHARS) + _choice(rng, TRADE_CHARS) + _choice(rng, TRADE_CHARS)
    return _choice(rng, TRANSLIT_CHARS) + _choice(rng, TRANSLIT_CHARS) + _choice(rng, TRANSLIT_CHARS)


def _county_prefix(d: Division) -> str:
    """苏州市吴中区 for a district, 昆山 for a county-level city or county (as firms write them)."""
    assert d.county is not None
    if d.county.endswith("区"):
        return f"{d.city}{d.county}" if d.city else d.county
    return d.short


# --- divisions and allocation --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CityUnit:
    """A prefecture-level city (or municipality) with the county-level divisions inside it."""

    city: Division
    counties: tuple[Division, ...]
    weight: float


@lru_cache(maxsize=1)
def city_units() -> tuple[CityUnit, ...]:
    by_code = divisions_by_code()
    counties: dict[str, list[Division]] = {}
    for d in load_divisions():
        if d.level == Level.COUNTY:
            assert d.city_code is not None
            counties.setdefault(d.city_code, []).append(d)
    units = []
    for d in load_divisions():
        is_city = d.level == Level.PREFECTURE or (d.level == Level.PROVINCE and d.code[:2] in MUNICIPALITIES)
        if not is_city:
            continue
        pw = PROVINCE_WEIGHTS[d.code[:2]]
        cw = 12.0 if d.code[:2] in MUNICIPALITIES else CITY_WEIGHTS.get(d.code, 1.0)
        units.append(CityUnit(by_code[d.code], tuple(counties.get(d.code, ())), pw * cw))
    return tuple(units)


def _matches(unit: CityUnit, prefixes: Sequence[str] | None) -> bool:
    if prefixes is None:
        return True
    codes = [unit.city.code] + [c.code for c in unit.counties]
    return any(code.startswith(p) for p in prefixes for code in codes)


def _prefix_of(code: str) -> str:
    """Division code → the prefix that selects it and everything under it."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def allocate(n: int, divisions: Sequence[str] | None = None) -> list[tuple[CityUnit, int]]:
    """How many of `n` companies each city holds (largest remainder over the city weights)."""
    prefixes = None if divisions is None else [_prefix_of(c) for c in divisions]
    units = [u for u in city_units() if _matches(u, prefixes)]
    if not units:
        raise ValueError(f"no division matches {list(divisions or [])}")
    total = sum(u.weight for u in units)
    exact = [n * u.weight / total for u in units]
    counts = [int(x) for x in exact]
    order = sorted(range(len(units)), key=lambda i: (counts[i] - exact[i], units[i].city.code))
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    return list(zip(units, counts, strict=True))


# --- one city's companies ------------------------------------------------------------------


class _CityGenerator:
    """The random stream of one city: company k depends only on (seed, city, k)."""

    def __init__(self, unit: CityUnit, seed: int) -> None:
        self.unit = unit
        self.rng = random.Random(f"companies:{seed}:{unit.city.code}")
        places = unit.counties or (unit.city,)
        self.places = places
        self.place_cum = _cum(0.3 + self.rng.random() for _ in places)
        self.names: set[str] = set()
        self.codes: set[str] = set()
        self.made: list[Company] = []
        self.parents: list[int] = []  # indexes of companies that may have branches
        self._regions: dict[tuple[str, str], tuple[str, str]] = {}

    def next(self) -> Company:
        rng = self.rng
        k = len(self.made)
        c = self._branch(k) if k >= 10 and self.parents and rng.random() < BRANCH_SHARE else self._company(k)
        self.made.append(c)
        return c

    def _place(self) -> Division:
        return self.places[_pick(self.rng, self.place_cum)]

    def _uscc(self, place: Division) -> str:
        rng = self.rng
        while True:
            reg = place.code if rng.random() < 0.8 else self.unit.city.code
            if rng.random() < 0.6:
                body = f"{int(rng.random() * 100_000_000):08d}"
            else:
                v = int(rng.random() * 31**6)
                body = "MA" + "".join(USCC_ALPHABET[v // 31**i % 31] for i in range(6))
            code = make_uscc("9", "1", reg, body)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _address(self, place: Division) -> str:
        rng = self.rng
        city = self.unit.city
        if city.level == Level.PROVINCE:  # municipality: 天津市津南区…
            where = city.name + (place.name if place.code != city.code else "")
        elif place.code != city.code:
            where = place.province + city.name + place.name
        else:
            where = place.province + city.name
        road = _choice(rng, ROAD_STEMS) + _choice(rng, ROAD_SUFFIXES)
        no = rng.randint(1, 999)
        r = rng.random()
        if r < 0.35:
            return f"{where}{place.short}{_choice(rng, PARKS)}{road}{no}号"
        if r < 0.6:
            town = _choice(rng, TOWN_STEMS) + _choice(rng, ("镇", "街道"))
            return f"{where}{town}{road}{no}号"
        if r < 0.75:
            town = _choice(rng, TOWN_STEMS) + "镇"
            village = _choice(rng, TRADE_CHARS) + _choice(rng, TRADE_CHARS) + "村"
            return f"{where}{town}{village}{rng.randint(1, 30)}组"
        return f"{where}{road}{no}号{rng.randint(1, 12)}幢"

    def _region(self, place: Division, style: str) -> tuple[str, str]:
        """(region as written in the name, its pinyin) for a place and style; cached per generator."""
        key = (place.code, style)
        hit = self._regions.get(key)
        if hit is not None:
            return hit
        city = self.unit.city
        region_en = pinyin_title(city.short)
        if style == "city_short":
            region = city.short
        elif style == "city_full":
            region = city.name
        elif style == "city_county":
            region, region_en = _county_prefix(place), pinyin_title(place.short)
        elif style == "county_short":
            region, region_en = place.short, pinyin_title(place.short)
        elif style == "province":
            region = _province_short(place)
            region_en = pinyin_title(region)
        else:
            region = ""
        self._regions[key] = (region, region_en)
        return region, region_en

    def _name(self, place: Division) -> tuple[str, str | None, str, tuple[str, str]]:
        """(name, english name, style, (trade, industry)) for a new head office."""
        rng = self.rng
        unit = self.unit
        for _ in range(20):
            trade = _trade_name(rng)
            ind, ind_en, _ = INDUSTRIES[_pick(rng, _INDUSTRY_CUM)]
            form, form_en, _ = FORMS[_pick(rng, _FORM_CUM)]
            style = REGION_STYLES[_pick(rng, _STYLE_CUM)][0]
            if style in ("city_county", "county_short") and place.county is None:
                style = "city_short"
            if style == "county_short" and place.county and place.county.endswith("区"):
                style = "city_county"
            region, region_en = self._region(place, style)
            body = f"{trade}{ind}"
            name = f"{body}（{unit.city.short}）{form}" if style == "bracket" else f"{region}{body}{form}"
            if name in self.names:
                continue
            self.names.add(name)
            english = None
            if form != "厂" and rng.random() < ENGLISH_SHARE or form == "厂" and rng.random() < 0.2:
                tp = pinyin_title(trade)
                if style == "bracket":
                    english = f"{tp} {ind_en} ({region_en}) {form_en}"
                elif style == "none":
                    english = f"{tp} {ind_en} {form_en}"
                else:
                    english = f"{region_en} {tp} {ind_en} {form_en}"
            return name, english, style, (trade, ind)
        raise RuntimeError(f"could not find a free company name in {unit.city.name}")

    def _company(self, k: int) -> Company:
        rng = self.rng
        place = self._place()
        name, english, style, (trade, ind) = self._name(place)
        former: list[str] = []
        if rng.random() < FORMER_NAME_SHARE:
            former.append(self._former_name(name, trade, ind, style))
            if rng.random() < 0.15:
                former.append(self._former_name(former[0], trade, ind, style))
        aliases: list[str] = []
        if rng.random() < ALIAS_SHARE:
            aliases.append(f"{trade}{ind}")
            if rng.random() < 0.3:
                aliases.append(f"{self.unit.city.short}{trade}")
        c = Company(
            company_id=f"co-{self.unit.city.code}-{k:06d}",
            name=name,
            uscc=self._uscc(place),
            former_names=former,
            aliases=aliases,
            english_name=english,
            address=self._address(place),
            division_code=place.code,
            province=place.province,
            city=place.city,
            county=place.county,
        )
        if name.endswith(PARENT_FORMS):
            self.parents.append(k)
        return c

    def _former_name(self, name: str, trade: str, ind: str, style: str) -> str:
        """A plausible earlier registered name: another form, another trade name, or another industry."""
        rng = self.rng
        r = rng.random()
        if r < 0.4 and name.endswith("股份有限公司"):
            return name.removesuffix("股份有限公司") + "有限公司"
        if r < 0.4 and name.endswith("有限公司") and not name.endswith("责任公司"):
            return name.removesuffix("有限公司") + "有限责任公司"
        for _ in range(10):
            if r < 0.75:
                former = name.replace(trade, _trade_name(rng), 1)
            else:
                former = name.replace(ind, INDUSTRIES[_pick(rng, _INDUSTRY_CUM)][0], 1)
            if former != name:
                return former
        return name.replace(trade, trade + "新", 1)

    def _branch(self, k: int) -> Company:
        rng = self.rng
        parent = self.made[rng.choice(self.parents)]
        others = [p for p in self.places if p.code != parent.division_code] or list(self.places)
        place = rng.choice(others)
        where = place.short if place.county else self.unit.city.short
        name = f"{parent.name}{where}分公司"
        if name in self.names:
            name = f"{parent.name}{where}第{rng.randint(2, 9)}分公司"
            if name in self.names:
                return self._company(k)
        self.names.add(name)
        english = f"{parent.english_name} {pinyin_title(where)} Branch" if parent.english_name else None
        return Company(
            company_id=f"co-{self.unit.city.code}-{k:06d}",
            name=name,
            uscc=self._uscc(place),
            english_name=english,
            address=self._address(place),
            division_code=place.code,
            province=place.province,
            city=place.city,
            county=place.county,
            parent_company_id=parent.company_id,
        )


def _province_short(d: Division) -> str:
    return divisions_by_code()[d.province_code].short


@lru_cache(maxsize=512)
def city_companies(city_code: str, count: int, seed: int = 0) -> tuple[Company, ...]:
    """The first `count` companies of one city's stream (cached: the simulator asks often)."""
    unit = next((u for u in city_units() if u.city.code == city_code), None)
    if unit is None:
        raise ValueError(f"{city_code} is not a prefecture-level city or municipality")
    gen = _CityGenerator(unit, seed)
    return tuple(gen.next() for _ in range(count))


# --- public API ----------------------------------------------------------------------------


def generate_companies(n: int, seed: int = 0, divisions: Sequence[str] | None = None) -> Iterator[Company]:
    """Yield the `n` companies of universe (n, seed), city by city.

    `divisions` (GB/T 2260 codes of provinces, cities or counties) restricts the universe to
    the cities containing them; the `n` companies are then spread over those cities only.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    for unit, count in allocate(n, divisions):
        if count == 0:
            continue
        gen = _CityGenerator(unit, seed)
        for _ in range(count):
            yield gen.next()


def division_pool(division_code: str, n: int, seed: int = 0) -> list[Company]:
    """Companies of the full universe (n, seed) located in one province, city or county.

    These are exactly the companies `generate_companies(n, seed)` yields for that division,
    so parties drawn from a pool can be matched against the registry.
    """
    if division_code not in divisions_by_code():
        raise ValueError(f"unknown division code {division_code!r}")
    prefix = _prefix_of(division_code)
    out: list[Company] = []
    for unit, count in _universe_allocation(n):
        if count == 0 or not _matches(unit, [prefix]):
            continue
        companies = city_companies(unit.city.code, count, seed)
        if len(prefix) == 6 and unit.city.code != division_code:
            out.extend(c for c in companies if c.division_code == division_code)
        else:
            out.extend(companies)
    return out


@lru_cache(maxsize=8)
def _universe_allocation(n: int) -> tuple[tuple[CityUnit, int], ...]:
    return tuple(allocate(n))

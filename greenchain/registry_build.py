"""Build the source registry from the GB/T 2260 division list, and add the historical real URLs.

Provenance: the division list is the `adcodes.csv` shipped as package data of `cpca`
(GB/T 2260 codes, 3,511 divisions). Taiwan, Hong Kong and Macao are left out: their
environmental authorities do not publish into this system.
"""

from __future__ import annotations

import codecs
import csv
import importlib.util
import io
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from greenchain.configfile import ConfigError
from greenchain.ids import sha256_hex
from greenchain.paths import SHARED_REALDATA
from greenchain.registry import Level, Source, SourceKind, SourceOrigin, SourceStatus, Template

# Grouping rows in GB/T 2260 that are not divisions with a bureau of their own.
_PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_LEFT_OUT_PROVINCES = frozenset({"71", "81", "82"})  # 台湾, 香港, 澳门
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})  # 北京, 天津, 上海, 重庆

_PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
}
_ETHNIC_GROUPS = [
    "蒙古",
    "满",
    "回",
    "朝鲜",
    "藏",
    "苗",
    "布依",
    "土家",
    "彝",
    "壮",
    "侗",
    "瑶",
    "白",
    "哈尼",
    "傣",
    "傈僳",
    "佤",
    "拉祜",
    "纳西",
    "景颇",
    "黎",
    "羌",
    "仡佬",
    "水",
    "毛南",
    "仫佬",
    "畲",
    "土",
    "撒拉",
    "东乡",
    "保安",
    "裕固",
    "哈萨克",
    "柯尔克孜",
    "锡伯",
    "达斡尔",
    "鄂温克",
    "鄂伦春",
    "塔吉克",
    "维吾尔",
    "怒",
    "独龙",
    "普米",
    "阿昌",
    "德昂",
    "基诺",
    "布朗",
    "门巴",
    "珞巴",
    "赫哲",
    "俄罗斯",
    "乌孜别克",
    "塔塔尔",
    "京",
    "高山",
    "各",
]
_ETHNIC_SUFFIX = re.compile(
    "(" + "|".join(sorted((g + "族" for g in _ETHNIC_GROUPS), key=len, reverse=True)) + ")$"
)
_SUFFIX = re.compile(r"(特别行政区|省|市|地区|盟|区|县|旗|林区)$")


@lru_cache(maxsize=8192)
def short_name(name: str) -> str:
    """The name as used in company names and authority names: 苏州市 → 苏州, 延边朝鲜族自治州 → 延边."""
    if name in _PROVINCE_SHORT:
        return _PROVINCE_SHORT[name]
    if "自治" in name:
        s = name[: name.index("自治")]
        while (stripped := _ETHNIC_SUFFIX.sub("", s)) != s:
            s = stripped
    else:
        s = _SUFFIX.sub("", name)
    # One-character stems (忠县, 沙县, 城区) keep their suffix: nobody writes "忠" alone.
    return s if len(s) >= 2 else name


@dataclass(frozen=True, slots=True)
class Division:
    """One GB/T 2260 division that has an ecology-and-environment bureau."""

    code: str  # 6 digits
    name: str  # official name: 江苏省, 苏州市, 昆山市
    level: Level
    province_code: str
    province: str
    city_code: str | None  # the prefecture (or municipality) it belongs to; itself for a prefecture
    city: str | None
    county: str | None

    @property
    def short(self) -> str:
        return short_name(self.name)


DIVISIONS_PROVENANCE = "GB/T 2260 division codes from the cpca package data (cpca/resources/adcodes.csv)"


def _adcodes_path() -> Path:
    # find_spec locates the package without importing it (cpca's __init__ needs pkg_resources).
    spec = importlib.util.find_spec("cpca")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("package cpca is not installed: it ships the GB/T 2260 division list")
    return Path(spec.origin).parent / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def load_divisions() -> tuple[Division, ...]:
    """Every province, prefecture and county with a bureau, in code order."""
    names: dict[str, str] = {}
    with _adcodes_path().open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names[row["adcode"][:6]] = row["name"]
    out: list[Division] = []
    for code in sorted(names):
        name = names[code]
        pcode = code[:2] + "0000"
        if code[:2] in _LEFT_OUT_PROVINCES or name in _PLACEHOLDER_NAMES:
            continue
        prov = names[pcode]
        if code == pcode:
            municipal = code[:2] in MUNICIPALITIES
            out.append(
                Division(
                    code,
                    name,
                    Level.PROVINCE,
                    pcode,
                    prov,
                    pcode if municipal else None,
                    name if municipal else None,
                    None,
                )
            )
            continue
        parent_code = code[:4] + "00"
        parent = names.get(parent_code)
        if code.endswith("00"):
            out.append(Division(code, name, Level.PREFECTURE, pcode, prov, code, name, None))
        elif code[:2] in MUNICIPALITIES:
            out.append(Division(code, name, Level.COUNTY, pcode, prov, pcode, prov, name))
        elif parent in _PLACEHOLDER_NAMES:
            # County-level cities directly under the province (济源, 仙桃, 石河子) run a
            # city-level bureau of their own, so they act as prefectures.
            out.append(Division(code, name, Level.PREFECTURE, pcode, prov, code, name, None))
        else:
            if parent is None:
                raise ValueError(f"{_adcodes_path()}: division {code} {name} has no parent {parent_code}")
            out.append(Division(code, name, Level.COUNTY, pcode, prov, parent_code, parent, name))
    return tuple(out)


@lru_cache(maxsize=1)
def divisions_by_code() -> dict[str, Division]:
    return {d.code: d for d in load_divisions()}


# --- the generated registry -----------------------------------------------------------------

# Province bureau hosts as the real sites name them (sthjt.<province>.gov.cn, with the
# exceptions real provinces use), and the pinyin abbreviation used under their gov.cn domain.
PROVINCE_SITES: dict[str, tuple[str, str]] = {
    "11": ("sthjj.beijing.gov.cn", "beijing"),
    "12": ("sthj.tj.gov.cn", "tj"),
    "13": ("hbepb.hebei.gov.cn", "hebei"),
    "14": ("sthjt.shanxi.gov.cn", "shanxi"),
    "15": ("sthjt.nmg.gov.cn", "nmg"),
    "21": ("sthj.ln.gov.cn", "ln"),
    "22": ("sthjt.jl.gov.cn", "jl"),
    "23": ("sthj.hlj.gov.cn", "hlj"),
    "31": ("sthj.sh.gov.cn", "sh"),
    "32": ("sthjt.jiangsu.gov.cn", "jiangsu"),
    "33": ("sthjt.zj.gov.cn", "zj"),
    "34": ("sthjt.ah.gov.cn", "ah"),
    "35": ("sthjt.fujian.gov.cn", "fujian"),
    "36": ("sthjt.jiangxi.gov.cn", "jiangxi"),
    "37": ("hbt.shandong.gov.cn", "shandong"),
    "41": ("sthjt.henan.gov.cn", "henan"),
    "42": ("sthjt.hubei.gov.cn", "hubei"),
    "43": ("sthjt.hunan.gov.cn", "hunan"),
    "44": ("gdee.gd.gov.cn", "gd"),
    "45": ("sthjt.gxzf.gov.cn", "gxzf"),
    "46": ("hnsthb.hainan.gov.cn", "hainan"),
    "50": ("sthjj.cq.gov.cn", "cq"),
    "51": ("sthjt.sc.gov.cn", "sc"),
    "52": ("sthj.guizhou.gov.cn", "guizhou"),
    "53": ("sthjt.yn.gov.cn", "yn"),
    "54": ("ee.xizang.gov.cn", "xizang"),
    "61": ("sthjt.shaanxi.gov.cn", "shaanxi"),
    "62": ("sthj.gansu.gov.cn", "gansu"),
    "63": ("sthjt.qinghai.gov.cn", "qinghai"),
    "64": ("sthjt.nx.gov.cn", "nx"),
    "65": ("sthjt.xinjiang.gov.cn", "xinjiang"),
}
# One-character province abbreviations used in decision numbers (苏环罚字〔2023〕12号).
PROVINCE_ABBR = {
    "11": "京",
    "12": "津",
    "13": "冀",
    "14": "晋",
    "15": "蒙",
    "21": "辽",
    "22": "吉",
    "23": "黑",
    "31": "沪",
    "32": "苏",
    "33": "浙",
    "34": "皖",
    "35": "闽",
    "36": "赣",
    "37": "鲁",
    "41": "豫",
    "42": "鄂",
    "43": "湘",
    "44": "粤",
    "45": "桂",
    "46": "琼",
    "50": "渝",
    "51": "川",
    "52": "黔",
    "53": "滇",
    "54": "藏",
    "61": "陕",
    "62": "甘",
    "63": "青",
    "64": "宁",
    "65": "新",
}
# Provinces where Hanweb jcms runs most bureau sites.
HANWEB_PROVINCES = frozenset({"32", "33", "36"})

KIND_SLUG = {
    SourceKind.PENALTY_DECISION: "xzcf",
    SourceKind.ORDER_TO_CORRECT: "zlgz",
    SourceKind.MONITORING_EXCEEDANCE: "cbpf",
    SourceKind.KEY_POLLUTER_LIST: "zddw",
    SourceKind.ENTERPRISE_DISCLOSURE: "yfpl",
}
KIND_LIST_PATHS: dict[SourceKind, tuple[str, ...]] = {
    SourceKind.PENALTY_DECISION: (
        "/xxgk/xzcf/",
        "/hjzf/xzcf/",
        "/zwgk/xzcf/",
        "/xxgk/hjgl/xzcf/xzcfjd/",
        "/zfxxgk/fdzdgknr/xzcf/",
        "/hjjc/xzcf/",
    ),
    SourceKind.ORDER_TO_CORRECT: ("/xxgk/zlgz/", "/hjzf/zlgzwfxw/", "/zwgk/xzzf/zlgz/"),
    SourceKind.MONITORING_EXCEEDANCE: ("/hjzl/zxjc/cbqk/", "/xxgk/zdjkqy/cbxx/", "/hjjc/zxjccb/"),
    SourceKind.KEY_POLLUTER_LIST: ("/xxgk/zdpwdw/", "/hjgl/zdjgdwml/", "/zwgk/zdpwdwml/"),
    SourceKind.ENTERPRISE_DISCLOSURE: ("/api/disclosure/list",),
}
GENERATED_NOTE = "URL generated from the naming convention; verify before production"
REGISTRY_SEED = "greenchain-registry-v1"


@lru_cache(maxsize=16384)
def _pinyin(text: str, sep: str = "") -> str:
    from pypinyin import lazy_pinyin  # only the generator needs it

    return sep.join(lazy_pinyin(text)).lower()


def bureau_name(d: Division, style: int = 0) -> str:
    """The authority's official name: 江苏省生态环境厅, 南京市生态环境局, 南京市生态环境局玄武分局.

    County bureaus became branches of the city bureau in the 2019 reform; sites still use three
    styles, chosen by `style`: 0 = 分局 (南京市生态环境局玄武分局), 1 = 苏州市吴中生态环境局, 2 = 玄武区生态环境局.
    """
    if d.level == Level.PROVINCE:
        return f"{d.name}生态环境{'局' if d.code[:2] in MUNICIPALITIES else '厅'}"
    if d.level == Level.PREFECTURE:
        return f"{d.name}生态环境局"
    assert d.city is not None
    if d.code[:2] in MUNICIPALITIES or style == 2:
        return f"{d.city if d.code[:2] in MUNICIPALITIES else ''}{d.name}生态环境局"
    if style == 1:
        return f"{d.city}{d.short}生态环境局"
    return f"{d.city}生态环境局{d.short}分局"


def decision_prefix(d: Division, kind: SourceKind) -> str:
    """The issuing prefix of decision numbers: 苏环罚字, 宁环罚, 娄环罚(冷), 苏环责改字.

    Deterministic from the division, so the registry's pattern and the simulator agree.
    """
    h = int(sha256_hex(d.code.encode())[:8], 16)
    if d.level == Level.PROVINCE:
        head = PROVINCE_ABBR[d.code[:2]]
    elif d.level == Level.PREFECTURE:
        head = d.short[0] if d.short[0] not in PROVINCE_ABBR.values() or h % 3 else d.short[:2]
    else:
        assert d.city is not None
        city_head = short_name(d.city)[0]
        head = f"{city_head}" if h % 2 else d.short[0]
    core = "环罚" if kind == SourceKind.PENALTY_DECISION else "环责改"
    zi = "字" if h % 4 in (0, 1) else ""
    tail = f"({d.short[0]})" if d.level == Level.COUNTY and h % 2 else ""
    return f"{head}{core}{tail}{zi}"


def decision_no_pattern(prefix: str) -> str:
    """Regex matching every rendering of a decision number with this prefix (any bracket style)."""
    p = re.escape(prefix).replace(r"\(", "[(（]").replace(r"\)", "[)）]")
    return p + r"[〔\[【(（［]\d{4}[〕\]】)）］]第?\s*\d{1,4}\s*号"


def _unique_host(candidate: str, fallback: str, taken: set[str]) -> str:
    host = candidate if candidate not in taken else fallback
    n = 2
    while host in taken:
        host = f"{fallback.split('.', 1)[0]}{n}.{fallback.split('.', 1)[1]}"
        n += 1
    taken.add(host)
    return host


def _template_for_host(rng: random.Random, province_code: str) -> Template:
    r = rng.random()
    if province_code in HANWEB_PROVINCES:
        return Template.HANWEB_JCMS if r < 0.6 else Template.TRS_WCM if r < 0.85 else Template.HTML_TABLE
    if r < 0.12:
        return Template.HANWEB_JCMS
    if r < 0.6:
        return Template.TRS_WCM
    if r < 0.88:
        return Template.HTML_TABLE
    return Template.JSON_API


def _template_for(rng: random.Random, site: Template, kind: SourceKind) -> Template:
    """Lists of firms (key polluters, monitoring) are mostly spreadsheets linked from an article."""
    r = rng.random()
    if kind == SourceKind.KEY_POLLUTER_LIST:
        return Template.ATTACHMENT if r < 0.8 else site
    if kind == SourceKind.MONITORING_EXCEEDANCE:
        return Template.ATTACHMENT if r < 0.4 else site
    if kind == SourceKind.PENALTY_DECISION:
        return Template.ATTACHMENT if r < 0.1 else site
    return site


def _list_path(
    rng: random.Random, template: Template, kind: SourceKind, taken: set[str], host: str, prefix: str = ""
) -> tuple[str, dict[str, str]]:
    """A list path unique on its host, and the template parameters that go with it."""
    while True:
        params: dict[str, str] = {}
        if template == Template.HANWEB_JCMS:
            col = rng.randint(1200, 99999)
            path = f"/col/col{col}/index.html"
            params = {
                "columnid": str(col),
                "unitid": str(rng.randint(1000, 999999)),
                "webid": str(rng.randint(1, 600)),
            }
        elif template == Template.JSON_API:
            slug = KIND_SLUG[kind]
            path = f"{prefix}/api/{slug}/list"
            params = {"detail_path": f"{prefix}/api/{slug}/detail"}
        elif template == Template.HTML_TABLE:
            base = rng.choice(KIND_LIST_PATHS[kind]).rstrip("/")
            path = f"{prefix}{base}/list.html" if rng.random() < 0.5 else f"{prefix}{base}/index.jsp"
        else:  # TRS WCM and attachment articles use TRS-style folders
            path = prefix + rng.choice(KIND_LIST_PATHS[kind])
        if (host, path) not in taken:
            taken.add((host, path))  # type: ignore[arg-type]
            return path, params


def generate_registry() -> list[Source]:
    """Every province, prefecture and county bureau, with several kinds per province and prefecture.

    Deterministic (fixed seed): the committed config/sources/registry.csv is its output.
    """
    rng = random.Random(REGISTRY_SEED)
    divisions = load_divisions()
    by_code = divisions_by_code()
    hosts: set[str] = set()
    paths: set[str] = set()
    site_template: dict[str, Template] = {}
    city_host: dict[str, str] = {}
    sources: list[Source] = []

    def add(
        d: Division,
        kind: SourceKind,
        host: str,
        authority: str,
        *,
        slug: str | None = None,
        template: Template | None = None,
        prefix: str = "",
        min_items: int = 1,
        note: str = "",
    ) -> None:
        if host not in site_template:
            site_template[host] = _template_for_host(rng, d.code[:2])
        tpl = template or _template_for(rng, site_template[host], kind)
        path, params = _list_path(rng, tpl, kind, paths, host, prefix)
        if tpl == Template.HANWEB_JCMS:
            params["webname"] = authority
        gbk = tpl in (Template.TRS_WCM, Template.HTML_TABLE, Template.ATTACHMENT) and rng.random() < 0.3
        has_no = kind in (SourceKind.PENALTY_DECISION, SourceKind.ORDER_TO_CORRECT)
        sources.append(
            Source(
                id=f"{d.code}-{slug or KIND_SLUG[kind]}",
                authority=authority,
                division_code=d.code,
                province=d.province,
                city=d.city,
                county=d.county,
                level=d.level,
                kind=kind,
                template=tpl,
                base_url=f"http://{host}",
                list_path=path,
                params=params,
                encoding="gbk" if gbk else "utf-8",
                schedule="daily" if kind != SourceKind.KEY_POLLUTER_LIST else "weekly",
                delay_s=1.0 if d.level != Level.COUNTY else 2.0,
                concurrency=2 if d.level != Level.COUNTY else 1,
                min_items=min_items,
                decision_no_pattern=decision_no_pattern(decision_prefix(d, kind)) if has_no else None,
                notes="; ".join(filter(None, [note, GENERATED_NOTE])),
            )
        )

    for d in divisions:
        pc = d.code[:2]
        if d.level == Level.PROVINCE:
            host = _unique_host(PROVINCE_SITES[pc][0], PROVINCE_SITES[pc][0], hosts)
            if pc in MUNICIPALITIES:
                city_host[d.code] = host
            auth = bureau_name(d)
            for kind in (
                SourceKind.PENALTY_DECISION,
                SourceKind.ORDER_TO_CORRECT,
                SourceKind.MONITORING_EXCEEDANCE,
                SourceKind.KEY_POLLUTER_LIST,
            ):
                add(d, kind, host, auth)
            gov = PROVINCE_SITES[pc][1]
            add(
                d,
                SourceKind.ENTERPRISE_DISCLOSURE,
                _unique_host(f"hjxxpl.{gov}.gov.cn", f"hjxxpl.{gov}.gov.cn", hosts),
                auth,
                template=Template.JSON_API,
                note="provincial enterprise disclosure system (MEE Order 24)",
            )
            add(
                d,
                SourceKind.PENALTY_DECISION,
                _unique_host(f"credit.{gov}.gov.cn", f"credit.{gov}.gov.cn", hosts),
                auth,
                slug="sgs",
                template=Template.JSON_API,
                note="双公示 credit portal",
            )
        elif d.level == Level.PREFECTURE:
            gov = PROVINCE_SITES[pc][1]
            py = _pinyin(d.short)
            host = _unique_host(f"sthjj.{py}.gov.cn", f"sthjj.{gov}{py}.gov.cn", hosts)
            city_host[d.code] = host
            auth = bureau_name(d)
            for kind in (
                SourceKind.PENALTY_DECISION,
                SourceKind.ORDER_TO_CORRECT,
                SourceKind.MONITORING_EXCEEDANCE,
                SourceKind.KEY_POLLUTER_LIST,
            ):
                add(d, kind, host, auth)
            if rng.random() < 0.5:
                credit = _unique_host(f"credit.{py}.gov.cn", f"credit.{gov}{py}.gov.cn", hosts)
                add(
                    d,
                    SourceKind.PENALTY_DECISION,
                    credit,
                    auth,
                    slug="sgs",
                    template=Template.JSON_API,
                    note="双公示 credit portal",
                )
        else:
            assert d.city_code is not None
            style = rng.choices((0, 1, 2), weights=(6, 2, 2))[0]
            auth = bureau_name(d, style)
            py = _pinyin(d.short)
            small = rng.random() < 0.35  # many county bureaus publish rarely
            if style == 0 and pc not in MUNICIPALITIES and d.city_code in city_host:
                host, prefix = city_host[d.city_code], f"/{py}fj"
            else:
                city_py = _pinyin(by_code[d.city_code].short)
                host = _unique_host(f"www.{py}.gov.cn", f"www.{city_py}{py}.gov.cn", hosts)
                prefix = "/zwgk/sthjj" if rng.random() < 0.5 else ""
            add(d, SourceKind.PENALTY_DECISION, host, auth, prefix=prefix, min_items=0 if small else 1)
            if rng.random() < 0.22:
                add(d, SourceKind.ORDER_TO_CORRECT, host, auth, prefix=prefix, min_items=0)
    return sources


REGISTRY_COLUMNS = tuple(Source.model_fields)


def registry_csv_text(sources: list[Source]) -> str:
    """The committed registry file: a provenance comment, then one source a line."""
    buf = io.StringIO()
    buf.write(
        "# Source registry generated by `greenchain sources generate` (greenchain/registry_build.py).\n"
        f"# Divisions: {DIVISIONS_PROVENANCE}.\n"
        "# Hosts and paths follow real naming conventions but are GENERATED: verify each URL before\n"
        "# production use. The simulator serves every row on 127.0.0.1.\n"
    )
    w = csv.DictWriter(buf, fieldnames=REGISTRY_COLUMNS, lineterminator="\n")
    w.writeheader()
    for s in sources:
        row = s.model_dump(mode="json")
        row["params"] = ";".join(f"{k}={v}" for k, v in s.params.items())
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buf.getvalue()


def write_registry(path: Path, sources: list[Source] | None = None) -> int:
    sources = generate_registry() if sources is None else sources
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(registry_csv_text(sources), encoding="utf-8")
    return len(sources)


# --- historical real URLs (read at load time, never copied into the repo) -------------------

HISTORICAL_DIR_NAME = "cn-env-source-urls"
_URL = re.compile(r"^(https?://[^/\s]+)(/\S*)?$")


def _division_for_area(area: str, script: str) -> Division:
    """`百色市`, `成都-青白江区`, `西藏自治区`, or (area blank) the pinyin in the script name."""
    divisions = load_divisions()
    if area:
        parts = area.split("-")
        if len(parts) == 2:
            city = [d for d in divisions if d.level != Level.COUNTY and d.short == short_name(parts[0])]
            if city:
                pc = city[0].code
                inside = [
                    d
                    for d in divisions
                    if d.level == Level.COUNTY and d.city_code == (city[0].city_code or pc)
                ]
                # Divisions were renamed since (郫县 → 郫都区, 双流县 → 双流区): exact name, then the
                # short name, then a unique first character within the city.
                for same in (
                    lambda d: d.name == parts[1],
                    lambda d: d.short == short_name(parts[1]),
                    lambda d: d.name[0] == parts[1][0],
                ):
                    hit = [d for d in inside if same(d)]
                    if len(hit) == 1:
                        return hit[0]
        hit = [d for d in divisions if d.name == area]
        if len(hit) == 1:
            return hit[0]
        raise ValueError(f"area {area!r} matches {len(hit)} divisions")
    stem = script.removesuffix(".py").lower()
    tokens = set(stem.split("_"))
    # Spell a division in full only when its first character's syllable is in the script name.
    best = [
        d
        for d in divisions
        if d.level != Level.PROVINCE and _pinyin(d.name[0]) in tokens and _pinyin(d.name, "_") in stem
    ]
    if not best:
        raise ValueError(f"no area and no division name in script name {script!r}")
    return max(best, key=lambda d: (len(d.name), d.level == Level.COUNTY))


def _guess_template(url: str) -> Template:
    if "/col/col" in url:
        return Template.HANWEB_JCMS
    if ".shtml" in url or re.search(r"/index(_|\.html)", url):
        return Template.TRS_WCM
    return Template.HTML_TABLE


def historical_sources(folder: Path) -> list[Source]:
    """One `historical` source per 2019 scraper row in ../shared/realdata/cn-env-source-urls/*.csv."""
    out: list[Source] = []
    for f in sorted(folder.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            for line_no, row in enumerate(csv.DictReader(fh), start=2):
                where = f"{f}:{line_no}"
                urls = row["list_urls"].split()
                if not urls:
                    raise ConfigError(f"{where}: column 'list_urls': empty")

                # The list URL a crawler would start from: one that is not a bare pagination prefix.
                def rank(u: str) -> tuple[bool, bool, int]:
                    m = _URL.match(u)
                    has_path = bool(m and (m.group(2) or "/") != "/")
                    return has_path, not u.endswith(("_", "-", "=")), len(u)

                chosen = max(urls, key=rank)
                m = _URL.match(chosen)
                if m is None:
                    raise ConfigError(f"{where}: column 'list_urls': not a URL: {chosen!r}")
                try:
                    d = _division_for_area(row["area"].strip(), row["script"])
                except ValueError as e:
                    raise ConfigError(f"{where}: column 'area': {e}") from None
                authority = (row.get("deal_unit") or "").split("|")[0].strip() or f"{d.name}环境保护局"
                stem = re.sub(r"[^a-z0-9_-]", "-", row["script"].removesuffix(".py").lower())
                out.append(
                    Source(
                        id=f"hist-{stem}",
                        authority=authority,
                        division_code=d.code,
                        province=d.province,
                        city=d.city,
                        county=d.county,
                        level=d.level,
                        kind=SourceKind.PENALTY_DECISION,
                        template=_guess_template(chosen),
                        base_url=m.group(1),
                        list_path=m.group(2) or "/",
                        status=SourceStatus.HISTORICAL,
                        origin=SourceOrigin.HISTORICAL,
                        # One row joins two patterns with " || "; as a regex that is an empty alternative.
                        decision_no_pattern=re.sub(r"\s*\|\|\s*", "|", row.get("doc_no_regex") or "") or None,
                        notes=f"2019 list URL(s) from {f.name} ({row['script']}): {' '.join(urls)}; "
                        "domain has likely moved",
                    )
                )
    return out


def historical_dir() -> Path | None:
    folder = SHARED_REALDATA / HISTORICAL_DIR_NAME
    return folder if folder.is_dir() else None


# --- validation beyond the row model ---------------------------------------------------------

# Parameters a template needs, and those it may carry. Hanweb jcms columns state their proxy
# parameters on the page (crawlers/pages/jcms.py); the registry's values are only a fallback.
TEMPLATE_PARAMS: dict[Template, tuple[str, ...]] = {Template.JSON_API: ("detail_path",)}
ALLOWED_PARAMS: dict[Template, frozenset[str]] = {
    Template.HANWEB_JCMS: frozenset({"columnid", "unitid", "webid", "webname", "perpage", "method", "dataproxy_path"}),
    Template.JSON_API: frozenset({"detail_path", "page_size"}),
}


def _source_problems(s: Source) -> list[str]:
    problems = [
        f"template {s.template.value} needs parameter {k!r}"
        for k in TEMPLATE_PARAMS.get(s.template, ())
        if k not in s.params
    ]
    allowed = ALLOWED_PARAMS.get(s.template, frozenset())
    problems += [f"template {s.template.value} has no parameter {k!r}" for k in sorted(set(s.params) - allowed)]
    try:
        codecs.lookup(s.encoding)
    except LookupError:
        problems.append(f"unknown encoding {s.encoding!r}")
    if s.decision_no_pattern:
        try:
            re.compile(s.decision_no_pattern)
        except re.error as e:
            problems.append(f"decision_no_pattern does not compile: {e}")
    return problems


def registry_problems(config_dir: Path) -> list[str]:
    """Problems the row model cannot see (template parameters, encodings, regexes, duplicate
    list URLs), each as `file:line: id: problem`. Rows are assumed to have passed load_registry."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for f in sorted((config_dir / "sources").glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            numbered = [(n, ln) for n, ln in enumerate(fh, start=1) if not ln.startswith("#")]
        reader = csv.DictReader(ln for _, ln in numbered)
        for (line_no, _), row in zip(numbered[1:], reader, strict=False):
            s = Source.model_validate({k: (v if v != "" else None) for k, v in row.items()})
            where = f"{f}:{line_no}"
            problems += [f"{where}: {s.id}: {p}" for p in _source_problems(s)]
            if s.status == SourceStatus.ACTIVE:
                if s.list_url in seen:
                    problems.append(f"{where}: {s.id}: list URL {s.list_url} is also {seen[s.list_url]}")
                seen[s.list_url] = f"{where} ({s.id})"
    return problems


# --- rows found on the sites themselves ----------------------------------------------------------

def division_for_authority(authority: str) -> Division | None:
    """The division an authority's name belongs to (南京市生态环境局玄武分局 → 玄武区), or None when
    the name does not say it unambiguously.

    A short name that is only part of another division's full name does not count (朝阳 in 朝阳市);
    among what is left the deepest division wins, a county whose city is named too before one whose
    city is not (北京市朝阳区 is Beijing's 朝阳区, not 长春's)."""
    by_code = divisions_by_code()
    spans: list[tuple[Division, int, int, bool]] = []
    for d in load_divisions():
        for text, full in ((d.name, True), (d.short, False)):
            if (full or len(text) >= 2) and (i := authority.find(text)) >= 0:
                spans.append((d, i, i + len(text), full))
                break
    fulls = [(i, j) for _d, i, j, full in spans if full]
    kept = [d for d, i, j, full in spans
            if not any(a <= i and j <= b and (a, b) != (i, j) for a, b in fulls)]
    if not kept:
        return None

    def parent_named(d: Division) -> bool:
        parent = by_code.get((d.city_code if d.level == Level.COUNTY else d.province_code) or "")
        return parent is not None and parent.code != d.code and (parent.name in authority or parent.short in authority)

    depth = {Level.COUNTY: 3, Level.PREFECTURE: 2, Level.PROVINCE: 1}
    best = max((depth[d.level], parent_named(d)) for d in kept)
    top = [d for d in kept if (depth[d.level], parent_named(d)) == best]
    return top[0] if len(top) == 1 else None

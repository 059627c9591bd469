"""Build the source registry from the GB/T 2260 division list, and add the historical real URLs.

Provenance: the division list is the `adcodes.csv` shipped as package data of `cpca`
(GB/T 2260 codes, 3,511 divisions). Taiwan, Hong Kong and Macao are left out: their
environmental authorities do not publish into this system.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from greenchain.registry import Level

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

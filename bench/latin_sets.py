"""The real Latin-script labelled sets (../shared/realdata), loaded for calibration and the benchmark.

- en-zh-names: listed companies (registered Chinese name, official English name, area) and supplier-list
  pairs with hard negatives. Split in two by a hash of the stock code: the `calibration` half fits
  config/latin.yaml's cross-script weights, the `report` half is what the benchmark reports.
- OAR labelled facility pairs and PATSTAT applicant clusters (English ↔ English).
- Apple's supplier list over the years (names drifting: "Co., Ltd." / "Company Limited").
"""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass
from pathlib import Path

from greenchain.paths import SHARED_REALDATA
from match.regions import gazetteer, region_pinyin

EN_ZH = SHARED_REALDATA / "en-zh-names"
# area column values that are not a division's short name
_AREA = {"内蒙": "内蒙古"}


@dataclass(frozen=True)
class EnZhPair:
    key: str  # stock code, or "supplier:<row>"
    en_name: str
    en_address: str  # as a supplier list gives it ("" for listed companies)
    zh_name: str
    area: str  # province or municipality (listed companies), "" when unknown
    negatives: tuple[str, ...] = ()
    short_name: str = ""  # the Chinese short name a registry of listed firms carries (万科A, 汇顶科技)


def half(key: str) -> str:
    """'calibration' or 'report': a fixed split by a hash of the key (no peeking, no reshuffling)."""
    return "calibration" if zlib.crc32(key.encode()) % 2 == 0 else "report"


def area_code(area: str) -> str:
    """A listed company's area (浙江, 深圳, 内蒙) as a division code (330000, 440300, 150000); '' if unknown."""
    gaz = gazetteer()
    name = _AREA.get(area, area)
    codes = gaz.zh.get(name) or frozenset()
    if not codes:
        for suffix in ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区"):
            codes = gaz.zh.get(name + suffix) or frozenset()
            if codes:
                break
    best = min(codes, key=len) if codes else ""
    return (best + "0000")[:6] if best else ""


def area_english(area: str) -> str:
    """浙江 → Zhejiang: how a supplier list from 2020 on gives a facility's place."""
    return region_pinyin(_AREA.get(area, area)).title() if area else ""


def listed_pairs(path: Path | None = None) -> list[EnZhPair]:
    path = path or EN_ZH / "listed_companies.csv"
    with path.open(encoding="utf-8") as f:
        return [EnZhPair(r["ts_code"], r["en_name"], "", r["zh_name"], r["area"], short_name=r.get("short_name") or "")
                for r in csv.DictReader(f)]


def supplier_pairs(path: Path | None = None) -> list[EnZhPair]:
    path = path or EN_ZH / "supplier_pairs.csv"
    with path.open(encoding="utf-8") as f:
        return [EnZhPair(f"supplier:{i}", r["en_name"], r["en_address"], r["zh_name"], "",
                         tuple(n for n in r["negatives"].split(";") if n.strip()))
                for i, r in enumerate(csv.DictReader(f))]


def oar_pairs() -> list[dict[str, str]]:
    """Open Apparel Registry labelled facility pairs (label, id/name/address/country of a and b)."""
    with (SHARED_REALDATA / "oar-facility-matching" / "training_pairs.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def patstat_records() -> list[tuple[str, str, str]]:
    """PATSTAT applicants: (person_id, hand-checked cluster id, name as filed)."""
    with (SHARED_REALDATA / "dedupe-patstat" / "patstat_reference.csv").open(encoding="utf-8") as f:
        return [(r["person_id"], r["leuven_id"], r["person_name"].lstrip("* ").strip()) for r in csv.DictReader(f)]

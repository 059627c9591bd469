"""Demo reference data for the match stage: the company registry and brand supplier lists.

- data/reference/companies.parquet: the universe `generate_companies(n, seed)`, the same companies
  the simulator's publications name as parties, so every simulated violator is in the registry;
  plus, for brands whose list is real (../shared/realdata), companies whose English name is a real
  supplier on that list (with a generated Chinese name), so the demo can match the real list.
- data/reference/suppliers/<brand>.csv for generated brands: English names (voltedge) or Chinese
  names with the noise real lists carry (huaxin-textile, lumen-home). When the real data folder is
  absent, brands pointing at it get a generated stand-in list, and the summary says so.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import opencc
import pyarrow as pa
import pyarrow.parquet as pq

from greenchain.brands import Brand, load_brands, realdata_path
from greenchain.paths import SHARED_REALDATA, DataPaths
from greenchain.registry_build import divisions_by_code
from match.names import default_lexicon, parse_en_name
from match.regions import gazetteer
from simulator.codes import make_uscc
from simulator.companies import COMPANY_COLUMNS, TRADE_CHARS, Company, generate_companies, pinyin_title

SUPPLIER_COLUMNS = ("supplier_name", "address", "country", "tier", "uscc")
# Demo suppliers sit where the demo crawls (江苏, 浙江, 广东), so some of them meet a penalty.
DEMO_PROVINCES = ("32", "33", "44")
# Which industries each generated brand buys from (Chinese industry words in company names).
BRAND_INDUSTRIES = {
    "voltedge": ("电子", "电子科技", "光电", "电路板", "电池", "五金", "塑胶制品", "金属制品"),
    "huaxin-textile": ("纺织", "印染", "针织", "制衣", "服饰", "染整", "皮革"),
    "lumen-home": ("家具", "五金", "五金制品", "塑料", "玻璃", "陶瓷", "包装", "涂料"),
    "apple": ("电子", "电子科技", "光电", "电路板", "电池", "精密机械", "新材料"),
    "greenstep": ("皮革", "纺织", "针织", "服饰", "制衣", "塑胶制品", "橡胶"),
}
SUPPLIERS_PER_BRAND = 150
_S2T = opencc.OpenCC("s2t")
_FORMS = ("有限公司", "有限责任公司", "股份有限公司")


def _industry_of(c: Company) -> str | None:
    for ind in sorted((i for inds in BRAND_INDUSTRIES.values() for i in inds), key=len, reverse=True):
        if ind in c.name:
            return ind
    return None


def _pick_suppliers(
    companies: list[Company], industries: tuple[str, ...], n: int, rng: random.Random, need_english: bool
) -> list[Company]:
    pool = [
        c
        for c in companies
        if c.division_code[:2] in DEMO_PROVINCES
        and c.parent_company_id is None
        and any(i in c.name for i in industries)
        and (c.english_name or not need_english)
    ]
    rng.shuffle(pool)
    return sorted(pool[:n], key=lambda c: c.company_id)


def _english_address(c: Company) -> str:
    parts = [pinyin_title(divisions_by_code()[c.division_code].short)] if c.county else []
    d = divisions_by_code()[c.division_code]
    if d.city:
        parts.append(pinyin_title(divisions_by_code()[d.city_code].short) if d.city_code else "")
    parts.append(pinyin_title(divisions_by_code()[d.province_code].short))
    return ", ".join(p for p in parts if p) + ", China"


def _noisy_english(name: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.25:
        return name.replace("Co., Ltd.", rng.choice(("Co.,Ltd", "Company Limited", "Co. Ltd", "Limited")))
    if r < 0.4:
        return name.upper()
    if r < 0.5:
        # region dropped, as firms write for foreign customers
        return re.sub(r"^\S+ ", "", name) if "(" not in name else re.sub(r" \([^)]*\)", "", name)
    return name


def _noisy_chinese(c: Company, rng: random.Random) -> str:
    name = c.name
    r = rng.random()
    if r < 0.15:
        return _S2T.convert(name)  # a Hong Kong or Taiwan buyer's list
    if r < 0.3:
        return name.replace("(", "（").replace(")", "）") if "(" in name else " ".join((name[:2], name[2:]))
    if r < 0.45:
        for f in _FORMS:
            if name.endswith(f):
                return name[: -len(f)] + rng.choice([x for x in _FORMS if x != f])
        return name
    if r < 0.55 and c.city:
        short = divisions_by_code()[divisions_by_code()[c.division_code].city_code or c.division_code].short
        if name.startswith(short) and not name.startswith(short + "市"):
            body = name[len(short) :]
            for f in _FORMS:
                if body.endswith(f):
                    return f"{body[: -len(f)]}（{short}）{f}"  # region moved into brackets
    return name


def _write_csv(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=SUPPLIER_COLUMNS, extrasaction="ignore")  # not the truth column
        w.writeheader()
        for row in rows:
            w.writerow(row)
            n += 1
    return n


def _generated_list(brand: Brand, companies: list[Company], rng: random.Random) -> list[dict[str, Any]]:
    english = brand.supplier_language == "en"
    industries = BRAND_INDUSTRIES.get(brand.id, ("电子", "机械", "纺织"))
    chosen = _pick_suppliers(companies, industries, SUPPLIERS_PER_BRAND, rng, english)
    rows: list[dict[str, Any]] = []
    for c in chosen:
        tier = rng.choice((1, 1, 2, 2, 3))
        if english:
            assert c.english_name is not None
            rows.append(
                {
                    "truth_company_id": c.company_id,
                    "supplier_name": _noisy_english(c.english_name, rng),
                    "address": _english_address(c),
                    "country": "China",
                    "tier": tier,
                    "uscc": "",
                }
            )
        else:
            rows.append(
                {
                    "truth_company_id": c.company_id,
                    "supplier_name": _noisy_chinese(c, rng),
                    "address": c.address if rng.random() < 0.8 else "",
                    "country": "中国",
                    "tier": tier,
                    "uscc": c.uscc if rng.random() < 0.3 else "",
                }
            )
    # Real lists also hold suppliers outside China and the odd broken row.
    rows.append(
        {
            "supplier_name": "Nagano Precision Parts K.K." if english else "越南富美纺织有限公司",
            "address": "Nagano, Japan" if english else "Binh Duong, Vietnam",
            "country": "Japan" if english else "Vietnam",
            "tier": 2,
            "uscc": "",
        }
    )
    rows.append(
        {"supplier_name": "", "address": "row without a name", "country": "China", "tier": 1, "uscc": ""}
    )
    return rows


# --- real lists: registry companies for their China suppliers ------------------------------


def _real_china_suppliers(path: Path) -> list[tuple[str, str]]:
    """(name, address) of the distinct China rows of a real list (Apple's or an OAR list)."""
    out: dict[tuple[str, str], None] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            name = (row.get("supplier_name") or row.get("name") or "").strip()
            country = (row.get("country") or "").strip().lower()
            addr = (row.get("supplier_address") or row.get("address") or "").strip()
            if name and country in ("china", "cn", "mainland china"):
                out[(name, addr)] = None
    return sorted(out)


def _division_for(address: str, rng: random.Random) -> str | None:
    """The most specific division an English address names (a prefecture when it names only a province)."""
    gaz = gazetteer()
    words = re.findall(r"[a-z]+", address.lower())
    tokens = words + [a + b for a, b in zip(words, words[1:], strict=False)]
    codes = sorted({c for t in tokens if len(t) >= 4 for c in gaz.pinyin.get(t, ())}, key=lambda c: (-len(c), c))
    by_code = divisions_by_code()
    provinces = {c[:2] for c in codes if len(c) == 2}
    # A city or county only counts when it lies in the province the address names (Longhua is in many places).
    for c in codes:
        full = c.ljust(6, "0")
        if full in by_code and len(c) > 2 and (not provinces or c[:2] in provinces):
            return full
    if provinces:
        prov = sorted(provinces)[0]
        cities = sorted(code for code, d in by_code.items() if code[:2] == prov and d.city_code == code)
        return rng.choice(cities) if cities else f"{prov}0000"
    return None


def _chinese_name_for(english: str, division_code: str, rng: random.Random, taken: set[str]) -> str:
    """A plausible registered Chinese name for a real English supplier name (the real one is unknown)."""
    lex = default_lexicon()
    en_to_zh = {en: zh for zh, en in lex.zh_to_en.items()}
    words = re.findall(r"[a-z]+", english.lower())
    ind = next((en_to_zh[w] for w in words if w in en_to_zh), "科技")
    d = divisions_by_code()[division_code]
    city = divisions_by_code()[d.city_code].short if d.city_code else d.short
    for _ in range(50):
        trade = rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)
        name = f"{city}{trade}{ind}有限公司"
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError(f"no free Chinese name for {english!r}")


def _realdata_companies(brand: Brand, path: Path, seed: int, taken: set[str]) -> list[Company]:
    """One registry company per real supplier and province: spellings of one name (Co.,Ltd / Co., Ltd.)
    are one firm, the same name in two provinces is two registered entities (one per factory)."""
    rng = random.Random(f"realdata-companies:{seed}:{brand.id}")
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for name, address in _real_china_suppliers(path):
        code = _division_for(address, rng) or rng.choice(("320500", "440300", "330200", "441900"))
        key = (parse_en_name(name).key, code[:2])
        g = groups.setdefault(key, {"names": {}, "code": code})
        g["names"][name] = g["names"].get(name, 0) + 1
        if len(code.rstrip("0")) > len(g["code"].rstrip("0")):
            g["code"] = code  # keep the most precise place any row gives
    out = []
    for k, (_key, g) in enumerate(sorted(groups.items())):
        names = sorted(g["names"], key=lambda n: (-g["names"][n], n))
        code = g["code"]
        d = divisions_by_code()[code]
        out.append(Company(
            company_id=f"co-{brand.id}-{k:05d}",
            name=_chinese_name_for(names[0], code, rng, taken),
            uscc=make_uscc("9", "1", code, f"{int(rng.random() * 100_000_000):08d}"),
            aliases=names[1:],
            english_name=names[0],
            address=f"{d.province}{d.city or ''}{d.county or ''}",
            division_code=code, province=d.province, city=d.city, county=d.county,
        ))
    return out


def write_demo_reference(paths: DataPaths, seed: int = 0, n_companies: int = 20000) -> dict[str, Any]:
    """Write data/reference/companies.parquet and the generated brands' supplier lists; return a summary."""
    companies = list(generate_companies(n_companies, seed))
    taken = {c.name for c in companies}
    rng = random.Random(f"demo-suppliers:{seed}")
    brands: dict[str, Any] = {}
    truth: dict[str, list[str]] = {}  # brand → the companies its list really names (for bench.daily)
    extra: list[Company] = []
    sup_dir = paths.reference / "suppliers"
    for brand in load_brands().brands:
        if brand.supplier_list.startswith("realdata:"):
            real = realdata_path(brand.supplier_list)
            if real is not None:
                added = _realdata_companies(brand, real, seed, taken)
                extra.extend(added)
                truth[brand.id] = sorted(c.company_id for c in added)
                brands[brand.id] = {
                    "source": "realdata",
                    "file": str(real),
                    "registry_companies_added": len(added),
                }
                continue
            rows = _generated_list(brand, companies, rng)
            n = _write_csv(sup_dir / f"{brand.id}.csv", rows)
            truth[brand.id] = sorted({r["truth_company_id"] for r in rows if r.get("truth_company_id")})
            brands[brand.id] = {
                "source": "stand-in",
                "rows": n,
                "note": f"{SHARED_REALDATA} is absent: generated stand-in for {brand.supplier_list}",
            }
            continue
        rows = _generated_list(brand, companies, rng)
        n = _write_csv(sup_dir / brand.supplier_list, rows)
        truth[brand.id] = sorted({r["truth_company_id"] for r in rows if r.get("truth_company_id")})
        brands[brand.id] = {"source": "generated", "rows": n, "file": str(sup_dir / brand.supplier_list)}
    write_supplier_truth(paths, truth)
    all_companies = companies + extra
    table = pa.Table.from_pylist([c.as_row() for c in all_companies], schema=registry_schema())
    paths.reference.mkdir(parents=True, exist_ok=True)
    out = paths.reference / "companies.parquet"
    tmp = out.with_suffix(".tmp")
    pq.write_table(table, tmp)
    tmp.replace(out)
    return {
        "status": "generated",
        "path": str(paths.reference),
        "companies": len(all_companies),
        "universe": {"n": n_companies, "seed": seed},
        "realdata_present": SHARED_REALDATA.exists(),
        "brands": brands,
    }


SUPPLIER_TRUTH = ".demo-supplier-truth.json"


def write_supplier_truth(paths: DataPaths, truth: dict[str, list[str]]) -> None:
    """Which registry companies each generated brand list really names, beside the demo marker: what
    bench.daily scores the alerts against (a real deployment has no such file)."""
    paths.reference.mkdir(parents=True, exist_ok=True)
    (paths.reference / SUPPLIER_TRUTH).write_text(json.dumps(truth, indent=1), encoding="utf-8")


def read_supplier_truth(paths: DataPaths) -> dict[str, list[str]]:
    p = paths.reference / SUPPLIER_TRUTH
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def registry_schema() -> pa.Schema:
    """Column types of data/reference/companies.parquet (the contract in docs/architecture.md)."""
    lists = {"former_names", "aliases"}
    return pa.schema([(c, pa.list_(pa.string()) if c in lists else pa.string()) for c in COMPANY_COLUMNS])

"""Province / city / county and GB/T 2260 division code of an address.

The division table is cpca's `adcodes.csv`, read directly: cpca's own import needs
`pkg_resources`, which setuptools ≥ 81 no longer ships, so importing cpca fails in this
environment. The lookup is a longest-name scan, with the source's own division used to
pick between same-named counties (朝阳区 is in Beijing and in Changchun).
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_MUNICIPALITIES = {"11", "12", "31", "50"}
_PROV_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_CITY_SUFFIXES = ("自治州", "地区", "市", "盟")
_SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_SHORT_PLACE = re.compile(r"^[\u4e00-\u9fff]{2}(?:自治州|州|市|县|区|盟|地区)")


@dataclass(frozen=True)
class Division:
    code: str  # 6 digits
    name: str
    rank: int  # 0 province, 1 city, 2 county


@dataclass(frozen=True)
class Place:
    province: str | None
    city: str | None
    county: str | None
    division_code: str | None


def _adcodes_csv() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the cpca package (division table adcodes.csv) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


class DivisionIndex:
    def __init__(self, rows: list[Division]) -> None:
        self.by_code = {d.code: d for d in rows}
        self.names: dict[str, list[Division]] = {}
        for d in rows:
            for alias in self._aliases(d):
                self.names.setdefault(alias, []).append(d)
        self.max_len = max(len(n) for n in self.names)
        # name lengths by first character, longest first: the scan only tries lengths that exist
        lens: dict[str, set[int]] = {}
        for n in self.names:
            lens.setdefault(n[0], set()).add(len(n))
        self._lens = {c: sorted(ls, reverse=True) for c, ls in lens.items()}
        self._heads: dict[str, list[Division]] | None = None

    @staticmethod
    def _aliases(d: Division) -> set[str]:
        out = {d.name}
        suffixes = _PROV_SUFFIXES if d.rank == 0 else _CITY_SUFFIXES if d.rank == 1 else ("市",)
        for s in suffixes:
            if d.name.endswith(s) and len(d.name) - len(s) >= 2:
                out.add(d.name[: -len(s)])
                break
        return out

    def mentions(self, text: str) -> list[tuple[int, list[Division]]]:
        """Longest division names found left to right, non-overlapping."""
        found: list[tuple[int, list[Division]]] = []
        i = 0
        size = len(text)
        while i < size - 1:
            for n in self._lens.get(text[i], ()):
                if n < 2 or n > size - i:
                    continue
                hit = self.names.get(text[i : i + n])
                if hit:
                    found.append((i, hit))
                    i += n
                    break
            else:
                i += 1
        return found

    def place_prefix(self, text: str) -> int:
        """Length of the place name `text` starts with (a division's name or alias, or the short
        form 湘西州 / 楚雄州 of a prefecture: two characters of its name and a level word); 0 if none."""
        for n in self._lens.get(text[:1], ()):
            if 2 <= n <= len(text) and text[:n] in self.names:
                return n
        m = _SHORT_PLACE.match(text)
        if m and any(d.rank <= 1 for d in self._by_head.get(text[:2], ())):
            return m.end()
        return 0

    @property
    def _by_head(self) -> dict[str, list[Division]]:
        if self._heads is None:
            heads: dict[str, list[Division]] = {}
            for d in self.by_code.values():
                heads.setdefault(d.name[:2], []).append(d)
            self._heads = heads
        return self._heads

    def resolve(self, text: str, hint_code: str | None = None) -> Place | None:
        """The most specific consistent place named in `text`; `hint_code` (the source's division)
        breaks ties between same-named places. None when nothing is named."""
        prov = city = county = None
        for _, cands in self.mentions(text):
            ctx = (county or city or prov).code if (county or city or prov) else hint_code
            cands = sorted(cands, key=lambda d: -_shared_prefix(d.code, ctx) if ctx else 0)
            for d in cands:
                if d.rank == 0 and prov is None and city is None and county is None:
                    prov = d
                elif d.rank == 1 and city is None and county is None and (prov is None or d.code[:2] == prov.code[:2]):
                    city = d
                elif d.rank == 2 and county is None and _fits(d, prov, city):
                    county = d
                else:
                    continue
                break
        best = county or city or prov
        if best is None:
            return None
        return self.place(best.code)

    def place(self, code: str) -> Place:
        """Names of a code's province, city and county."""
        p = self.by_code.get(code[:2] + "0000")
        c = self.by_code.get(code[:4] + "00")
        k = self.by_code.get(code) if not code.endswith("00") else None
        city_name = c.name if c else (p.name if p and code[:2] in _MUNICIPALITIES else None)
        return Place(p.name if p else None, city_name, k.name if k else None, code)


def _shared_prefix(a: str, b: str | None) -> int:
    if not b:
        return 0
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _fits(d: Division, prov: Division | None, city: Division | None) -> bool:
    if city is not None:
        return d.code[:4] == city.code[:4] or (d.code[:2] == city.code[:2] and d.code[2:4] == "90")
    return prov is None or d.code[:2] == prov.code[:2]


@lru_cache(maxsize=1)
def division_index() -> DivisionIndex:
    rows: list[Division] = []
    with _adcodes_csv().open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code, name = r["adcode"][:6], r["name"]
            if name in _SKIP:
                continue
            rank = 0 if code.endswith("0000") else 1 if code.endswith("00") else 2
            rows.append(Division(code, name, rank))
    return DivisionIndex(rows)

"""Region gazetteer for matching: which GB/T 2260 divisions a name, address or pinyin token points at.

A region is evidence, not identity: 朝阳 is in Beijing and in Liaoning, so a region string maps to a
set of division codes, and two regions "agree" when one code contains the other (province ⊃ city ⊃ county).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

from greenchain.registry_build import MUNICIPALITIES, load_divisions

# Generic division names that are ordinary words inside company names and addresses.
_GENERIC = frozenset({"城区", "矿区", "郊区", "市辖区", "新区", "开发区"})
_SUFFIXES = ("省", "市", "区", "县", "旗", "自治州", "盟", "地区")
# Longest official name is 15 characters; company names use at most a province+city+county chain.
_MAX_LEN = 15


def code_prefix(code: str) -> str:
    """320000 → 32, 320500 → 3205, 320506 → 320506: the prefix that selects a division and all below it."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def compatible(a: str, b: str) -> bool:
    """True when one region prefix contains the other (or they are equal)."""
    return a.startswith(b) or b.startswith(a)


@dataclass(frozen=True)
class Gazetteer:
    """Region names (official and short, Chinese and pinyin) → sets of division code prefixes."""

    zh: dict[str, frozenset[str]]
    pinyin: dict[str, frozenset[str]]
    lengths: dict[str, tuple[int, ...]]  # first character → name lengths starting with it, longest first

    def strip_prefix_regions(self, text: str, keep: int = 2, max_regions: int = 3) -> tuple[list[str], str]:
        """Peel region names off the start of `text` while at least `keep` characters stay behind.

        江苏省苏州市金像电子 → (["江苏省", "苏州市"], "金像电子"). Longest name first, so 苏州市 wins over 苏州.
        """
        found: list[str] = []
        while len(found) < max_regions:
            hit = None
            for n in self.lengths.get(text[:1], ()):
                if len(text) - n < keep:
                    continue
                if text[:n] in self.zh:
                    hit = text[:n]
                    break
            if hit is None:
                break
            found.append(hit)
            text = text[len(hit):]
        return found, text

    def codes(self, names: Iterable[str]) -> frozenset[str]:
        """The division codes that region names (a name's or an address's prefix chain) point at together."""
        return reconcile([self.zh.get(n, frozenset()) for n in names])

    def name_codes(self, regions: Sequence[str]) -> frozenset[str]:
        """The places a company name's region words say, as `codes`, except a county-level name written
        bare as the name's first word (平安银行, 永安, 新华): as often a trade word as a place."""
        if regions and self.bare_county(regions[0]):
            regions = regions[1:]
        return self.codes(regions)

    def bare_county(self, name: str) -> bool:
        """A county-level division's short name without its suffix (平安 for 平安区), and no city's name."""
        codes = self.zh.get(name, frozenset())
        return bool(codes) and all(len(c) == 6 for c in codes) and not name.endswith(_SUFFIXES)

    def pinyin_codes(self, tokens: Iterable[str]) -> frozenset[str]:
        return reconcile([self.pinyin.get(t, frozenset()) for t in tokens])


def reconcile(readings: list[frozenset[str]]) -> frozenset[str]:
    """Codes for a chain of region names, each with its possible readings: 江苏 + 南通 → {3206}.

    Keep the codes that most of the names are compatible with (an address word that happens to be a
    region elsewhere, like a Zhongshan Road in Kunshan, is outvoted), then drop a code when a finer
    code of *another* name lies inside it: the chain says the county, not the province. A single
    ambiguous name keeps all its readings (通化 is a city and a county in it; 朝阳 is in two provinces)."""
    readings = [r for r in readings if r]
    if len(readings) <= 1:
        return readings[0] if readings else frozenset()
    support = {c: sum(any(compatible(c, x) for x in r) for r in readings) for r in readings for c in r}
    top = max(support.values())
    kept = [(i, c) for i, r in enumerate(readings) for c in r if support[c] == top]
    return frozenset(c for i, c in kept if not any(j != i and o != c and o.startswith(c) for j, o in kept))


@lru_cache(maxsize=10_000)
def region_pinyin(name: str) -> str:
    """苏州 → suzhou (lower case, no spaces): how regions appear in self-translated English names."""
    return "".join(lazy_pinyin(name)).lower()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer built from the shared GB/T 2260 division list (greenchain.registry_build)."""
    zh: dict[str, set[str]] = {}
    py: dict[str, set[str]] = {}
    for d in load_divisions():
        prefix = code_prefix(d.code)
        for name in {d.name, d.short}:
            if name in _GENERIC or len(name) < 2:
                continue
            zh.setdefault(name, set()).add(prefix)
        py.setdefault(region_pinyin(d.short), set()).add(prefix)
    zh_f = {k: frozenset(v) for k, v in zh.items()}
    by_first: dict[str, set[int]] = {}
    for k in zh_f:
        if len(k) <= _MAX_LEN:
            by_first.setdefault(k[0], set()).add(len(k))
    lengths = {c: tuple(sorted(ns, reverse=True)) for c, ns in by_first.items()}
    return Gazetteer(zh_f, {k: frozenset(v) for k, v in py.items()}, lengths)


def city_or_finer(code: str) -> bool:
    return len(code) >= 4 or code in MUNICIPALITIES  # Beijing, Tianjin, Shanghai, Chongqing are cities


def cities(codes: Iterable[str]) -> list[str]:
    """The cities (4-digit prefixes; a municipality is one city: 11) the codes lie in; provinces give none."""
    return sorted({c[:2] if c[:2] in MUNICIPALITIES else c[:4] for c in codes if city_or_finer(c)})


def region_agreement(query: frozenset[str], candidate: frozenset[str], county_conflicts: bool = True) -> float:
    """How well two sets of region codes (as `reconcile` leaves them) agree.

    +1: some pair agrees at city level or finer (one contains the other).
    +0.5: the only agreement is a province containing the other side (江苏 vs a Suzhou firm): weak.
    0: no evidence; or, with `county_conflicts` off, two different counties of the same city
       (a factory address or an authority's area need not be the registered district).
    -1: the regions differ."""
    if not query or not candidate:
        return 0.0
    best = -1.0
    for a in query:
        for b in candidate:
            if compatible(a, b):
                best = max(best, 1.0 if city_or_finer(a) and city_or_finer(b) else 0.5)
            elif not county_conflicts and len(a) == len(b) == 6 and a[:4] == b[:4]:
                best = max(best, 0.0)
    return best

"""English name + address against English name + address (facility lists, applicant names).

Names are compared word by word, each word weighted by how rare it is in the registry (a shared
"Textile" says little, a shared "Brocades" a lot) and matched fuzzily (KONINKLIJKE / KONINKLIJE);
addresses by their words and, separately, their numbers: a different house number is a different
building even when the street agrees.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from match.latin.text import compact, fold, name_tokens, tokens

# Street words as addresses abbreviate them, and words that say nothing about where.
_ADDRESS_WORDS = {"rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "blvd": "boulevard",
                  "dist": "district", "distt": "district", "ind": "industrial", "indl": "industrial", "bldg": "building",
                  "fl": "floor", "flr": "floor", "hwy": "highway", "ln": "lane", "vlg": "village", "twp": "township",
                  "mah": "mahallesi", "cad": "caddesi", "sok": "sokak", "sk": "sokak", "cd": "caddesi", "zone": "zone",
                  "e": "east", "w": "west", "n": "north", "s": "south"}
_ADDRESS_NOISE = frozenset({"no", "nr", "number", "the", "of", "and", "unit", "room", "rm", "floor", "building", "road",
                            "street", "lane", "district", "city", "province", "county", "town", "village",
                            "industrial", "zone", "area", "park", "estate", "block", "plot", "lot", "china", "prc"})
_NUMBER = re.compile(r"\d+")
_SIM = 0.88  # Jaro-Winkler similarity from which two words count as the same word misspelt


@dataclass(frozen=True, slots=True)
class EnglishSide:
    words: tuple[str, ...]
    address_words: tuple[str, ...]
    numbers: frozenset[str]
    country: str


@lru_cache(maxsize=200_000)
def english_side(name: str, address: str = "", country: str = "") -> EnglishSide:
    words = tuple(name_tokens(name))
    addr = [_ADDRESS_WORDS.get(t, t) for t in tokens(address)] if address else []
    return EnglishSide(words, tuple(t for t in addr if t not in _ADDRESS_NOISE and not t.isdigit()),
                       frozenset(_NUMBER.findall(fold(address))) if address else frozenset(), _country(country))


def _country(value: str) -> str:
    v = fold(value or "").strip()
    return {"china": "cn", "prc": "cn", "peoples republic of china": "cn", "mainland china": "cn",
            "hong kong": "hk", "taiwan": "tw", "usa": "us", "united states": "us"}.get(v, v)


def _matched(xs: tuple[str, ...], ys: tuple[str, ...]) -> list[float]:
    """Per word of xs: how well ys has it (Jaro-Winkler ≥ _SIM, or written together inside ys), else 0."""
    joined = compact(list(ys))
    out = []
    for x in xs:
        best = max(JaroWinkler.similarity(x, y) for y in ys)
        if best < _SIM and len(x) >= 4 and x in joined:
            best = 1.0
        out.append(best if best >= _SIM else 0.0)
    return out


def soft_overlap(a: tuple[str, ...], b: tuple[str, ...], weight: Callable[[str], float]) -> float:
    """Share of the weight of both word lists that the other list matches (misspellings allowed,
    a word written as two: 'hitachiglobal' / 'hitachi global')."""
    if not a or not b:
        return 0.0
    if compact(list(a)) == compact(list(b)):
        return 1.0
    total = sum(weight(x) for x in a) + sum(weight(y) for y in b)
    got = sum(weight(x) * m for x, m in zip(a, _matched(a, b), strict=True)) \
        + sum(weight(y) * m for y, m in zip(b, _matched(b, a), strict=True))
    return got / total if total else 0.0


def rare_miss(a: tuple[str, ...], b: tuple[str, ...], weight: Callable[[str], float]) -> float:
    """The weight of the rarest word either name has and the other lacks, relative to the rarest word
    of both: 1 when what sets a name apart is missing on the other side (Derui / Hengfa Thermal Power)."""
    if not a or not b or compact(list(a)) == compact(list(b)):
        return 0.0
    top = max(weight(w) for w in a + b)
    missing = [x for x, m in zip(a, _matched(a, b), strict=True) if m == 0.0] \
        + [y for y, m in zip(b, _matched(b, a), strict=True) if m == 0.0]
    return round(max((weight(w) for w in missing), default=0.0) / top, 4) if top else 0.0


def english_features(q: EnglishSide, c: EnglishSide, weight: Callable[[str], float]) -> dict[str, float]:
    """Features of one English pair (unique added later across candidates): several views of the
    names (rare-word agreement, rapidfuzz's token-set, token-sort and whole-string ratios), of the
    addresses (words, numbers), the plain baseline's score over name and address, and the country."""
    qn, cn = " ".join(q.words), " ".join(c.words)
    both = bool(q.words and c.words)
    name = soft_overlap(q.words, c.words, weight)
    tsr = fuzz.token_set_ratio(qn, cn) / 100 if both else 0.0
    tsort = fuzz.token_sort_ratio(qn, cn) / 100 if both else 0.0
    whole = fuzz.ratio(compact(list(q.words)), compact(list(c.words))) / 100 if both else 0.0
    address = 0.0
    if q.address_words and c.address_words:
        address = 2.0 * soft_overlap(q.address_words, c.address_words, lambda _: 1.0) - 1.0
    numbers = 0.0
    if q.numbers and c.numbers:  # shared share of the numbers either gives, from -1 (none) to +1 (all)
        numbers = 2.0 * len(q.numbers & c.numbers) / len(q.numbers | c.numbers) - 1.0
    # both give an address and neither its words nor its numbers agree: another facility of the firm
    elsewhere = 1.0 if q.address_words and c.address_words and address < 0 and numbers <= 0 else 0.0
    country = 0.0
    if q.country and c.country:
        country = 1.0 if q.country == c.country else -1.0
    # what the plain baseline sees: token_set_ratio over name and address words together
    baseline = fuzz.token_set_ratio(" ".join(q.words + q.address_words), " ".join(c.words + c.address_words)) / 100 \
        if both else 0.0
    return {"name": round(name, 4), "name_tsr": round(tsr, 4), "name_sort": round(tsort, 4),
            "name_whole": round(whole, 4), "rare_miss": rare_miss(q.words, c.words, weight),
            "address": round(address, 4), "numbers": round(numbers, 4), "elsewhere": elsewhere,
            "baseline": round(baseline, 4),
            "country": country}


def idf_weight(df: Callable[[str], int], n: int) -> Callable[[str], float]:
    """Word weight from its document frequency among `n` registry names (unknown words count as rare)."""
    def w(word: str) -> float:
        return math.log(1 + n / (1 + df(word)))
    return w

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


def soft_overlap(a: tuple[str, ...], b: tuple[str, ...], weight: Callable[[str], float]) -> float:
    """Share of the weight of both word lists that the other list matches (misspellings allowed,
    a word written as two: 'hitachiglobal' / 'hitachi global')."""
    if not a or not b:
        return 0.0
    if compact(list(a)) == compact(list(b)):
        return 1.0

    def matched(xs: tuple[str, ...], ys: tuple[str, ...]) -> float:
        got = 0.0
        joined = compact(list(ys))
        for x in xs:
            best = max(JaroWinkler.similarity(x, y) for y in ys)
            if best < _SIM and len(x) >= 4 and x in joined:
                best = 1.0
            got += weight(x) * (best if best >= _SIM else 0.0)
        return got

    total = sum(weight(x) for x in a) + sum(weight(y) for y in b)
    return (matched(a, b) + matched(b, a)) / total if total else 0.0


def english_features(q: EnglishSide, c: EnglishSide, weight: Callable[[str], float]) -> dict[str, float]:
    """Features of one English pair (unique added later across candidates)."""
    name = soft_overlap(q.words, c.words, weight)
    tsr = fuzz.token_set_ratio(" ".join(q.words), " ".join(c.words)) / 100 if q.words and c.words else 0.0
    if q.address_words and c.address_words:
        address = 2.0 * soft_overlap(q.address_words, c.address_words, lambda _: 1.0) - 1.0
    else:
        address = 0.0
    numbers = 0.0
    if q.numbers and c.numbers:
        numbers = 1.0 if q.numbers & c.numbers else -1.0
    country = 0.0
    if q.country and c.country:
        country = 1.0 if q.country == c.country else -1.0
    return {"name": round(name, 4), "name_tsr": round(tsr, 4), "address": round(address, 4), "numbers": numbers,
            "country": country}


def idf_weight(df: Callable[[str], int], n: int) -> Callable[[str], float]:
    """Word weight from its document frequency among `n` registry names (unknown words count as rare)."""
    def w(word: str) -> float:
        return math.log(1 + n / (1 + df(word)))
    return w

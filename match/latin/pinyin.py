"""Pinyin: the readings of Chinese characters, and English words read as pinyin syllables.

Firms spell their trade names in pinyin, written together or apart ("Zhongkesanhuan", "Zhong Ke San
Huan"), sometimes in older romanizations ("Hon Hai", "Tsingtao", "Loong"). A character may have
several readings (长 chang/zhang, 行 xing/hang): all count.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

from match.latin.config import load_latin_config

_MAX_SYLLABLE = 6  # zhuang, shuang, chuang
# Chinese numerals read as the digits English names write (七一二 = 712).
_NUMERALS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}


@lru_cache(maxsize=50_000)
def readings(ch: str) -> frozenset[str]:
    """Toneless pinyin readings of one character (ü as v and as u: lü is written lv or lu)."""
    if "0" <= ch <= "9":
        return frozenset({ch})
    out: set[str] = {_NUMERALS[ch]} if ch in _NUMERALS else set()
    got = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore") if ch.strip() else []
    for r in got[0] if got else []:
        r = r.lower()
        if r.isascii() and r.isalpha():
            out.add(r)
        if "ü" in r or "v" in r:
            out.add(r.replace("ü", "u").replace("v", "u"))
    return frozenset(out)


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless syllable of the common CJK block (what a pinyin word can be made of)."""
    out: set[str] = set()
    for cp in range(0x4E00, 0x9FA6):
        out |= readings(chr(cp))
    return frozenset(s for s in out if s)


@lru_cache(maxsize=1)
def _alternatives() -> dict[str, frozenset[str]]:
    """Syllable as another romanization writes it → pinyin syllables (config/latin.yaml)."""
    return {k: frozenset(v) for k, v in load_latin_config().romanizations.items()}


@lru_cache(maxsize=200_000)
def segment(word: str) -> tuple[frozenset[str], ...] | None:
    """A word read as pinyin syllables, each with the pinyin it may stand for; None if it is no pinyin.

    "zhongke" → ({zhong}, {ke}); "hon" → ({hon, hong, han}) (Cantonese). Fewest syllables win
    (xian = xian, not xi an); a syllable of another romanization counts only as a whole word, never inside
    one ("tsingtao" is not cut into a Wade-Giles puzzle)."""
    if word.isdigit():
        return tuple(frozenset({d}) for d in word)
    if not word.isalpha():
        return None
    alt = _alternatives()
    if word in alt:
        return (alt[word] | ({word} if word in syllables() else set()),)
    syl = syllables()
    n = len(word)
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # best[i] = (count, previous cut) to cover word[:i]
    best[0] = (0, 0)
    for i in range(1, n + 1):
        for j in range(max(0, i - _MAX_SYLLABLE), i):
            prev = best[j]
            if prev is not None and word[j:i] in syl and (best[i] is None or prev[0] + 1 < best[i][0]):  # type: ignore[index]
                best[i] = (prev[0] + 1, j)
    if best[n] is None:
        return None
    cuts: list[str] = []
    i = n
    while i > 0:
        j = best[i][1]  # type: ignore[index]
        cuts.append(word[j:i])
        i = j
    return tuple(frozenset({s}) for s in reversed(cuts))


@lru_cache(maxsize=200_000)
def segmentations(word: str, limit: int = 6) -> tuple[tuple[frozenset[str], ...], ...]:
    """Every way to read a word as the fewest pinyin syllables (toneless pinyin written together is
    ambiguous: "qinan" is qin|an 秦安 or qi|nan 齐南, "xian" only xian), `segment`'s first; () if none."""
    first = segment(word)
    if first is None or len(first) == 1 or word.isdigit():
        return (first,) if first else ()
    syl, n, k = syllables(), len(word), len(first)
    out: list[tuple[frozenset[str], ...]] = []

    def walk(i: int, left: int, acc: list[str]) -> None:
        if len(out) >= limit:
            return
        if i == n:
            out.append(tuple(frozenset({x}) for x in acc))
            return
        if left == 0:
            return
        for j in range(i + 1, min(n, i + _MAX_SYLLABLE) + 1):
            if word[i:j] in syl:
                walk(j, left - 1, [*acc, word[i:j]])

    walk(0, k, [])
    return (first, *(o for o in out if o != first))


def spell(text: str) -> str:
    """Compact pinyin of Chinese text, first reading of each character (金像 → jinxiang)."""
    return "".join(lazy_pinyin(text, errors="ignore")).lower()

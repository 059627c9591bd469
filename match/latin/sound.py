"""How an English spelling sounds, in the terms pinyin spells: English brand names that approximate a
Chinese trade name by ear (Konka 康佳 kangjia, Teway 天味 tianwei, Longshine 朗新 langxin, Sunwave 三维
sanwei) rather than spell it.

Both spellings are reduced to one coarse alphabet: consonants by where they are made (b/p, d/t,
g/k/j/q/zh/ch, s/x/sh/z/c, f/v, l/r, m, n/ng, h, w/y) and three vowel classes; English digraphs,
soft c, x = ks and a silent final e are read first. Syllable onsets (the first consonant class of each
syllable) are what blocking keys on: English drops pinyin's nasal finals (tian → te) far more often
than it changes an initial.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Indel

from match.latin.pinyin import readings

_VOWELS = "aeiouy"
# English digraphs first, then single letters (c: before e, i, y it is s).
_EN_DIGRAPHS = (("tch", "Q"), ("sch", "S"), ("ph", "f"), ("ck", "k"), ("sh", "S"), ("ch", "Q"), ("th", "t"),
                ("igh", "ai"), ("gh", ""), ("qu", "kw"), ("wh", "w"), ("ee", "i"), ("oo", "u"), ("ea", "i"), ("ou", "ou"))
_PY_DIGRAPHS = (("zh", "q"), ("ch", "q"), ("sh", "x"), ("ng", "n"))
_CLASS = str.maketrans({"b": "p", "p": "p", "d": "t", "t": "t", "g": "k", "k": "k", "j": "k", "q": "k", "s": "s",
                        "x": "s", "z": "s", "c": "s", "f": "f", "v": "f", "l": "l", "r": "l", "m": "m", "n": "n",
                        "h": "h", "w": "w", "y": "w", "a": "a", "e": "i", "i": "i", "o": "u", "u": "u", "ü": "u"})
_RUNS = re.compile(r"(.)\1+")
_SOFT_C = re.compile(r"c(?=[eiy])")
_NG_CODA = re.compile(r"ng(?![aeiouy])")  # long-shine: a nasal final, as pinyin's -ng


def _collapse(s: str) -> str:
    return _RUNS.sub(r"\1", s)


@lru_cache(maxsize=100_000)
def english_sound(word: str) -> str:
    """An English word in the coarse alphabet (teway → tiwaw, konka → kunka)."""
    w = word.lower()
    if len(w) > 3 and w.endswith("e") and w[-2] not in _VOWELS and any(c in _VOWELS for c in w[:-2]):
        w = w[:-1]  # silent e: shine, wave, rise
    w = _NG_CODA.sub("n", _SOFT_C.sub("s", w))
    for a, b in _EN_DIGRAPHS:
        w = w.replace(a, b)
    w = w.replace("x", "ks").replace("c", "k").lower()  # (sh, ch kept apart from x = ks above)
    return _collapse("".join(ch for ch in w.translate(_CLASS) if ch.isalpha()))


@lru_cache(maxsize=20_000)
def pinyin_sound(syllable: str) -> str:
    """A pinyin syllable in the coarse alphabet (kang → kan, jia → kia)."""
    s = syllable.lower()
    for a, b in _PY_DIGRAPHS:
        s = s.replace(a, b)
    return _collapse(s.translate(_CLASS))


def chars_sound(chars: str) -> str:
    """Chinese characters in the coarse alphabet (first reading of each)."""
    return _spellings(chars)[0] if chars else ""


def sound_similarity(word: str, chars: str) -> float:
    """How closely an English word sounds like the pinyin of some characters, 0 to 1; every reading of
    a character with several counts (长 chang / zhang)."""
    en = english_sound(word)
    if not en or not chars:
        return 0.0
    best = 0.0
    for spelt in _spellings(chars):
        best = max(best, Indel.normalized_similarity(en, spelt))
    return best


@lru_cache(maxsize=200_000)
def _spellings(chars: str) -> tuple[str, ...]:
    out = [""]
    for c in chars:
        rs = sorted(r for r in readings(c) if r.isalpha()) or [""]
        out = [o + pinyin_sound(r) for o in out for r in rs[:3]][:12]
    return tuple(sorted({_collapse(o) for o in out}))


def english_onsets(word: str) -> frozenset[str]:
    """The consonant class each syllable of an English word may start with ('_' for a vowel, w or y),
    read two ways where consonants cluster: only the one before the vowel is an onset (sunwave → s_,
    longshine → ls), or each is, a vowel being put between them as Chinese does (green → ge lin: kl)."""
    chunks = re.findall(r"([^aiu]*)([aiu]+)", english_sound(word))
    short: list[str] = []
    full: list[str] = []
    for k, (cluster, _vowel) in enumerate(chunks):
        if k and cluster[:1] == "n":
            cluster = cluster[1:]  # a nasal closes the syllable before (sun-wave, long-shine)
        cons = [c for c in cluster if c != "h" or len(cluster) == 1]
        if not cons:
            short.append("_")
            full.append("_")
            continue
        short.append(cons[0] if k == 0 else cons[-1])
        full.extend(cons)
    return frozenset("".join(o).replace("w", "_") for o in (short, full))


def chars_onsets(chars: str) -> frozenset[str]:
    """The onset classes of characters' readings (several where a character has several)."""
    out = {""}
    for c in chars:
        opts = {_syllable_onset(r) for r in readings(c) if r.isalpha()} or {"?"}
        out = {o + x for o in out for x in sorted(opts)[:3]}
    return frozenset(out)


@lru_cache(maxsize=5_000)
def _syllable_onset(syllable: str) -> str:
    s = pinyin_sound(syllable)
    return "_" if not s or s[0] in "aiuw" else s[0]

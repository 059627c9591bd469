"""Text hygiene: bytes → str whatever the declared charset, then one clean form for parsing.

`clean` is applied to every extracted value before a field rule reads it: traditional → simplified
(OpenCC t2s), full-width → half-width (NFKC), whitespace collapsed. Masked values (****) pass
through untouched: nothing here invents characters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from charset_normalizer import from_bytes

# Sites declare GB2312 or GBK but write characters outside them; GB18030 is the superset.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "hz-gb-2312"}
_WESTERN = {"iso8859-1", "latin-1", "cp1252", "ascii", "iso8859-15"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # what the bytes were decoded as
    declared: str | None  # what the server or page claimed
    warning: str | None  # set when the claim was wrong or the bytes needed detection


def _canonical_codec(name: str | None) -> str | None:
    if not name:
        return None
    n = name.strip().strip("\"'").lower()
    if n in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(n).name
    except LookupError:
        return None


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode page bytes: BOM, then UTF-8 if the bytes are valid UTF-8, then the declared charset
    strictly, then the page's own <meta charset>, then charset-normalizer's detection.

    UTF-8 goes first because valid UTF-8 is a near-certain signal, while GBK decoding of UTF-8
    bytes can succeed and silently produce mojibake; the declaration is the usual liar.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return Decoded(raw.decode(codec, errors="replace"), codec, declared, None)
    decl = _canonical_codec(declared)
    text = _strict(raw, "utf-8")
    if text is not None:
        wrong = decl not in (None, "utf-8") and not raw.isascii()
        return Decoded(text, "utf-8", declared, f"declared charset {declared} but bytes are utf-8" if wrong else None)
    # A Western single-byte declaration (servers default to ISO-8859-1) "decodes" any bytes into
    # mojibake, so for a Chinese page it says nothing: go on to the page's own meta and detection.
    if decl in _WESTERN and not raw.isascii():
        decl = None
    if decl and (text := _strict(raw, decl)) is not None:
        return Decoded(text, decl, declared, None)
    m = _META_CHARSET.search(raw[:4096])
    meta = _canonical_codec(m.group(1).decode("ascii", "ignore")) if m else None
    if meta and meta != decl and (text := _strict(raw, meta)) is not None:
        warn = f"declared charset {declared} but bytes are {meta}" if declared else None
        return Decoded(text, meta, declared, warn)
    best = from_bytes(raw).best()
    if best is not None:
        enc = _canonical_codec(best.encoding) or best.encoding
        # charset-normalizer names GBK-family bytes variously; decode them all as GB18030.
        text = _strict(raw, enc) or str(best)
        return Decoded(text, enc, declared, f"declared charset {declared} did not decode; detected {enc}")
    text = raw.decode("gb18030", errors="replace")
    return Decoded(text, "gb18030", declared, f"undecodable bytes (declared {declared}); replaced")


@lru_cache(maxsize=1)
def _t2s():  # noqa: ANN202 - opencc has no type stubs
    import opencc

    return opencc.OpenCC("t2s")


_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# NFKC leaves these look-alikes; sites use them interchangeably.
_EXTRA = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2212": "-", "\uff5e": "~", "\u3001": "、", "\u00b7": "·"})
_HAS_EXTRA = re.compile("[" + "".join(map(chr, _EXTRA)) + "]")  # translate() of CJK text is slow: only when needed


# Characters of the simplified standard (GB 2312) that OpenCC t2s still rewrites: 乾 → 干 would
# turn 天津优乾宏 into 天津优干宏. They are kept as written, except those that in practice only
# appear as traditional forms of a common character (後 → 后, 於 → 于 …).
_T2S_ANYWAY = set("後於徵夥摺麽菸")


@lru_cache(maxsize=1)
def _keep_as_written() -> frozenset[str]:
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    s = "".join(chars)
    out = _t2s().convert(s)
    return frozenset(a for a, b in zip(s, out, strict=True) if a != b) - _T2S_ANYWAY


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s); identity on simplified text, including the
    few simplified-standard characters t2s would rewrite (乾)."""
    if text.isascii():
        return text
    out = _t2s().convert(text)
    if out == text:
        return text
    keep = _keep_as_written()
    if len(out) == len(text) and any(c in keep for c in text):
        out = "".join(a if a in keep else b for a, b in zip(text, out, strict=True))
    return out


# The characters that keep Chinese text from being NFKC already (，（）：２０ and the ideographic and
# no-break spaces), each with its compatibility decomposition, one ASCII character. NFKC decomposes
# every character before composing, so writing these out first gives the same NFKC, and text that
# had no other such character is then NFKC already: normalize() only checks it, instead of running
# its decompose-reorder-compose pass over the whole text.
_DECOMPOSED = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " ", "\u00a0": " "}
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000\u00a0]")


def _decomposed(m: re.Match[str]) -> str:
    return _DECOMPOSED[m.group()]


def halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation → ASCII (NFKC), keeping CJK ideographs."""
    if text.isascii():  # NFKC and _EXTRA leave ASCII as it is
        return text
    text = unicodedata.normalize("NFKC", _FULLWIDTH.sub(_decomposed, text))
    return text.translate(_EXTRA) if _HAS_EXTRA.search(text) else text


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


# Pinyin that mirror sites inject after characters (`環(huán)境`): never part of a value.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(?](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)")


def strip_pinyin(text: str) -> str:
    return _PINYIN.sub("", text) if "(" in text or "?" in text else text


def _clean(text: str) -> str:
    return collapse_ws(halfwidth(to_simplified(strip_pinyin(text))))


# Field rules clean the same values over and over: short ones (labels, names, dates, codes) recur
# across records; a long one (facts, penalty text) is read by two or three rules of one record.
_SHORT = 256
_clean_short = lru_cache(maxsize=1 << 15)(_clean)
_clean_long = lru_cache(maxsize=64)(_clean)


def clean(text: str | None) -> str:
    """The one clean form every field rule reads: simplified, half-width, single spaces, trimmed."""
    if not text:
        return ""
    return _clean_short(text) if len(text) <= _SHORT else _clean_long(text)


_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=[^\x00-\x7f])")


def drop_cjk_spaces(text: str) -> str:
    """Remove the stray spaces sites put between Chinese characters (苏 州 市), keeping ASCII word gaps."""
    return _CJK_SPACE.sub("", text) if " " in text else text


def is_masked(value: str) -> bool:
    """True when a value was published masked (****): it stays masked, it is never completed."""
    return "*" in value or "＊" in value


def clean_with_offsets(raw: str) -> tuple[str, list[int]] | None:
    """`drop_cjk_spaces(clean(raw))` with, for each of its characters, the index in `raw` it came from,
    so a span found in clean text can be cut from the text as printed (a fine's raw wording).
    None when the two cannot be aligned (t2s changed the length)."""
    simp = to_simplified(raw)
    if len(simp) != len(raw):
        return None
    hw = simp.translate(_HALFWIDTH_CHARS)  # each character half-width on its own, as below
    if len(hw) != len(simp) or not _NOT_ONE_TO_ONE.isdisjoint(simp):
        return _clean_with_offsets_by_char(raw, simp)
    # Every character stayed one character: hw[i] came from raw[i]. Whitespace runs become one
    # space at the run's first index (none at either end); that space is dropped where
    # drop_cjk_spaces drops it (between two non-ASCII characters, or non-ASCII and alphanumeric).
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    end = len(hw)
    for m in _WS.finditer(hw):
        start, stop = m.span()
        parts.append(hw[pos:start])
        offsets.extend(range(pos, start))
        pos = stop
        if start == 0 or stop == end:
            continue
        a, b = hw[start - 1], hw[stop]
        if (not a.isascii() and not b.isascii()) or (not a.isascii() and b.isalnum() and b.isascii()) or (
            a.isalnum() and a.isascii() and not b.isascii()
        ):
            continue
        parts.append(" ")
        offsets.append(start)
    parts.append(hw[pos:])
    offsets.extend(range(pos, end))
    text = "".join(parts)
    if text != drop_cjk_spaces(clean(raw)):
        return None
    return text, offsets


def _clean_with_offsets_by_char(raw: str, simp: str) -> tuple[str, list[int]] | None:
    """clean_with_offsets where a character's half-width form is not one character (㎏ → kg)."""
    chars: list[tuple[str, int]] = []
    for i, c in enumerate(simp):
        chars.extend((h, i) for h in _halfwidth_char(c))
    # collapse whitespace runs to one space, trim
    out: list[tuple[str, int]] = []
    for ch, i in chars:
        if _is_ws_char(ch):
            if out and out[-1][0] != " ":
                out.append((" ", i))
            continue
        out.append((ch, i))
    while out and out[-1][0] == " ":
        out.pop()
    # drop the spaces drop_cjk_spaces drops: between two non-ASCII characters, or non-ASCII and alphanumeric
    kept: list[tuple[str, int]] = []
    for k, (ch, i) in enumerate(out):
        if ch == " " and 0 < k < len(out) - 1:
            a, b = out[k - 1][0], out[k + 1][0]
            if (not a.isascii() and not b.isascii()) or (not a.isascii() and b.isalnum() and b.isascii()) or (
                a.isalnum() and a.isascii() and not b.isascii()
            ):
                continue
        kept.append((ch, i))
    text = "".join(ch for ch, _ in kept)
    if text != drop_cjk_spaces(clean(raw)):
        return None
    return text, [i for _, i in kept]


class _HalfwidthChars(dict):
    """str.translate table: code point → that character's half-width form, filled on first sight."""

    def __missing__(self, cp: int) -> str:
        h = halfwidth(chr(cp))
        if len(h) != 1:
            _NOT_ONE_TO_ONE.add(chr(cp))
        self[cp] = h
        return h


_HALFWIDTH_CHARS = _HalfwidthChars()
_NOT_ONE_TO_ONE: set[str] = set()


@lru_cache(maxsize=8192)
def _halfwidth_char(c: str) -> str:
    return halfwidth(c)


@lru_cache(maxsize=8192)
def _is_ws_char(c: str) -> bool:
    return _WS.fullmatch(c) is not None


def raw_span(raw: str, offsets: list[int], start: int, end: int) -> str:
    """The printed text behind clean[start:end]."""
    return raw[offsets[start] : offsets[end - 1] + 1]

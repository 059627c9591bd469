"""One document's text in two forms: as printed, and a matching form the reading rules search.

The matching form is simplified, half-width, without the pinyin that mirror sites inject after
characters (`環(huán)境` → `环境`) and without letter-spacing (`行 政 处 罚` → `行政处罚`). Every
character of it comes from one character as printed, so a span found in the matching form is cut
from the printed text: that cut is the value's evidence, exactly as the page shows it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

# _PINYIN: a pinyin syllable in brackets after a Chinese character, as mirrors inject it (the
# bracket sometimes lost to mojibake: `龍?zhí)`); a toned vowel is required, so "(a)" items stay.
from normalize.text import _PINYIN, _TONED, _keep_as_written, _t2s

_PINYIN_AT = re.compile(rf"[(?](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)")
# Spaces between fields (a document flattened onto one line) become line breaks; stray spaces
# inside words and letter-spacing (`行 政 处 罚`, `统一 社会信用代码`, `2025 年 4 月`) go.
# A space separates fields when it follows a heading token (…局 …书 …号) and a Chinese word comes
# next, when a numbered section heading or a label with its colon comes next (unless the space
# splits that label: 统一 社会信用代码), or when it is one of several spaces in a row.
_SPACE_RUN = re.compile(r"[ \t]+")
_AFTER_HEAD = re.compile(r"(?:局|厅|部|书|号|队|委员会|政府|文件)\)?$")
_SECTION_NEXT = re.compile(r"[一二三四五六七八九十]{1,3}\s*[、,.]")
# a numbered section heading just ended (`一、环境违法事实和证据 接群众举报，…` flattened)
_HEADING_BEFORE = re.compile(r"(?:^|[\s。])[一二三四五六七八九十]{1,3}\s*、[^\s,，。;；:：、]{2,20}$")
_BULLET_NEXT = re.compile(r"-?\s*\[\s*[\u4e00-\u9fff]")
_CLOCK_BEFORE = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?$|(?<!\d)(?:19|20)\d\d-\d{1,2}-\d{1,2}$")
_DATE_AT = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_SIGNED_BEFORE = re.compile(r"(?:局|厅|部|委员会|政府)\)?\s(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_DATE_LINE = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$|[〇○零一二三四五六七八九]{4}年", re.M)
_CJK_TAIL = re.compile(r"[^\x00-\x7f]+$")
# a new sentence of the body after a field's value (`地址：某某路3号 经查，你公司…` flattened)
_OPENER_NEXT = re.compile(
    r"(?:经查|经调查|我局|我厅|我部|本机关|本局|你单位|你公司|你厂|根据|依据|接(?=[^。,，\s]{0,16}(?:举报|反映|投诉|交办|线索))|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
# `地址：某某工业园区 某某市生态环境局某某分局执法人员现场检查时…` flattened: a bureau acting opens the body
_BUREAU_ACTS = re.compile(r"[\u4e00-\u9fff]{2,24}?(?:生态环境|环境保护|环保)[\u4e00-\u9fff]{0,10}?(?:局|厅|部|支队|大队)(?:执法人员|工作人员|于|对|在|到)")
_NOT_BEFORE_OPENER = set("于在自至从、,，及和与对向将")
_DROP = re.compile(r"\r")


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """str.translate table: each character's matching form, where that is one other character
    (traditional → simplified as OpenCC t2s has it alone, full-width → ASCII)."""
    table: dict[int, str] = {}
    chars = [chr(c) for c in range(0x3400, 0x4DC0)] + [chr(c) for c in range(0x4E00, 0xA000)]
    converted = _t2s().convert("\n".join(chars)).split("\n")
    keep = _keep_as_written()
    if len(converted) == len(chars):
        for a, b in zip(chars, converted, strict=True):
            if a != b and len(b) == 1 and a not in keep:
                table[ord(a)] = b
    for c in [*range(0xFF01, 0xFF5F), *range(0xFE50, 0xFE70), 0x3000, 0xA0, *range(0x2000, 0x200B)]:
        n = unicodedata.normalize("NFKC", chr(c))
        if len(n) == 1 and n != chr(c):
            table[c] = n
    table.update({0x3000: " ", 0xA0: " ", 0x2014: "-", 0x2013: "-", 0x2212: "-", 0xFF5E: "~", 0x3001: "、",
                  0xFE5D: "〔", 0xFE5E: "〕", 0x200B: "", 0xFEFF: ""})  # fmt: skip
    return {k: v for k, v in table.items() if len(v) == 1}


@dataclass
class View:
    """`text` (matching form) over `raw` (as printed); `printed(a, b)` is raw behind text[a:b]."""

    raw: str
    text: str
    # kept runs: text[_vpos[k]:] came from raw[_rpos[k]:] one character for one
    _vpos: list[int] = field(default_factory=lambda: [0])
    _rpos: list[int] = field(default_factory=lambda: [0])

    def raw_index(self, i: int) -> int:
        k = bisect_right(self._vpos, i) - 1
        return self._rpos[k] + (i - self._vpos[k])

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The printed span behind text[start:end], with the pinyin a mirror put after its last
        character (`號(hào)`): the printed value includes it."""
        if end <= start:
            r = self.raw_index(start) if start < len(self.text) else len(self.raw)
            return r, r
        a, b = self.raw_index(start), self.raw_index(end - 1) + 1
        if b < len(self.raw) and self.raw[b] in "(?" and (m := _PINYIN_AT.match(self.raw, b)):
            b = m.end()
        return a, b

    def printed(self, start: int, end: int) -> str:
        a, b = self.raw_span(start, end)
        return self.raw[a:b]


def make_view(raw: str, labels: re.Pattern[str] | None = None) -> View:
    """The matching form of `raw` with its offsets back to `raw`. `labels` matches a known label
    and its colon at a position (spaces before labels separate fields)."""
    translated = raw.translate(_table())
    if len(translated) != len(raw):  # a zero-width character was dropped: map without it
        translated = raw.replace("\u200b", " ").replace("\ufeff", " ").translate(_table())
    drops = [m.span() for rx in (_PINYIN, _DROP) for m in rx.finditer(translated)]
    breaks: list[int] = []
    if " " in translated or "\t" in translated:
        # spaces are judged on the text without pinyin (`行(xíng) 政`)
        text1, v1, r1 = _without(translated, sorted(drops)) if drops else (translated, [0], [0])
        first = View(translated, text1, v1, r1)
        for m in _SPACE_RUN.finditer(text1):
            a, b = m.span()
            if a == 0 or b == len(text1) or text1[a - 1] == "\n" or text1[b] == "\n":
                continue  # indentation and trailing spaces stay (lines are stripped anyway)
            verdict = _space(text1, a, b, labels)
            if verdict == "keep":
                continue
            ra, rb = first.raw_span(a, b)
            if verdict == "break":
                breaks.append(ra)
                ra += 1
            if rb > ra:
                drops.append((ra, rb))
    if breaks:
        chars = list(translated)
        for i in breaks:
            chars[i] = "\n"
        translated = "".join(chars)
    if not drops:
        return View(raw, translated)
    text, vpos, rpos = _without(translated, sorted(drops))
    return View(raw, text, vpos, rpos)


def _label_soon(labels: re.Pattern[str], text: str, a: int, b: int) -> bool:
    """A listed label (with its colon) starts within four Chinese characters after b, nothing but
    Chinese characters before it: a new field whose label is longer than the listed one — unless
    the space splits a listed label (统一 社会信用代码, 法定 代表人)."""
    m = labels.search(text, b + 1, b + 34)
    if m is None or m.start() - b > 4 or not all("\u4e00" <= c <= "\u9fff" for c in text[b : m.start()]):
        return False
    head = _CJK_TAIL.search(text, max(0, a - 8), a)
    for k in range(len(head.group()) if head else 0, -1, -1):
        if labels.match((head.group()[len(head.group()) - k :] if k else "") + text[b : m.end()]):
            return False
    return True


def _space(text: str, a: int, b: int, labels: re.Pattern[str] | None) -> str:
    """What the space run text[a:b] is: "break" (between fields), "drop" (inside a word, letter-
    spacing) or "keep" (between Latin words and numbers)."""
    before, after = text[a - 1], text[b]
    # (each costlier check is behind a cheap test of the characters it needs: this runs per space)
    if after in "-[" and _BULLET_NEXT.match(text, b) or before.isdigit() and _CLOCK_BEFORE.search(text, max(0, a - 9), a):
        return "break"  # `… - [ 主题分类 ] …`, `时间：2024-10-21 13:55 某某局` flattened: field boundaries
    if b - a >= 2 or before == "。" and not after.isascii():
        return "break"  # several spaces, or a sentence ended: the next paragraph (signature, date …)
    if _SECTION_NEXT.match(text, b) or _DATE_LINE.match(text, b) or "、" in text[max(0, a - 26) : a] and _HEADING_BEFORE.search(text, max(0, a - 26), a):
        return "break"
    if labels is not None and not after.isascii() and (m := labels.match(text, b)):
        # a label comes next, unless the space splits it: 统一 社会信用代码, 法定 代表人
        head = _CJK_TAIL.search(text, max(0, a - 8), a)
        if head is None or labels.match(head.group() + m.group()) is None:
            return "break"
    if labels is not None and not after.isascii() and ":" in text[b : b + 34] and _label_soon(labels, text, a, b):
        return "break"  # `户籍地址：… 项目住址：…` flattened: an unlisted label ending in a listed one
    if (not after.isascii() or after == "*" or _DATE_AT.match(text, b)) and _AFTER_HEAD.search(text, max(0, a - 4), a):
        return "break"
    if before == "日" and not after.isascii() and _SIGNED_BEFORE.search(text, max(0, a - 40), a):
        return "break"  # `某某局 2025年3月5日 附件：…` flattened: the signature's date ends its line
    if before not in _NOT_BEFORE_OPENER and (_OPENER_NEXT.match(text, b) or "环" in text[b : b + 34] and _BUREAU_ACTS.match(text, b)):
        return "break"
    if not before.isascii() and (not after.isascii() or after.isalnum()) or (not after.isascii() and before.isalnum()):
        return "drop"
    return "keep"


def _without(text: str, drops: list[tuple[int, int]]) -> tuple[str, list[int], list[int]]:
    """text with the (sorted, disjoint) spans removed, and the kept runs' (new, old) starts."""
    parts: list[str] = []
    vpos, rpos = [], []
    pos = out = 0
    for a, b in drops:
        if a < pos:
            a = pos
        if a >= b:
            continue
        if a > pos:
            vpos.append(out)
            rpos.append(pos)
            parts.append(text[pos:a])
            out += a - pos
        pos = b
    vpos.append(out)
    rpos.append(pos)
    parts.append(text[pos:])
    return "".join(parts), vpos, rpos

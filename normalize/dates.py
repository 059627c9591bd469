"""Dates as Chinese sites write them: 2023年5月12日, 2023-05-12, 2023/5/12, 2023.5.12,
二〇二三年五月十二日, and timestamps (2023-05-12 00:00:00, epoch milliseconds in JSON)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "元": 1}
_NUMERIC = re.compile(r"((?:19|20)\d{2})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_CN_CHARS = "〇○零Oo一二三四五六七八九十元"
_CHINESE = re.compile(rf"([{_CN_CHARS}]{{4}})\s*年\s*([{_CN_CHARS}]{{1,3}})\s*月\s*([{_CN_CHARS}]{{1,3}})\s*日")
_EPOCH_MS = re.compile(r"^\d{12,13}$")
# China Standard Time: epoch timestamps in JSON APIs are instants; the decision date is local.
_CST = timedelta(hours=8)


def _cn_small(s: str) -> int:
    """十二 → 12, 二十 → 20, 三十一 → 31, 五 → 5, 元 (first) → 1."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in s))


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str | None) -> date | None:
    """The first date in `text` (already clean), or None. Invalid calendar dates are None."""
    if not text:
        return None
    t = text.strip()
    # "2023 年5月12日", "20 23-05-12": stray spaces inside a date are print noise.
    if " " in t and not re.match(r"^\d{4}-\d{2}-\d{2} \d", t):
        t = t.replace(" ", "")
    if _EPOCH_MS.match(t):
        return (datetime.fromtimestamp(int(t) / (1000 if len(t) == 13 else 1), tz=UTC) + _CST).date()
    if m := _NUMERIC.search(t):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _CHINESE.search(t):
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        return _make(year, _cn_small(m.group(2)), _cn_small(m.group(3)))
    if m := _COMPACT.search(t):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def find_dates(text: str) -> list[tuple[int, date]]:
    """Every date in a block of prose with its position, in order."""
    found: list[tuple[int, date]] = []
    for m in _NUMERIC.finditer(text):
        if d := _make(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            found.append((m.start(), d))
    for m in _CHINESE.finditer(text):
        try:
            year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
            d = _make(year, _cn_small(m.group(2)), _cn_small(m.group(3)))
        except (KeyError, ValueError):
            d = None
        if d:
            found.append((m.start(), d))
    return sorted(found)


_DEADLINE = re.compile(r"(?:于|在|至|限|截至|截止)\s*(?P<date>[^,，;；。]{6,20}?)\s*(?:前|之前|以前)\s*(?:完成|改正|整改|落实)?")


def find_rectification_deadline(text: str) -> date | None:
    """An absolute deadline to correct (于2023年6月30日前完成整改); relative ones (15日内) are None,
    since they run from a service date the page does not give."""
    for m in _DEADLINE.finditer(text):
        window = text[max(0, m.start() - 40) : m.end() + 10]
        if any(k in window for k in ("整改", "改正", "治理", "完成", "停止")) and (d := parse_date(m.group("date"))):
            return d
    return None

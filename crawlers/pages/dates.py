"""Dates as list pages print them: full (2026-06-10, 2026年6月10日, 2026.6.10), year-less (06-10,
[06-10], 6月10日) and the dates document URLs carry (t20260610_1, /art/2026/6/10/, /2026/06-10/).

Lists are newest first, so a year-less date takes the latest year that does not put it after the
item above it (or, for the first item, after the day the page was served).
"""

from __future__ import annotations

import re
from datetime import date

_SEP = r"\s*[-/.年]\s*"
_FULL = re.compile(r"((?:19|20)\d\d)" + _SEP + r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
# A chunk of text that is nothing but a date, maybe bracketed or labelled (发布日期：2026-06-10).
_LABEL = r"(?:(?:发布|成文|公开|更新)?(?:日期|时间)\s*[:：]?\s*)?"
_OPEN, _CLOSE = r"[\[【(（<]?\s*", r"\s*[\]】)）>]?"
_ONLY_FULL = re.compile(
    rf"^{_LABEL}{_OPEN}((?:19|20)\d\d){_SEP}(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?"
    rf"(?:\s+\d{{1,2}}:\d\d(?::\d\d)?)?{_CLOSE}$"
)
_ONLY_SHORT = re.compile(rf"^{_LABEL}{_OPEN}(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?{_CLOSE}$")
_URL_DATES = (
    re.compile(r"/t((?:19|20)\d\d)(\d\d)(\d\d)_\d+"),  # TRS: ./202606/t20260610_1001.html
    re.compile(r"/art/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})/"),  # jcms: /art/2026/6/10/art_…
    re.compile(r"/((?:19|20)\d\d)/(\d\d)-(\d\d)/"),  # zfxxgk: /2026/07-23/3653721.html
    re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)/"),  # /c/2017-07-05/1742336.shtml
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)/"),  # /20260610/…
)


def make_date(y: int | str, m: int | str, d: int | str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def find_full_date(text: str) -> date | None:
    """The first full date anywhere in `text`."""
    for m in _FULL.finditer(text):
        if (d := make_date(*m.groups())) is not None:
            return d
    return None


def date_only(text: str) -> date | tuple[int, int] | None:
    """What a chunk of text that holds only a date says: a date, a (month, day) pair, or None."""
    t = text.strip().replace("\xa0", " ")
    if not t or len(t) > 40:
        return None
    if m := _ONLY_FULL.match(t):
        return make_date(*m.groups())
    if m := _ONLY_SHORT.match(t):
        month, day = int(m.group(1)), int(m.group(2))
        if make_date(2000, month, day) is not None:  # 2000 is a leap year: 02-29 is a real day
            return month, day
    return None


def url_date(url: str) -> date | None:
    """The publication date a document URL carries, if it carries one."""
    for pat in _URL_DATES:
        if (m := pat.search(url)) and (d := make_date(*m.groups())) is not None:
            return d
    return None


def with_year(month: int, day: int, not_after: date) -> date:
    """The latest (year, month, day) on or before `not_after`."""
    for year in range(not_after.year, not_after.year - 9, -1):
        d = make_date(year, month, day)
        if d is not None and d <= not_after:
            return d
    raise ValueError(f"no year puts {month:02d}-{day:02d} on or before {not_after}")

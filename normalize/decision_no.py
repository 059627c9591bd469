"""Decision numbers (文号): keep the raw text, compare on one normalized form.

`苏环罚字[2023]12号`, `苏环罚字【2023】12 号` and `苏环罚字（２０２３）１２号` are one decision:
the year bracket becomes 〔〕, digits and other brackets half-width, spaces go.
"""

from __future__ import annotations

import re

from normalize.text import halfwidth, strip_pinyin, to_simplified

# Opening/closing brackets seen around the year, after NFKC (which maps （［ to ([ but leaves 〔【〖﹝).
_OPEN = "〔[【〖﹝(<《〈"
_CLOSE = "〕]】〗﹞)>》〉"
_YEAR_BRACKET = re.compile(rf"[{re.escape(_OPEN)}]\s*((?:19|20)\d\d)\s*[{re.escape(_CLOSE)}]")
_WS = re.compile(r"\s+")
# A year written without any bracket directly before the serial: 苏环罚2023-12号 is left alone,
# because sites that omit brackets do it consistently and inventing them would change identity.


def normalize_decision_no(raw: str | None) -> str | None:
    """Normalized decision number: simplified, half-width, year in 〔〕, no spaces; None when empty."""
    if raw is None:
        return None
    v = _WS.sub("", halfwidth(to_simplified(strip_pinyin(raw))))
    v = v.strip(":：;；,，.。")
    if not v or v in {"-", "/", "无"}:
        return None
    return _YEAR_BRACKET.sub(_year_in_brackets, v)


def _year_in_brackets(m: re.Match[str]) -> str:
    # a function, not the template r"〔\1〕": re expands a template in Python on every call
    return f"〔{m.group(1)}〕"


_IN_TEXT = re.compile(
    r"((?:\([\u4e00-\u9fff]{1,4}\))?[\u4e00-\u9fff]{1,12}(?:\([\u4e00-\u9fff]{1,4}\))?[\u4e00-\u9fff]{0,6}"
    rf"[{re.escape(_OPEN)}]\s*(?:19|20)\d\d\s*[{re.escape(_CLOSE)}]\s*(?:第\s*)?[0-9A-Za-z\-]+\s*号)"
)


_TITLE_WORDS = re.compile(r"(?:决定书|通知书|告知书|决定)")


def find_decision_no(text: str) -> str | None:
    """The first decision number in a block of (clean) prose, e.g. a heading `苏环罚字〔2023〕12号`."""
    m = _IN_TEXT.search(text)
    if not m:
        return None
    # a heading run together with the number: 行政处罚决定书宁环罚〔2023〕12号
    return _TITLE_WORDS.split(m.group(1))[-1]

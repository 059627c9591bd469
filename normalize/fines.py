"""Fines in yuan, from however the page writes them.

罚款人民币贰拾万元整, 罚款20万元, 罚款250,000元, 处10万元罚款, and a 罚款金额（万元） cell of "8.0"
all become amounts in yuan. Several fines in one decision are each listed and summed. Amounts in
quoted law ("处十万元以上一百万元以下的罚款") are ranges, not fines, and are skipped.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from normalize.record import Fine

_CN_NUM = "零〇○一二三四五六七八九十百千万亿壹贰贰叁肆伍陆柒捌玖拾佰仟萬億两兩点貮"
# digits (with a 千/百 multiplier: 5千元), or Chinese numerals
_AMOUNT = rf"(?:\d[\d,]*(?:\.\d+)?(?:\s*[千百](?=\s*[万元]))?|[{_CN_NUM}]+)"
# 罚款(人民币)?<amount>(万)?元 — the common form.
# The unit: 元, 万元, or in brackets as a table header prints it: 罚款8.0（万元）.
_UNIT = r"(?:(?P<wan>万)?\s*元|\(\s*(?P<wanp>万)?元\s*\))"
_FINE_AFTER = re.compile(
    rf"(?:罚款|罚金|处罚(?=\s*\d))(?:金额|数额)?(?:\(\s*[大小]写\s*\))?\s*:?\s*(?:为|计|共计|合计)?\s*(?:人民币|\(\s*人民币\s*\)|RMB|¥|￥)?\s*:?\s*"
    rf"(?P<amt>{_AMOUNT})\s*{_UNIT}(?P<tail>整|以上|以下|至|-|~)?"
)
# 处(以)?<amount>(万)?元(的)?罚款 — amount first.
# news: 被罚4万元, 开出10万元罚单
_FINE_NEWS = re.compile(
    rf"(?:被(?:处)?罚(?:款)?了?|罚了|领罚)\s*(?:人民币)?\s*(?P<amt>{_AMOUNT})\s*{_UNIT}(?P<tail>整|以上|以下|至|-|~)?"
    rf"|(?:开出|开具|处以)?\s*(?P<amt2>{_AMOUNT})\s*(?P<wan2>万)?\s*元(?:的)?\s*罚单"
)
_FINE_BEFORE = re.compile(
    rf"(?:处以?|并处|处人民币|合计|共计|作出|给予|进行|予以|(?<![{_CN_NUM}\d])的)\s*(?:人民币)?\s*(?P<amt>{_AMOUNT})\s*{_UNIT}"
    rf"(?P<tail>整|以上|以下|至|-|~)?\s*(?:的)?\s*(?:行政)?罚款"
)
# 分别对6家单位处以4万元、2万元、3万元罚款: several amounts before one 罚款, one fine each
_AMOUNT_UNIT = rf"{_AMOUNT}\s*万?\s*元"
_FINE_LIST = re.compile(
    rf"(?:处以?|并处|给予)\s*(?:人民币)?\s*(?P<list>{_AMOUNT_UNIT}(?:\s*[、,和及]\s*{_AMOUNT_UNIT})+)\s*(?:的)?\s*(?:行政)?罚款"
)
_LISTED = re.compile(rf"(?P<amt>{_AMOUNT})\s*(?P<wan>万)?\s*元")
_RANGE_TAIL = {"以上", "以下", "至", "-", "~"}
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_FINANCIAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟萬億兩貮", "一二三四五六七八九十百千万亿两二")


_DIGITS_TIMES = re.compile(r"(\d+(?:\.\d+)?)\s*([千百])")


def cn_amount(text: str) -> Decimal:
    """Chinese numerals (financial or plain) → Decimal: 贰拾万 → 200000, 一万五千 → 15000, 2.5 → 2.5,
    5千 → 5000."""
    t = text.replace(",", "")
    if _DIGITS.fullmatch(t):
        return Decimal(t)
    if m := _DIGITS_TIMES.fullmatch(t):
        return Decimal(m.group(1)) * (1000 if m.group(2) == "千" else 100)
    try:
        value = _cn_numerals(t)
    except (ValueError, KeyError, InvalidOperation) as e:
        raise ValueError(f"not an amount: {text!r}") from e
    # cn2an's smart mode also reads "-6402", "负五万" and exponents: no fine is negative or endless
    if not value.is_finite() or value < 0:
        raise ValueError(f"not an amount: {text!r}")
    return value


@lru_cache(maxsize=4096)  # cn2an is slow and printed amounts recur (贰拾万, 壹万)
def _cn_numerals(t: str) -> Decimal:
    import cn2an

    return Decimal(str(cn2an.cn2an(t.translate(_FINANCIAL), "smart")))


def _yuan(amt: str, wan: str | None) -> float:
    value = cn_amount(amt) * (10000 if wan else 1)
    return float(value.quantize(Decimal("0.01")))


def parse_fines(text: str | None) -> list[Fine]:
    """Every fine stated in a (clean) penalty text, in order, ranges from quoted law skipped."""
    return [f for _, _, f in fine_spans(text)]


def fine_spans(text: str | None) -> list[tuple[int, int, Fine]]:
    """Every fine in a (clean) penalty text with its span, so the printed wording can be cut out."""
    if not text or ("罚" not in text):
        return []
    found: list[tuple[int, int, Fine]] = []
    taken: list[tuple[int, int]] = []
    for m in _FINE_LIST.finditer(text):
        parts = []
        for x in _LISTED.finditer(text, m.start("list"), m.end("list")):
            try:
                parts.append((x.start(), x.end(), Fine(amount_yuan=_yuan(x.group("amt"), x.group("wan")), raw=x.group(0))))
            except ValueError:
                break
        else:
            taken.append((m.start(), m.end()))
            found.extend(parts)
    for rx in (_FINE_AFTER, _FINE_BEFORE, _FINE_NEWS):
        for m in rx.finditer(text):
            if m.groupdict().get("amt2"):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                try:
                    amount = _yuan(m.group("amt2"), m.group("wan2"))
                except ValueError:
                    continue
                taken.append((m.start(), m.end()))
                found.append((m.start(), m.end(), Fine(amount_yuan=amount, raw=m.group(0).strip())))
                continue
            if m.group("tail") in _RANGE_TAIL or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            # "…以上…以下" written with the range before the amount: 处五万元以上二十万元以下罚款
            after = text[m.end() : m.end() + 3]
            if after.startswith(("以上", "以下")):
                continue
            try:
                amount = _yuan(m.group("amt"), m.group("wan") or m.group("wanp"))
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), Fine(amount_yuan=amount, raw=m.group(0))))
    return sorted(found, key=lambda x: x[0])


def fine_from_cell(value: str | None, *, unit: str) -> Fine | None:
    """A fine-amount cell: unit 'wan' for 罚款金额（万元） ("8.0" → 80000 yuan), 'yuan' otherwise.
    Blank, zero-like or masked cells give None."""
    if value is None:
        return None
    v = value.strip().replace(",", "").removesuffix("元")
    wan = unit == "wan" or v.endswith("万")  # a cell of a yuan column may still print 4万元
    v = v.removesuffix("万").strip()
    if not v or v in {"-", "/", "无"} or "*" in v:
        return None
    try:
        amount = cn_amount(v)
    except ValueError:
        return None
    yuan = amount * (10000 if wan else 1)
    return Fine(amount_yuan=float(yuan.quantize(Decimal("0.01"))), raw=value.strip())

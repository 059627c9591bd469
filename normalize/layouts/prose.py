"""Decision-document prose: labelled opening paragraphs, numbered sections, authority and date last.

    宁环罚〔2023〕12号 / 当事人：… / 统一社会信用代码：… / 一、环境违法事实和证据 … /
    二、行政处罚的依据、种类 … 依据《…》第…条的规定，我局决定…：罚款人民币贰拾万元整。 /
    三、… / 南京市生态环境局 / 二〇二三年五月十二日
"""

from __future__ import annotations

import re

from normalize.dates import parse_date
from normalize.decision_no import find_decision_no
from normalize.layouts.base import RawItem
from normalize.taxonomy import Taxonomy, label_key
from normalize.text import clean, clean_with_offsets, drop_cjk_spaces

_SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")
_ENUM = re.compile(r"^\s*(?:\d{1,2}\s*[.、)]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|[一二三四五六七八九十]是)")
_AUTHORITY_END = re.compile(r"(局|厅|分局|委员会|管委会|人民政府|环境保护局|支队|大队|执法局|管理局)$")
_DECIDE = re.compile(r"决定(?:对你|对其|对该|给予|作出|如下|责令|处以|并处|:)|(?<=[局厅现])责令")
# Boilerplate closing the facts section: the evidence list and the provision violated.
_FACTS_BOILERPLATE = re.compile(r"^(?:以上(?:事实|违法事实)|上述(?:事实|违法事实)|(?:你|该)?(?:单位|公司|厂)?(?:的)?上述行为违反了)")
_CONTENT_STOP = re.compile(r"^(?:限|如不服|如你|你(?:单位|公司)?如不服|[一二三四五六七八九十]{1,3}、|申请|当事人(?:应|如)|逾期)")
_COLON = re.compile(r"[:：]")
MAX_LABEL = 15
_LABELISH = re.compile(r"[\u4e00-\u9fff()]{2,14}")


def _split_label(raw: str) -> tuple[str, str] | None:
    m = _COLON.search(raw)
    if not m or m.start() == 0:
        return None
    label = raw[: m.start()]
    if len(label_key(label)) > MAX_LABEL:
        return None
    return label, raw[m.end() :]


def _decision_paragraph(lines: list[str]) -> tuple[int, str] | None:
    for i, ln in enumerate(lines):
        if _DECIDE.search(ln) or ("决定" in ln and ("罚款" in ln or "处罚" in ln)):
            return i, ln
    return None


def _content_from(lines: list[tuple[str, str]], i: int) -> str:
    """The penalty itself, as printed: what follows 决定…： on the decision line, plus enumerated items
    after it. Found on the clean text, cut from the raw text (so fines keep their printed wording)."""
    raw, line = lines[i]
    aligned = clean_with_offsets(raw)
    text = aligned[0] if aligned else line
    m = _DECIDE.search(text)
    start = m.start() if m else text.find("决定")
    colon = _COLON.search(text, start)
    if colon and text[colon.end() :].strip():
        start = colon.end()
    parts = [raw[aligned[1][start] :] if aligned and start < len(aligned[1]) else text[start:]]
    last_clean = text
    for raw_next, ln in lines[i + 1 :]:
        s = ln.strip()
        if _CONTENT_STOP.match(s) or not (_ENUM.match(s) or last_clean.rstrip().endswith((":", "："))):
            break
        parts.append(raw_next.strip())
        last_clean = s
    return "".join(p.strip() for p in parts).rstrip("。;；,，. \u3000")


def _basis_text(text: str) -> str:
    """Sentences citing the basis of the penalty (依据/根据《…》…), not the provision violated (违反了《…》)."""
    out = []
    for m in re.finditer(r"(?:依据|根据|依照|按照)\s*《[^。；;]*", text):
        out.append(m.group(0))
    return "；".join(out)


def parse_prose_lines(
    lines: list[str], taxonomy: Taxonomy, *, title: str | None, publish_date: str | None
) -> RawItem | None:
    """A RawItem from the paragraphs of a decision document, or None when no labelled party is found."""
    item = RawItem(parser="html.prose", title=title, publish_date=publish_date)
    # stray spaces between Chinese characters ("以上 事实") would hide headings and boilerplate
    clean_lines = [drop_cjk_spaces(clean(ln)) for ln in lines]
    sections: dict[str, list[str]] = {}
    raw_sections: dict[str, list[tuple[str, str]]] = {}
    current: str | None = None
    seen_section = False
    for raw, cl in zip(lines, clean_lines, strict=True):
        if _SECTION.match(cl):
            current, seen_section = cl, True
            sections[current] = []
            raw_sections[current] = []
            continue
        if current is not None:
            sections[current].append(cl)
            raw_sections[current].append((raw, cl))
            continue
        lab = _split_label(raw)
        # Only short all-Chinese prefixes are labels; "经查：…" style sentence openers are too, and an
        # unknown one is reported so a new label at the source is noticed.
        if lab is not None and not seen_section and _LABELISH.fullmatch(label_key(lab[0])):
            item.put_labelled(lab[0], lab[1], taxonomy)
    if "party_name" not in item.fields:
        return None

    if "decision_no" not in item.fields:
        for raw, cl in zip(lines[:10], clean_lines[:10], strict=False):
            found = find_decision_no(drop_cjk_spaces(cl))
            if found:
                # a line that is only the number keeps its printed form as the raw value
                whole = drop_cjk_spaces(cl).replace(" ", "") == found.replace(" ", "")
                item.put("decision_no", raw.strip() if whole else found)
                break

    facts_key = next((k for k in sections if "事实" in k), None)
    if facts_key and "facts" not in item.fields:
        item.put("facts", "".join(ln for ln in sections[facts_key] if not _FACTS_BOILERPLATE.match(ln)))
    decision_pairs = [p for k, v in raw_sections.items() if k != facts_key for p in v] or list(zip(lines, clean_lines, strict=True))
    decision_lines = [cl for _, cl in decision_pairs]
    found = _decision_paragraph(decision_lines)
    if found is not None and "penalty_content" not in item.fields:
        item.put("penalty_content", _content_from(decision_pairs, found[0]))
    if "legal_basis" not in item.fields and (basis := _basis_text("".join(decision_lines))):
        item.put("legal_basis", basis)

    tail = [ln for ln in clean_lines[-8:] if ln]
    if "decision_date" not in item.fields:
        for ln in reversed(tail):
            if len(ln) <= 20 and parse_date(ln):
                item.put("decision_date", ln)
                break
    if "authority" not in item.fields:
        for ln in reversed(tail):
            s = ln.strip(" ()（）")
            if len(s) <= 30 and _AUTHORITY_END.search(s) and not parse_date(s):
                item.put("authority", s)
                break
    item.body_text = " ".join(clean_lines)
    return item

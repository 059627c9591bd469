"""The body of a decision document: facts, the provisions violated, the basis and the decision
itself, and the authority and date that close it.

Only the decision part is read for penalties: the facts may restate an earlier decision's fine,
and quoted law text (“…处二万元以上二十万元以下的罚款”) is blanked before anything is read.
"""

from __future__ import annotations

import re

from normalize.reading.doc import SECTION, Doc
from normalize.reading.patterns import DATE_ONLY, is_authority
from normalize.record import DocKind

_VIOLATED = re.compile(r"违反(?:了)?[^。《]{0,8}《")
_CLAUSE_TOKEN = re.compile(r"《[^《》\n]*》|(?:的|之|等)?(?:有关|相关)?规定|。|\n|依据|根据|依照")
# 按照 introduces discretion rules and threats (将按照《…》按日计罚), not the basis of a penalty
# 依据该法第…条: the law the violated clause named (resolved in normalize/legal_basis.py)
# (a heading `二、责令改正的依据` ends its line: the basis is the line after it, not the heading)
_BASIS = re.compile(r"(?:依据|根据|依照)[ \t]*(?:[^《。\n]{0,12})《|(?:依据|根据|依照)[ \t]*(?:该|同)(?:法|条例|办法)第")
_LAW_ITEM = re.compile(r"\n\s*\d{1,2}\s*[.、]\s*《")  # 依据：1.《…》…； / 2.《…》…: a list of provisions
_DECIDE = re.compile(
    r"决定(?:对你|对其|对该|给予|作出|如下|责令|处以|并处|罚款|:)|(?<=[局厅部现拟])责令|作出(?:如下|以下)(?:行政)?处罚"
    r"|建议作出以下决定|处罚如下|拟作出如下|(?<=[局厅部])(?:拟)?对你(?:单位|公司|厂)?(?:作出|处以|处|罚款)|(?<=[局厅部])拟(?:处以|处|给予)"
)
_ENUM = re.compile(r"^\s*(?:\d{1,2}\s*[.、)]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|[一二三四五六七八九十]是)")
_CONTENT_STOP = re.compile(
    r"^(?:限|如不服|如你|你(?:单位|公司|厂)?如(?:对|不服)|[一二三四五六七八九十]{1,3}、|申请|当事人(?:应|如)|逾期|收款|户名|账号|根据《中华人民共和国行政处罚法》)"
)
# 决定：一、责令停止建设；二、罚款人民币拾万元。 — items numbered like section headings, but each a
# penalty (a verb of the decision, or a sentence end) where a heading is a short title
_CN_ITEM = re.compile(r"^[一二三四五六七八九十]{1,2}、.*(?:罚款|责令|没收|警告|吊销|暂扣|停产|关闭|拘留|[;。])")
_FACTS_END = re.compile(
    r"^(?:以上(?:事实|违法事实)|上述(?:事实|违法事实)|证明以上事实|(?:你|该)?(?:单位|公司|厂)?(?:的)?上述行为|(?:依据|依照|根据)《[^》]+》第)"
)
_APPEAL = re.compile(r"行政复议|行政诉讼")
_SEAL = re.compile(r"^[(（]?\s*(?:盖章|印章|公章|签章|章|印)\s*[)）]?$")
_SEAL_AFTER = re.compile(r"\s*[(（]\s*(?:盖章|印章|公章|签章|章|印)\s*[)）]\s*$")  # 某某局（印章） on one line
_SELF = (
    (DocKind.PRIOR_NOTICE, re.compile(r"本(?:事先|听证)?告知书")),
    (DocKind.PAYMENT_REMINDER, re.compile(r"本催告书")),
    (DocKind.PENALTY_DECISION, re.compile(r"本(?:行政)?处罚决定")),
)
_QUOTED = re.compile(r"“[^”\n]*(?:”|$)", re.M)


def blank_quotes(text: str) -> str:
    """Quoted law text replaced by spaces (same length, so offsets hold); an unclosed quote runs
    to the line end."""
    if "“" not in text:
        return text
    return _QUOTED.sub(lambda m: " " * (m.end() - m.start()), text)


# A page without title or number that proposes (我局拟对你…处) and then grants the rights of a notice
# (陈述、申辩、听证), with no word of a decision (本处罚决定, 复议, 诉讼), is a notice: a proposal.
_PROPOSED = re.compile(r"(?:我局|本局|本机关|我厅|我部)拟(?:对你|对其|对该|作出如下|作出以下|处以|给予)")
_NOTICE_RIGHTS = re.compile(r"陈述|申辩|听证")
_DECIDED_SIGNS = re.compile(r"本(?:行政)?处罚决定|本决定|如不服|行政复议|行政诉讼")


def self_kind(text: str) -> DocKind | None:
    """What the document calls itself in its body (本告知书, 本处罚决定), or a proposal with a
    notice's rights and no word of a decision."""
    for kind, rx in _SELF:
        if rx.search(text):
            return kind
    m = _PROPOSED.search(text)
    if m and _NOTICE_RIGHTS.search(text, m.end()) and not _DECIDED_SIGNS.search(text):
        return DocKind.PRIOR_NOTICE
    return None


def sentence(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    e1, e2 = text.find("。", pos), text.find("\n", pos)
    ends = [e for e in (e1, e2) if e >= 0]
    return a, (min(ends) if ends else len(text))


def violated(plain: str, start: int) -> tuple[int, int] | None:
    """The clause naming the provisions violated: from 违反 to 的规定 (quotes blanked; a law's own
    name may end in 规定: 《济南市扬尘污染防治管理规定》)."""
    m = _VIOLATED.search(plain, start)
    if not m:
        return None
    pos = m.end() - 1
    for t in _CLAUSE_TOKEN.finditer(plain, pos):
        if t.group().startswith("《"):
            continue
        if t.group() in ("依据", "根据", "依照") and "《" not in plain[m.end() - 1 : t.start()]:
            continue
        return m.start(), t.end() if "规定" in t.group() else t.start()
    return m.start(), len(plain.rstrip())


# under a heading `行政处罚的依据、种类`, a line that opens with the provision (《…》第三十九条“…”的规定。)
_BASIS_HEADING = re.compile(r"处罚的?依据")
_BASIS_LINE = re.compile(r"(?<=\n)[ \t]*《[^》\n]{2,40}》\s*第[一二三四五六七八九十百零〇\d]+条")


def basis(plain: str, start: int, stop: int | None = None) -> tuple[int, int] | None:
    """The first sentence after `start` that rests something on a law (依据《…》…), or a line
    opening with the provision under a heading that says it is the basis."""
    end = stop if stop is not None else len(plain)
    m = _BASIS.search(plain, start, end)
    line = _BASIS_LINE.search(plain, start, m.start() if m else end)
    if line and (h := _BASIS_HEADING.search(plain, max(0, start - 400), line.start())) and "\n" in plain[h.end() : line.start()]:
        m = line
    if not m:
        return None
    a, b = sentence(plain, m.start())
    for _ in range(6):  # the list's later items are part of the basis
        item = _LAW_ITEM.match(plain, b)
        if not item or item.start() >= end:
            break
        b = min(sentence(plain, item.end() - 1)[1], end)
    d = _DECIDE.search(plain, m.start(), b)
    return m.start(), (d.start() if d else b)


_IMPOSED = re.compile(r"处(?:以)?罚款|罚款人民币|罚款[\d壹贰叁肆伍陆柒捌玖拾一二三四五六七八九十]")
_PAYMENT = re.compile(r"限你|限于|限当事人|逾期|缴至|如不服|如对本")


def fine_after_basis(plain: str, start: int) -> tuple[int, int, int] | None:
    """A decision that states its fine without a word of deciding (依据…的规定。…处罚款人民币伍仟元整):
    the first sentence after the basis, before the payment paragraph, that imposes a fine."""
    from normalize.fines import fine_spans

    stop = _PAYMENT.search(plain, start, start + 600)
    end = stop.start() if stop else min(len(plain), start + 600)
    pos = start
    while pos < end:
        a, b = sentence(plain, pos)
        b = min(b, end)
        if b > a and _IMPOSED.search(plain, a, b) and fine_spans(plain[a:b]):
            return a, a, b
        pos = b + 1
    return None


def _in_title_quote(plain: str, pos: int) -> bool:
    opened = plain.rfind("《", max(0, pos - 40), pos)
    return opened >= 0 and plain.find("》", opened, pos) < 0


def decision(plain: str, start: int) -> tuple[int, int, int] | None:
    """(marker start, content start, content end): what follows 决定…： / 责令 on its line, plus
    the enumerated items after it."""
    m = _DECIDE.search(plain, start)
    while m and _in_title_quote(plain, m.start()):
        m = _DECIDE.search(plain, m.end())  # 《某某局责令改正违法行为决定书》: a cited paper, not this decision
    if not m:
        return None
    line_end = plain.find("\n", m.start())
    line_end = len(plain) if line_end < 0 else line_end
    colon = plain.find(":", m.start(), min(line_end, m.end() + 40))
    cstart = colon + 1 if colon >= 0 else m.start()
    parts: list[tuple[int, int]] = []
    if plain[cstart:line_end].strip():
        e = plain.find("。", cstart, line_end)
        e = line_end if e < 0 else e
        if "罚款" in plain[e:line_end] and "罚款" not in plain[cstart:e]:
            e = line_end  # the penalty comes after a first sentence on the same line
        parts.append((cstart, e))
        expect_item = plain[cstart:e].rstrip().endswith(":")
    else:
        expect_item = True
    cn_items = False
    pos = line_end + 1
    while pos < len(plain):
        nl = plain.find("\n", pos)
        nl = len(plain) if nl < 0 else nl
        ln = plain[pos:nl]
        s = ln.strip()
        if s:
            item = _ENUM.match(s) or (expect_item or cn_items) and _CN_ITEM.match(s)
            if not item and (_CONTENT_STOP.match(s) or not expect_item):
                break
            cn_items = cn_items or bool(_CN_ITEM.match(s))
            parts.append((pos + len(ln) - len(ln.lstrip()), nl))
            expect_item = s.endswith(":")
        pos = nl + 1
    if not parts:
        return None
    cstart, cend = parts[0][0], parts[-1][1]
    while cend > cstart and plain[cend - 1] in "。;,. \t\n":
        cend -= 1
    while cstart < cend and plain[cstart] in " \t\n":
        cstart += 1
    return (m.start(), cstart, cend) if cend > cstart else None


def facts(doc: Doc, body_seg: int, stop: int) -> tuple[int, int] | None:
    """The facts: the paragraphs of the facts section (or of the body's start) up to the evidence
    and violation boilerplate."""
    segs = doc.segs
    i = body_seg
    if i < len(segs) and SECTION.match(segs[i].text):
        i += 1
    a = b = None
    while i < len(segs) and segs[i].start < stop:
        t = segs[i].text
        if _FACTS_END.match(t) or SECTION.match(t):
            break
        if a is None:
            a = segs[i].start
        b = segs[i].end
        i += 1
    return (a, b) if a is not None and b is not None else None


def closing(doc: Doc, after: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(authority, date) of the signature block after position `after`: an authority line and a
    date line under it; or a date line alone after the appeal paragraph."""
    segs = doc.segs
    appeal_seen = False
    for i, s in enumerate(segs):
        if s.start < after:
            continue
        if _APPEAL.search(s.text):
            appeal_seen = True
        name = _SEAL_AFTER.sub("", s.text).strip("()（） ")
        nxt = i + 2 if i + 2 < len(segs) and _SEAL.match(segs[i + 1].text) else i + 1
        if nxt < len(segs) and is_authority(name) and DATE_ONLY.match(segs[nxt].text):
            off = s.text.find(name)
            return (s.start + off, s.start + off + len(name)), _date_span(segs[nxt])
        if DATE_ONLY.match(s.text) and i + 1 < len(segs):
            # the date above the authority: 2024年2月20日 / 某某市生态环境局
            after_name = _SEAL_AFTER.sub("", segs[i + 1].text).strip("()（） ")
            if is_authority(after_name):
                off = segs[i + 1].text.find(after_name)
                return (segs[i + 1].start + off, segs[i + 1].start + off + len(after_name)), _date_span(s)
        if appeal_seen and DATE_ONLY.match(s.text) and i > 0:
            prev = _SEAL_AFTER.sub("", segs[i - 1].text).strip("()（） ")
            auth = (segs[i - 1].start, segs[i - 1].start + len(prev)) if is_authority(prev) else None
            return auth, _date_span(s)
    return None, None


def _date_span(seg) -> tuple[int, int]:  # noqa: ANN001 - a Seg
    m = DATE_ONLY.match(seg.text)
    assert m is not None
    return seg.start + m.start("d"), seg.start + m.end("d")

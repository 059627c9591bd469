"""The party block of a decision document: who the decision is addressed to, and their codes.

Every form real documents use: a label (当事人, 被处罚单位, 单位, 名称, 行政相对人名称 …), the
addressee line of the national template (`某某有限公司：`, the body sometimes on the same line),
a bare name line followed by its code lines, a natural person's narrative opening (`张某，男，…`);
then the code / legal representative / address lines, as labels or as one sentence
(`统一社会信用代码为…，法定代表人…，地址位于…。`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalize.reading.doc import OPENER, Doc
from normalize.reading.labels import Pair, known, seg_pairs
from normalize.reading.patterns import (
    TITLE,
    is_authority,
    is_person,
    looks_like_party,
    org_name_end,
    sentence_details,
)
from normalize.reading.segments import Seg
from normalize.taxonomy import label_key

DETAILS = {"uscc", "reg_no", "org_code", "legal_rep", "address", "id_no", "party_category"}
MAX_BLOCK = 24  # after this many segments without a party, a sentence ends the search
_ADDRESSEE = re.compile(r"^(?P<name>[^:]{2,60}?)\s*:\s*(?P<rest>.*)$")
_NARRATIVE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{1,2}(?:某{1,2}[\u4e00-\u9fff]?|\*{1,3}|[\u4e00-\u9fff]{1,2}))\s*,\s*(?:男|女)\s*[,。]")
_NARRATIVE_PART = re.compile(r"[,;。]\s*(?P<label>[\u4e00-\u9fff()]{2,12}?)\s*[:为]?\s*(?P<v>[^,;。]+)")
# The block's details printed as one sentence, without colons.
_PROSE = sentence_details(verb_required=False)


@dataclass
class PartyBlock:
    name: tuple[int, int]  # span of the party's name in the matching text
    seg: int
    end_seg: int  # first segment after the block (where the body starts)
    how: str  # "label", "addressee", "bare_line", "narrative"
    body_start: int | None = None  # where the body starts when it shares the addressee's line
    details: dict[str, tuple[int, int]] = field(default_factory=dict)
    labelled: list[Pair] = field(default_factory=list)  # every label pair met in the block


def find_party(doc: Doc, start: int) -> PartyBlock | None:
    """The party block at or after segment `start`, or None."""
    block: PartyBlock | None = None
    i = start
    # until the body starts: page chrome (even hundreds of lines of it) may come first
    end = len(doc.segs)
    pending: list[Pair] = []  # details met before the name (a code line above the addressee is rare but real)
    while i < end:
        pairs = doc.pairs(i) or ([cp] if (cp := doc.cell_pair(i)) else [])
        if pairs:
            for p in pairs:
                if p.field == "party_name" and block is None and p.end > p.start and not _names_a_bureau(doc, p):
                    block = PartyBlock((p.start, p.end), i, i + 1, "label")
                pending.append(p)
            step = pairs[-1].seg - i + 1
            if block is not None:
                block.end_seg = i + step
            i += step
            continue
        if block is not None:
            if _prose_details(doc, i, block):
                block.end_seg = i + 1
            break
        hit = _named(doc, i)
        if hit is not None:
            block = hit
            i = hit.end_seg
            continue
        if doc.is_body(i) and i > start + 2 or i > start + MAX_BLOCK and doc.is_sentence(i):
            break
        i += 1
    if block is None:
        block = _operator_as_party(doc, pending)
    if block is None:
        return None
    block.labelled = pending + block.labelled
    for p in block.labelled:
        if p.field in DETAILS and p.field not in block.details and p.end > p.start:
            block.details[p.field] = (p.start, p.end)
    return block


def _names_a_bureau(doc: Doc, p: Pair) -> bool:
    """A labelled value that is an enforcing bureau (公示单位：某某生态环境局 read as 单位): no party.
    A town government or a committee can be a party; they are not bureaus."""
    v = doc.text[p.start : p.end].strip()
    return is_authority(v) and not v.endswith(("人民政府", "委员会"))


def _operator_as_party(doc: Doc, pending: list[Pair]) -> PartyBlock | None:
    """A block naming no party but its 经营者 (an unregistered operator, a stall): the operator is
    the party, when the block also says where or who (address, ID number)."""
    ops = [p for p in pending if p.field == "legal_rep" and label_key(p.label) == "经营者" and p.end > p.start]
    if not ops or not any(p.field in _PERSON_DETAILS for p in pending):
        return None
    p = ops[0]
    name = doc.text[p.start : p.end].strip(" ,;。")
    if not looks_like_party(name):
        return None
    return PartyBlock((p.start, p.start + len(name)), p.seg, max(q.seg for q in pending) + 1, "label")


def _named(doc: Doc, i: int) -> PartyBlock | None:
    """An addressee line, a bare name line followed by code lines, or a narrative opening."""
    seg = doc.segs[i]
    nxt = i + 1 < len(doc.segs)
    m = _ADDRESSEE.match(seg.text)
    if m and looks_like_party(m.group("name")) and not known(m.group("name"), doc.taxonomy)[0]:
        rest = m.group("rest")
        a = seg.start + m.start("name")
        b = seg.start + m.end("name")
        if rest:
            if OPENER.match(rest):
                return PartyBlock((a, b), i, i + 1, "addressee", body_start=seg.start + m.start("rest"))
            if _starts_with_detail(doc, rest):
                # `某某有限公司：统一社会信用代码：…` on one line: the details follow the name
                sub = Seg(seg.start + m.start("rest"), seg.end, rest, seg.line)
                return PartyBlock((a, b), i, i + 1, "addressee", labelled=seg_pairs(sub, i, doc.taxonomy))
            if _PROSE_START.match(rest):
                # `某某有限公司：统一社会信用代码为…，法定代表人…` (a flattened page): a sentence of details
                block = PartyBlock((a, b), i, i + 1, "addressee")
                _read_prose(rest, seg.start + m.start("rest"), block)
                return block
        elif nxt and (_detail_follows(doc, i + 1) or doc.is_body(i + 1)):
            return PartyBlock((a, b), i, i + 1, "addressee")
    text = seg.text
    if org_name_end(text) and looks_like_party(text) and nxt and _detail_follows(doc, i + 1):
        return PartyBlock((seg.start, seg.end), i, i + 1, "bare_line")
    if org_name_end(text) and looks_like_party(text) and nxt and _names_it_next(doc, i, text):
        # `某某有限责任公司` alone, then the body: `2025年12月22日，某某有限责任公司（以下简称“你公司”）…`
        return PartyBlock((seg.start, seg.end), i, i + 1, "bare_line")
    if is_person(text) and nxt and _detail_follows(doc, i + 1, _PERSON_DETAILS):
        return PartyBlock((seg.start, seg.end), i, i + 1, "bare_line")  # 王** then 身份证号：…
    if _CUT_NAME.match(text) and nxt and _detail_follows(doc, i + 1, _CODES) and not is_authority(text) and not TITLE.search(text):
        # a name printed cut or without its form (某某牧业有限公) right above its registration code
        return PartyBlock((seg.start, seg.end), i, i + 1, "bare_line")
    m = _NARRATIVE.match(text)
    if m and is_person(m.group("name")):
        block = PartyBlock((seg.start, seg.start + m.end("name")), i, i + 1, "narrative")
        # 张某，男，身份证号码：…，住址：…。 — the details in the same sentence
        for part in _NARRATIVE_PART.finditer(text, m.end("name")):
            fld = known(part.group("label"), doc.taxonomy)[1]
            if fld in DETAILS and fld not in block.details:
                block.details[fld] = (seg.start + part.start("v"), seg.start + part.end("v"))
        return block
    return None


def _names_it_next(doc: Doc, i: int, name: str) -> bool:
    """The next segment is the body's first sentence and names the party within its opening words."""
    nxt = doc.segs[i + 1].text
    return len(name) >= 6 and doc.is_body(i + 1) and name in nxt[:40]


def _starts_with_detail(doc: Doc, text: str) -> bool:
    head = text.split(":", 1)[0] if ":" in text[:24] else ""
    return bool(head) and known(head, doc.taxonomy)[1] in DETAILS


_PERSON_DETAILS = frozenset({"id_no", "address"})
_CODES = frozenset({"uscc", "reg_no", "org_code"})
_CUT_NAME = re.compile(r"^[\u4e00-\u9fff()*]{4,40}$")


def _detail_follows(doc: Doc, j: int, fields: frozenset[str] | set[str] = DETAILS) -> bool:
    pairs = doc.pairs(j) or ([cp] if (cp := doc.cell_pair(j)) else [])
    return any(p.field in fields for p in pairs) or fields is DETAILS and bool(_PROSE_START.match(doc.segs[j].text))


_PROSE_START = re.compile(r"^(?:统一)?社会信用代码|^法定代表人")


def _prose_details(doc: Doc, i: int, block: PartyBlock) -> bool:
    """Codes, representative and address written as one sentence right after the name."""
    seg = doc.segs[i]
    if not _PROSE_START.match(seg.text):
        return False
    _read_prose(seg.text, seg.start, block)
    return True


def _read_prose(text: str, at: int, block: PartyBlock) -> None:
    for fld, rx in _PROSE.items():
        m = rx.search(text)
        if m and fld not in block.details:
            block.details[fld] = (at + m.start("v"), at + m.end("v"))

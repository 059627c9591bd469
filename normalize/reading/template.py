"""The national template of a decision document (行政处罚决定书, 责令改正违法行为决定书, 事先告知书,
不予行政处罚决定书, 催告书), and label/value records (双公示 tables), read into one RawItem with the
span of every value.

head (authority, title, number) → party block → facts → 违反… → 依据… → 决定…：penalty → payment
and appeal → authority and date. Any part may be missing: real pages are cut off, start in the
middle, or print the head as page metadata.
"""

from __future__ import annotations

import re

from normalize.idcard import looks_like_id_number
from normalize.layouts.base import RawItem
from normalize.reading import body
from normalize.reading.doc import Doc, put
from normalize.reading.header import find_titles, header_authority, numbers_in, own_number
from normalize.reading.labels import Pair
from normalize.reading.party import PartyBlock, find_party
from normalize.reading.patterns import (
    BARE_NO,
    DATE,
    is_authority,
    looks_like_party,
    number_kind,
    number_spans,
)
from normalize.record import DocKind

# Fields a label may give outside the party block (metadata lists, 双公示 tables).
_RECORD_LABELS = {"decision_no", "authority", "decision_date", "publish_date", "facts", "legal_basis",
                  "penalty_content", "case_name", "penalty_category", "violation_type", "fine_wan", "fine_yuan",
                  "rectification_deadline"}  # fmt: skip
# The 双公示 publication of a penalty: its number and its facts or result under their own labels.
_CREDIT_LABELS = {"decision_no", "facts", "penalty_content", "legal_basis"}
_ORDER_NO_LABEL = re.compile(r"责令|改正")
_CODE = re.compile(r"[0-9A-Za-z*]{6,20}(?:\(\d+-\d+\))?|[0-9A-Za-z]{8}-[0-9A-Za-z]")
_SPACED_CODE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z*]{1,8}(?: [0-9A-Za-z*]{1,8}){1,8}(?![0-9A-Za-z])")
_PERSONISH_END = re.compile(r"[,;(（)）\s]")
_MASK_ONLY = re.compile(r"^[Xx×]+$")


def read_template(doc: Doc, parser: str = "text.template") -> RawItem | None:
    """The template's record, or None when the document has no party block (a news item, a
    document that starts after its head and party, a list)."""
    titles = find_titles(doc)
    title = titles[0] if titles else None
    start = title.seg + 1 if title else 0
    block = find_party(doc, start)
    if block is None and title is not None:
        block = find_party(doc, 0)
    if block is None:
        return None
    item = RawItem(parser=parser, doc_text=doc.view.raw)
    name = _trim_name(doc, block.name)
    put(item, doc, "party_name", *name)
    for fld, (a, b) in block.details.items():
        span = _clean_detail(doc, fld, a, _before_party_sentence(doc, doc.text[name[0] : name[1]], a, b))
        if span:
            put(item, doc, _code_field(doc, fld, span, block.details), *span)
    record_pairs = _record_pairs(doc, block)

    head_end = block.seg
    numbers = numbers_in(doc, max(0, (title.seg if title else 0) - 4), head_end + 1)
    own = [t for t in titles if t.seg <= block.seg]
    if len(own) > 1:
        # a page title line above repeats the number in another print: the one under the
        # document's own title (the last before the party) comes first
        numbers.sort(key=lambda n: n.start < doc.segs[own[-1].seg].start)
    kind = title.kind if title else None
    no = own_number(numbers, kind)
    if no is None and title is not None and kind is not None:
        # aggregator pages print the number as the page's heading, far above the document's title:
        # taken only when it stands on a line of its own and its infix says the same kind
        far = [n for n in numbers_in(doc, 0, head_end + 1) if n.alone and n.kind == kind]
        no = far[0] if far else None
    if kind is None and no is not None:
        kind = no.kind
    plain = body.blank_quotes(doc.text)
    body_start = block.body_start if block.body_start is not None else (
        doc.segs[block.end_seg].start if block.end_seg < len(doc.segs) else len(doc.text)
    )
    if kind is None:
        kind = body.self_kind(plain[body_start:])

    labelled = {p.field: p for p in record_pairs if p.field and p.end > p.start and _value_fits(doc, p)}
    if no is not None:
        put(item, doc, "decision_no", no.start, no.end)
    elif (p := labelled.get("decision_no")) is not None and _number_label_ok(doc, p, kind):
        spans = number_spans(doc.text, p.start, p.end)
        put(item, doc, "decision_no", *(spans[0] if spans else (p.start, p.end)))
    if kind is None and "decision_no" in item.fields:
        kind = number_kind(doc.text[labelled["decision_no"].start : labelled["decision_no"].end]) if "decision_no" in labelled else None

    # --- the body
    v = body.violated(plain, body_start)
    if v:
        put(item, doc, "violated", *v)
    after = v[1] if v else body_start
    d = body.decision(plain, after)
    b = body.basis(plain, after, d[0] if d else None) if v or d else None
    if b:
        put(item, doc, "legal_basis", *b)
    if d is None and b is not None:
        d = body.fine_after_basis(plain, b[1])  # `所以…处罚款人民币伍仟元整` with no 决定 word
    if d:
        put(item, doc, "penalty_content", d[1], d[2])
    f = body.facts(doc, block.end_seg, v[0] if v else (d[0] if d else len(doc.text)))
    if f:
        put(item, doc, "facts", *f)
    c_auth, c_date = body.closing(doc, d[2] if d else after)

    # --- authority and date: the signature first, then the head, then labels and metadata
    auth = c_auth
    for t in reversed([t for t in titles if t.seg <= block.seg + 1]):
        if auth is not None:
            break
        auth = header_authority(doc, t)
    if auth is not None:
        put(item, doc, "authority", *auth)
    if c_date is not None:
        put(item, doc, "decision_date", *c_date)
    for fld, p in labelled.items():
        if fld in _RECORD_LABELS and fld not in item.fields and (fld != "authority" or _authority_label_ok(doc, p)):
            if fld == "decision_no":
                continue
            if fld in ("decision_date", "publish_date"):
                m = DATE.search(doc.text, p.start, p.end)
                if m:
                    put(item, doc, fld, m.start(), m.end())
                continue
            put(item, doc, fld, p.start, p.end)
    if kind in (None, DocKind.PENALTY_DECISION):
        kind = credit_record_kind({f: p.label for f, p in labelled.items()}) or kind
    item.kind = kind
    item.set_raw_body(doc.view.raw[doc.view.raw_index(body_start) if body_start < len(doc.text) else len(doc.view.raw) :])
    return item


# 某某有限公司（以下简称“某某公司”）, 周某（身份证号：…）: a note after the name, not part of it
# 某某厂（李某，410XXXXXXXXXXXXXXX）: a bracket holding an identity number is a note on the operator
_NAME_NOTE = re.compile(r"\((?:以下|下称|简称|身份证|公民身份|证件|统一社会信用代码|社会信用代码|信用代码|住|地址|法定代表人|经营者|负责人"
                        r"|[^()]{0,20}?\d[\dXx*]{5,}"
                        # 陈某(某某海鲜楼的经营者): a note on the person's role
                        r"|[^()]{2,24}?的?(?:经营者|负责人|法定代表人|投资人|业主)\))")


# `生态环境局某某有限公司：` — a bureau's name left over from the layout, glued before the addressee
_BUREAU_RESIDUE = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:生态环境局|环境保护局|环保局)(?=[\u4e00-\u9fff(（]{4})")


def _trim_name(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    a, b = span
    if (m := _BUREAU_RESIDUE.match(doc.text, a, b)) and looks_like_party(doc.text[m.end() : b]):
        a = m.end()
    m = _NAME_NOTE.search(doc.text, a, b)
    if m and m.start() > a:
        b = m.start()
    cut = min((i for i in (doc.text.find(c, a, b) for c in ",;。") if i > a), default=b)
    b = min(b, cut)  # 张三，男，1970年出生…: a name holds no comma
    while b > a and doc.text[b - 1] in " ,;:。、(":
        b -= 1
    return a, b


_CASE_OF_PERSON = re.compile(r"\s*(?:环境违法|违法)?一案")
_CASE_AFTER_NAME = re.compile(r"\s*(?:环境违法|违法|违反|涉嫌|\(以下简称|\(下称|一案)")


def _before_party_sentence(doc: Doc, party: str, a: int, b: int) -> int:
    """Where a detail ends when the body's first sentence, opening with the party's name
    (`某某公司环境违法一案，…`), ran into it on a flattened line."""
    if len(party) < 2:
        return b
    # a short name (a person's) only before the words of a case: 刘某环境违法一案
    after = _CASE_AFTER_NAME if len(party) >= 4 else _CASE_OF_PERSON
    i = doc.text.find(party, a + 1, b)
    while i >= 0:
        if after.match(doc.text, i + len(party)):
            return i
        i = doc.text.find(party, i + 1, b)
    return b


_USCC_SHAPE = re.compile(r"[0-9A-Z*]{18}")


def _code_field(doc: Doc, fld: str, span: tuple[int, int], details: dict[str, tuple[int, int]]) -> str:
    """A label naming two codes (注册号/统一社会信用代码) is read by its label's first word; the value's
    shape says which it holds: 18 characters are a USCC (a registration number has 15)."""
    code = doc.text[span[0] : span[1]]
    if fld in ("reg_no", "org_code") and "uscc" not in details and _USCC_SHAPE.fullmatch(code) and not looks_like_id_number(code):
        return "uscc"
    return fld


def _clean_detail(doc: Doc, fld: str, a: int, b: int) -> tuple[int, int] | None:
    """The value part of a detail: a code's token, a person's name up to the first separator, an
    address without its full stop. Values printed only as X-marks are not values."""
    text = doc.text[a:b]
    if fld in ("uscc", "reg_no", "org_code", "id_no"):
        spaced = _SPACED_CODE.search(text)
        if spaced and len("".join(spaced.group().split())) == 18:
            return a + spaced.start(), a + spaced.end()  # 9132 0500 MA1X 7KQL 5A: a code printed in groups
        m = _CODE.search(text)
        if not m or text.strip() in ("无", "/"):
            return None
        return a + m.start(), a + m.end()
    if fld == "legal_rep":
        m = _PERSONISH_END.search(text)
        if m and m.start() > 0:
            b = a + m.start()
    if _MASK_ONLY.match(doc.text[a:b].strip()):
        return None
    while b > a and doc.text[b - 1] in "。.;,":
        b -= 1
    return (a, b) if b > a else None


def _record_pairs(doc: Doc, block: PartyBlock) -> list[Pair]:
    """Label pairs that describe the record: the block's, every label/value pair before it (page
    metadata), and label cells after it (a 双公示 table continues past the party's rows)."""
    out = list(block.labelled)
    seen = {(p.start, p.end) for p in out}
    for i in range(len(doc.segs)):
        if block.seg <= i < block.end_seg:
            continue
        pairs = doc.pairs(i) or ([cp] if (cp := doc.cell_pair(i)) else [])
        for p in pairs:
            if (p.start, p.end) not in seen and p.field in _RECORD_LABELS and _value_fits(doc, p):
                if i > block.end_seg and p.field not in _CREDIT_LABELS | {"decision_date", "authority", "penalty_content"}:
                    continue
                out.append(p)
                seen.add((p.start, p.end))
    return out


def _value_fits(doc: Doc, p: Pair) -> bool:
    """A labelled value of the shape its field has (a metadata 文号 cell may hold the next cell's
    dates when the number is left empty)."""
    value = doc.text[p.start : p.end]
    if p.field == "decision_no":
        return bool(number_spans(value) or BARE_NO.match(value))
    if p.field in ("decision_date", "publish_date"):
        return DATE.search(value) is not None
    return True


def _number_label_ok(doc: Doc, p: Pair, kind: DocKind | None) -> bool:
    value = doc.text[p.start : p.end]
    return bool(BARE_NO.match(value) or number_kind(value) in (kind, None, DocKind.PENALTY_DECISION) or kind is None)


def _authority_label_ok(doc: Doc, p: Pair) -> bool:
    return is_authority(doc.text[p.start : p.end].strip())


def credit_record_kind(labels: dict[str, str]) -> DocKind | None:
    """The kind a label record states by its labels (field → label): an order's number label
    (责令改正决定书文号) makes it an order; a decision's number with its facts, basis or result under
    their own labels is the 双公示 publication of a penalty, a credit record; None otherwise."""
    no_label = labels.get("decision_no")
    if no_label is None:
        return None
    if _ORDER_NO_LABEL.search(no_label):
        return DocKind.ORDER_TO_CORRECT
    if _CREDIT_LABELS - {"decision_no"} & labels.keys():
        return DocKind.CREDIT_RECORD
    return None

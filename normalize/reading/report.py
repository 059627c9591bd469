"""News items and announcements that report penalties: sentences, not a template.

Each sentence that states an imposed fine is a row: the party named in it (or the one a pronoun
such as 该公司 / 其 / 上述当事人 points back to), the authority that imposed it, and what the
sentences of the same paragraph say (number, provisions violated, basis, decision date). One
party fined twice for two violations is two rows; the same fine reported twice is one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from normalize.fines import fine_spans
from normalize.layouts.base import RawItem
from normalize.reading import body
from normalize.reading.doc import Doc, put
from normalize.reading.patterns import (
    CJK,
    DATE,
    DATE_ONLY,
    NATIONAL,
    authorities_in,
    is_authority,
    is_person,
    number_kind,
    number_spans,
    sentence_details,
)
from normalize.record import DocKind

_SENTENCE_END = re.compile(r"[。;!?\n]")
_COMPANY_END = re.compile(
    rf"(?:有限责任公司|股份有限公司|有限公司|集团公司)(?:[{CJK}]{{2,12}}?(?:分公司|分厂|厂))?(?:\((?!以下|下称|简称)[{CJK}]{{2,12}}\))?"
)
_SHORT_END = re.compile(rf"[{CJK}]{{2,20}}?(?:集团|公司|厂|场|矿|合作社|学校|大学|学院)(?![{CJK}]{{0,2}}(?:有限|股份|公司))")
_STOP = set("，,。;；:：、“”\"《》 \n\t的为对向被由经据是了")
_PRONOUN = re.compile(r"[该此](?:公司|企业|单位|个体经营户|个体工商户|个体户|经营户|学校|养殖场|厂|砖厂|工地)|(?<=[对向])(?:公司|企业)(?=作出|处以|处|罚款|下达)|上述当事人|当事人|其(?=[^他中余实]|$)")
_MASKED_PERSON = re.compile(rf"(?<![{CJK}])?([{CJK}]某[{CJK}]?)")
_ALIAS = re.compile(r"\(\s*(?:以下)?(?:简称|下称)\s*[:]?\s*[“\"]?(?P<short>[^”\"),;]{2,12})[”\"]?\s*[),;]")
_SEVERAL = re.compile(r"分别")
# 今年以来，市环保局共罚款500万元: a total, never the fine of the party named before it
_TOTALS = re.compile(r"共计|合计|总计|累计|共罚|共处|一共|总共|今年以来|全年|全市|全省|全县|全区")
# 被市环保部门责令…，处1万元罚款: a sentence that opens with the verb has the subject of the sentence
# before it (in the same paragraph)
_SUBJECTLESS = re.compile(r"\s*(?:被|并处|处以?|依法)")
_JOINT = re.compile(r"共计|合计|总计|共罚|共处|一共|总共|累计")
# 山东某学校等4家单位…一共被罚款12.32万元: the fine of a group the party heads, not its own
_GROUP = re.compile(r"\s*等\s*[\d一二三四五六七八九十]{1,3}\s*(?:家|个|户)")
# A、B: listed together, also with a place before the second (A、顺德区的B)
_JOINED = re.compile(rf"\s*(?:\d+\s*家(?:公司|企业|单位)\s*)?(?:和|与|及|、|以及)\s*(?:[{CJK}]{{2,6}}?[区县市镇]的)?")
_BARE_NO_IN_TEXT = re.compile(r"文号\s*[:为]\s*(\d{8,12})(?!\d)")
_NOT_A_NAME = re.compile(r"现场|局|厅|人员|政府|部门")
_ABOUT_PENALTY = re.compile(r"处罚|罚款|罚单|查处")
_PENALIZES = re.compile(r"处罚|罚款|罚单")
_PROPOSED = re.compile(r"拟(?:对|作出|处|责令|罚|按日)")  # 共拟按日连续处罚4880万元: proposed
_DECIDED_ON = re.compile(r"处罚决定日期(?:为|是|:)\s*")
# 于2019年1月4日对公司作出…行政处罚决定 / 2021年2月7日，某局…对该公司下达了《行政处罚决定书》:
# the date the decision was made, in the sentence that says it was made
_DECIDED_AT = re.compile(rf"{DATE.pattern}[^。;\n]{{0,48}}?(?:作出|下达|出具)[^。;\n]{{0,30}}?处罚决定")
_PERSON_IN_CHARGE = re.compile(r"主管人员|责任人员|直接责任人|法定代表人|负责人")
# in news, 法定代表人冯某 without 为 is often the firm's registration data, not the decision's
_SENTENCE_LABELS = {k: v for k, v in sentence_details(verb_required=True).items() if k != "uscc"}


@dataclass
class Row:
    party: tuple[int, int] | None
    party_text: str
    category: str | None  # 自然人 / 个体工商户 when the text says so (a company's None)
    fine: tuple[int, int] | None  # None: no fine of its own (a joint fine, or the text is cut before it)
    amount: float | None
    authority: tuple[int, int] | None
    context: tuple[int, int]  # the sentences this row may read its number, laws and date from
    extra: dict[str, tuple[int, int]] = field(default_factory=dict)


def read_report(doc: Doc) -> list[RawItem]:
    """One RawItem per reported penalty; [] when no sentence states an imposed fine on a party."""
    text = doc.text
    plain = body.blank_quotes(text)
    names = _Names(doc)
    signer = _signer(text)
    rows: list[Row] = []
    para_start = 0
    prev_end = 0
    clause_of_last = False  # the previous piece ended with ；: this one continues its statement
    case_start = 0  # a row reads its context from here: not from the sentences of an earlier case
    for a, b in _sentences(plain):
        if a >= para_start and "\n" in text[prev_end:a]:
            para_start = case_start = a
        prev_end = b
        continues, clause_of_last = clause_of_last, b < len(plain) and plain[b] == ";"
        fines = [f for f in fine_spans(plain[a:b]) if f[2].amount_yuan > 0]
        if not fines or _PROPOSED.search(plain[a : a + fines[0][0]]):
            names.see(a, b)
            continue
        parties = names.parties(a, b, a + fines[0][0], continues or names.continued_by(plain, a, para_start))
        names.see(a, b)
        if not parties:
            continue
        auth = _authority(text, a, a + fines[0][0]) or signer or names.last_authority(a)
        ctx = (max(para_start, case_start), b)
        case_start = b
        grouped = len(parties) == 1 and parties[0][0] is not None and _GROUP.match(plain, parties[0][0][1])
        if (len(parties) > 1 or grouped) and _JOINT.search(plain, a, a + fines[0][1]) and not _SEVERAL.search(plain, a, b):
            # one fine on several parties together (共计…): it is no one party's fine
            rows.extend(Row(p[0], p[1], p[2], None, None, auth, ctx) for p in parties)
            continue
        several = bool(_SEVERAL.search(plain[a:b]))
        if not several and len(fines) > 1 and (paired := names.each_fine(a, [(a + s, a + e) for s, e, _ in fines])):
            # 对A罚款5万元、对B罚款3万元: each fine on the party named before it
            for (p, (s, e)), (_, _, f) in zip(paired, fines, strict=True):
                if p is not None:
                    rows.append(Row(p[0], p[1], p[2], (s, e), f.amount_yuan, auth, ctx))
            continue
        amounts = [(a + s, a + e, f.amount_yuan) for s, e, f in fines]
        if several and len(fines) == 1:
            amounts += _listed_after(plain, amounts[0][1], b)
        if several and len(parties) > 1 and len(amounts) == len(parties):
            # A、B和C分别被罚款60万元、100万元和50万元: in the order named
            rows.extend(Row(p[0], p[1], p[2], (s, e), amt, auth, ctx) for p, (s, e, amt) in zip(parties, amounts, strict=True))
            continue
        for p in parties if several or len(parties) == 1 else parties[:1]:
            for s, e, amt in amounts if (several and len(parties) == 1) or len(parties) == 1 else amounts[:1]:
                rows.append(Row(p[0], p[1], p[2], (s, e), amt, auth, ctx))
    if rows:
        rows += _cut_before_fine(doc, plain, names, {r.party_text for r in rows})
        rows += _counted_list(plain, names, {r.party_text for r in rows})
    return _items(doc, plain, _merge(rows), names)


def _clause(text: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`: between commas or sentence ends."""
    a = max(text.rfind(c, 0, pos) for c in ",。;\n") + 1
    ends = [i for i in (text.find(c, pos) for c in ",。;\n") if i >= 0]
    return a, min(ends, default=len(text))


def _signer(text: str) -> tuple[int, int] | None:
    """A notice signed at its end (an authority's line, then a date line): the authority that
    issued what it reports, before any body its sentences mention on the way."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if len(lines) < 3 or not DATE_ONLY.match(text[slice(*lines[-1])]):
        return None
    s, e = lines[-2]
    line = text[s:e].strip()
    if not is_authority(line):
        return None
    s = text.index(line, s)
    return s, s + len(line)


def _cut_before_fine(doc: Doc, plain: str, names: _Names, fined: set[str]) -> list[Row]:
    """In a report of penalties, a party whose violation is stated (违反《…》) but whose fine is not
    (the text is cut, or the case is still open): a row without a fine, when the sentence names it
    as the one that violated."""
    out: list[Row] = []
    for m in body._VIOLATED.finditer(plain):
        a, b = body.sentence(plain, m.start())
        named = [n for n in names._named(a, b) if n[0] and n[0][0] < m.start() and n[2] != _PERSON]
        if len(named) != 1 or named[0][1] in fined or any(r.party_text == named[0][1] for r in out):
            continue
        auth = names.last_authority(a)
        out.append(Row(named[0][0], named[0][1], False, None, None, auth, (a, b)))
    return out


_COUNTED_LIST = re.compile(r"(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*家(?:企业|单位|公司)\s*(?:分别)?(?:为|是)\s*:?")


def _counted_list(plain: str, names: _Names, fined: set[str]) -> list[Row]:
    """`这5家企业分别为：A、B、C、D、E` in a report of penalties: every party of a list whose count
    agrees is a row, also one whose own paragraph is cut before its fine."""
    out: list[Row] = []
    for m in _COUNTED_LIST.finditer(plain):
        a, b = body.sentence(plain, m.start())
        stop = min((i for i in (plain.find(c, m.end(), b) for c in ",;") if i >= 0), default=b)
        spans = _split_list(plain, m.end(), stop)
        listed = [n for n in names._named(m.end(), stop) if n[0] and n[2] is None]
        if _count(m.group("n")) != len(spans) or len(listed) != len(spans):
            continue
        if any(n[0] != (s, e) for n, (s, e) in zip(listed, spans, strict=True)):
            continue
        out.extend(Row(n[0], n[1], None, None, None, names.last_authority(a), (a, b)) for n in listed if n[1] not in fined)
    return out


def _sentences(plain: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _SENTENCE_END.finditer(plain):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(plain):
        out.append((pos, len(plain)))
    return out


_NEXT_AMOUNT = re.compile(r"\s*(?:和|、|及)\s*(\d[\d,.]*)\s*(万)?元")


def _listed_after(plain: str, after: int, stop: int) -> list[tuple[int, int, float]]:
    """`分别被罚款60万元、100万元和50万元`: the amounts listed after the first."""
    out = []
    while m := _NEXT_AMOUNT.match(plain, after, stop):
        try:
            amount = float(m.group(1).replace(",", "")) * (10000 if m.group(2) else 1)
        except ValueError:
            break
        out.append((m.start(1), m.end(), amount))
        after = m.end()
    return out


_RULE_SET = re.compile(r"裁量|基准|办法|规定|标准|细则|条例|规则|方案|指南")


def _in_title(text: str, pos: int) -> bool:
    """Inside the title of a bureau's rule set (《某市环境保护局行政处罚裁量权基准》): not a body acting
    in the case (the title of a case document, 《某局行政处罚事先告知书》, does name its issuer)."""
    opened = text.rfind("《", max(0, pos - 40), pos)
    if opened < 0 or text.find("》", opened, pos) >= 0:
        return False
    closed = text.find("》", pos, pos + 60)
    return closed > 0 and bool(_RULE_SET.search(text, pos, closed))


def _authority(text: str, a: int, fine_at: int) -> tuple[int, int] | None:
    found = [x for x in authorities_in(text[a:fine_at]) if not _in_title(text, a + x[0])]
    if not found:
        return None
    s, e, _ = found[-1]
    return a + s, a + e


class _Names:
    """Parties named so far in the text, for pronouns to point back to, and their full names."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.companies = _companies(self.text)
        self.aliases = _aliases(self.text, self.companies)
        self.persons = _persons(self.text, self.companies) + _named_persons(self.text)
        self.last: list[tuple[tuple[int, int] | None, str, str | None]] = []
        self.last_at = -1  # where the sentence that named them starts
        self.auths = [x for x in authorities_in(self.text) if not _in_title(self.text, x[0])]

    def see(self, a: int, b: int) -> None:
        """Sentence [a, b) has been read: the parties it names become what a pronoun means next."""
        named = self._named(a, b)
        if named:
            self.last, self.last_at = named, a

    def continued_by(self, plain: str, a: int, para_start: int) -> bool:
        """The sentence at `a` opens with its verb (被…, 并处…) and the sentence before it in the
        same paragraph named its subject."""
        end = plain.find("。", a)
        if not (para_start <= self.last_at < a) or _TOTALS.search(plain, a, len(plain) if end < 0 else end):
            return False
        if _SUBJECTLESS.match(plain, a):
            return True
        # 某某局已责令整改，并处罚款…: a bureau acting on the paragraph's one party
        acting = authorities_in(plain[a : a + 40])
        return len(self.last) == 1 and bool(acting) and acting[0][0] == 0

    def last_authority(self, before: int) -> tuple[int, int] | None:
        """The authority named last before `before` in a sentence about the penalty (处罚, 罚款,
        决定); else the last named; else the first in the text."""
        prior = [(s, e) for s, e, name in self.auths if e <= before and not name.startswith(NATIONAL)]
        prior = prior or [(s, e) for s, e, _ in self.auths if e <= before]  # the ministry, when no local body is named
        sentences = [self.text[slice(*body.sentence(self.text, s))] for s, _ in prior]
        clauses = [self.text[slice(*_clause(self.text, s))] for s, _ in prior]
        # the body in a clause that penalizes (处罚, 罚款, 罚单), else in such a sentence, else in one
        # that investigates (查处): 由某监察局介入现场 is not who fined
        about = ([p for p, t in zip(prior, clauses, strict=True) if _PENALIZES.search(t)]
                 or [p for p, t in zip(prior, sentences, strict=True) if _PENALIZES.search(t)]
                 or [p for p, t in zip(prior, sentences, strict=True) if _ABOUT_PENALTY.search(t)])  # fmt: skip
        if about or prior:
            return (about or prior)[-1]
        return (self.auths[0][0], self.auths[0][1]) if self.auths else None

    def _named(self, a: int, b: int) -> list[tuple[tuple[int, int] | None, str, str | None]]:
        out: list[tuple[tuple[int, int] | None, str, str | None]] = []
        for s, e, full in self.companies:
            if (a <= s or a - 3 <= s < a and self.text[a - 1] == "\n") and e <= b:  # a name wrapped at a line end
                out.append(((s, e), full, None))
        for short, full in self.aliases.items():
            for m in re.finditer(re.escape(short), self.text[a:b]):
                if not any(s <= a + m.start() < e for (s, e), _, _ in [x for x in out if x[0]]):
                    out.append((full[0], full[1], None))
        out.extend((sp, name, cat) for sp, name, cat in self.persons if a <= sp[0] and sp[1] <= b)
        out.sort(key=lambda x: x[0][0] if x[0] else 0)
        seen: set[str] = set()
        uniq = []
        for x in out:
            if x[1] not in seen:
                seen.add(x[1])
                uniq.append(x)
        return uniq

    def each_fine(self, a: int, spans: list[tuple[int, int]]) -> list[tuple[tuple | None, tuple[int, int]]] | None:
        """Each fine of one sentence with the party named between the previous fine and it
        (None for a fine on the responsible person of a firm under the 双罚制: not a party's
        fine); None when some fine has no party of its own there."""
        out: list[tuple[tuple | None, tuple[int, int]]] = []
        prev = a
        for s, e in spans:
            named = [n for n in self._named(prev, s) if n[0]]
            if not named:
                return None
            if named[-1][2] == _PERSON and _PERSON_IN_CHARGE.search(self.text, prev, named[-1][0][0]) and out:
                out.append((None, (s, e)))
            else:
                out.append((named[-1], (s, e)))
            prev = e
        return out if len({p[1] for p, _ in out if p}) > 1 or any(p is None for p, _ in out) else None

    def parties(
        self, a: int, b: int, fine_at: int, continues: bool = False
    ) -> list[tuple[tuple[int, int] | None, str, str | None]]:
        """Who the fine in [a, b) is on: a pronoun before the fine points back; else the names in
        the sentence, persons all (分别), a company the one nearest before the fine; a clause that
        continues the previous one (after ；) without naming anyone is on the same party."""
        head = self.text[a:fine_at]
        named = self._named(a, b)
        pron = list(_PRONOUN.finditer(head))
        if pron and named and all(n[0] and n[0][0] < a + pron[-1].start() for n in named):
            # 案例、某某有限公司…，该单位…罚款: the pronoun points to the name before it in this sentence
            return [named[-1]]
        if pron and self.last and not named:
            return self.last
        if not named:
            return self.last if pron or continues else []
        persons = [n for n in named if n[2]]
        if persons:
            return persons
        before = [n for n in named if n[0] and n[0][0] < fine_at]
        if len(before) > 1 and _JOINED.fullmatch(self.text[before[-2][0][1] : before[-1][0][0]]):
            return before  # 对A和B处以…: listed together
        return [before[-1] if before else named[0]]


_ENUM_HEAD = re.compile(r"(?:\d{1,3}\s*[.、)]|\(\s*[\d一二三四五六七八九十]{1,3}\s*\)|[一二三四五六七八九十]{1,3}\s*[、.]|案例[\d一二三四五六七八九十]{1,3}\s*[:、.]?)\s*")
_CUT_WORDS = {"发现", "检查", "查处", "查实", "通报", "约谈", "督查", "检测", "案件", "案例", "剩余", "其中", "包括", "还有"}  # verbs before a name, never inside one
_RELATION = re.compile(r"(?:全资|控股|参股)?[子孙]公司|下属(?:子公司|公司|企业)?")
_JOINED_FIRST = ("有限公司", "厂", "场", "矿", "合作社")
_HARD = set("，,。;；:：、“”\"《》 \n\t■□●◆▲★|")
# Characters that end the words before a name in running text (…局于9月27日对宝山钢铁…, …点位为
# 青海某…) and that registered names practically never contain (和 and 经 they do: 天和, 大经).
_CUT = set("对被向由据是了的在与及将把从给为于")


# the end of a long line of prose broken mid-word: a comma, then one or two characters
_WRAPPED = re.compile(rf"[^\n]{{30}}[,，](?P<frag>[{CJK}]{{1,2}})\n$")


def _name_start(text: str, floor: int, form_start: int, end: int) -> int:
    """Where a registered name that ends at `end` starts: back to a punctuation mark (or the
    previous name), then after the last word-ending character of that run."""
    s = form_start
    while s > floor and end - s < 50 and text[s - 1] not in _HARD:
        s -= 1
    if s > floor + 1 and text[s - 1] == "\n" and (w := _WRAPPED.search(text, max(floor, s - 200), s)):
        s = w.start("frag")  # a line wrapped inside the name (…检查中,中\n节能河北…有限公司)
    for k in range(form_start - 1, s - 1, -1):
        if text[k] in _CUT:
            return k + 1
        if k >= s + 1 and text[k - 1 : k + 1] in _CUT_WORDS:
            return k + 1
    return s


_COUNT_AFTER = re.compile(r"(?P<n>\d+)\s*家(?:公司|企业|单位)")


def _counted_names(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`甲冶炼、乙炉料、丙碳素、丁铁合金4家公司`: short names without their form, listed and counted."""
    out: list[tuple[int, int, str]] = []
    for m in _COUNT_AFTER.finditer(text):
        a = max(text.rfind(c, 0, m.start()) for c in ",。;:\n") + 1
        spans = _split_list(text, a, m.start())
        if len(spans) != int(m.group("n")) or len(spans) < 2:
            continue
        names = [(s, e, text[s:e]) for s, e in spans]
        if all(2 <= len(n) <= 16 and not _CUT.intersection(n) and not any(c.isdigit() for c in n) for _, _, n in names) and not any(
            a0 < e and s < b0 for s, e, _ in names for a0, b0, _ in found
        ):
            out.extend(names)
    return out


_COUNT_WORD = re.compile(r"\d+\s*家(?:公司|企业|单位)?\s*(?:和|与|及|、)?")


def _after_bureau(text: str, s: int, form_start: int) -> int:
    """`市环保局召开某某有限公司…`: a bureau and its verb before a name that starts with a place."""
    from normalize.division import division_index

    k = text.rfind("局", s, form_start)
    if k < 0:
        return s
    ix = division_index()
    for j in range(k + 1, min(k + 4, form_start - 2)):
        if ix.place_prefix(text[j:form_start]):
            return j
    return s


def _after_district_tag(text: str, s: int, form_start: int) -> int:
    """`南浔区湖州某某有限公司…案`: a case title's district tag before a name that starts with its
    own place name is not part of the name."""
    from normalize.division import division_index

    ix = division_index()
    n = ix.place_prefix(text[s:form_start])
    if n and text[s + n - 1] in "区县" and ix.place_prefix(text[s + n : form_start]) and form_start - (s + n) >= 4:
        return s + n
    return s


def _companies(text: str) -> list[tuple[int, int, str]]:
    """Registered names in running text, each with the full name it stands for; a short form
    (浙江大经建设集团) stands for the full registered name that starts with it, when the text has one."""
    from normalize.division import division_index

    found: list[tuple[int, int, str]] = []
    floor = 0
    for m in _COMPANY_END.finditer(text):
        s = _name_start(text, floor, m.start(), m.end())
        while s < m.start() and text[s] in "和与及、":
            s += 1
        if (rel := _RELATION.match(text, s, m.start())) and m.start() - rel.end() >= 2:
            s = rel.end()  # 公司的全资子公司某某有限公司: the relation is not part of the name
        s = _after_district_tag(text, s, m.start())
        s = _after_bureau(text, s, m.start())
        if counted := list(_COUNT_WORD.finditer(text, s, m.start())):
            s = counted[-1].end()  # 甲、乙4家公司和某某有限公司: a count ends the list before the name
        if (enum := _ENUM_HEAD.match(text, s, m.start())) and enum.end() < m.start():
            s = enum.end()  # 1.某某有限公司，…罚款10万元: the item's number is not the name's
        for k in range(m.start() - 1, s + 3, -1):
            # 某某石材厂和某某矿业有限公司: two names joined, the first ending in its own form
            if text[k] in "和与及、" and text[s:k].endswith(_JOINED_FIRST) and m.start() - k > 3:
                found.append((s, k, text[s:k]))
                s = k + 1
                break
        if m.start() - s >= 2:
            found.append((s, m.end(), text[s : m.end()]))
        floor = m.end()
    found += _counted_names(text, found)
    found.sort()
    fulls = [n for _, _, n in found]
    ix = division_index()
    for m in _SHORT_END.finditer(text):
        s = _name_start(text, 0, m.end() - 1, m.end())
        e = m.end()
        short = text[s:e]
        if any(a <= s < b or a < e <= b for a, b, _ in found) or len(short) < 4:
            continue
        full = next((f for f in fulls if f.startswith(short) and f != short), None)
        if full is not None:
            found.append((s, e, full))
        elif ix.place_prefix(short) and short.endswith(("厂", "场", "矿", "合作社", "学校", "大学", "学院")) and not _NOT_A_NAME.search(short):
            found.append((s, e, short))
    return sorted(found)


def _aliases(text: str, companies: list[tuple[int, int, str]]) -> dict[str, tuple[tuple[int, int], str]]:
    """`某某有限公司（以下简称“某某”）`: the short name stands for the full one."""
    out: dict[str, tuple[tuple[int, int], str]] = {}
    for m in _ALIAS.finditer(text):
        prev = [c for c in companies if c[1] <= m.start() and m.start() - c[1] <= 2]
        if prev:
            out[m.group("short").strip()] = ((prev[-1][0], prev[-1][1]), prev[-1][2])
    return out


_PERSON = "自然人"
_OPERATOR = "个体工商户"
# An unmasked natural person in running text is only taken where the text says it is one: after
# 个体经营户 / 居民 / 村民, or counted with others (对李某某等5人…)
_PERSON_AFTER = re.compile(rf"(?P<kind>个体(?:经营|工商)?户|居民|村民)(?P<n>[{CJK}]{{2,3}})")
_PERSON_COUNTED = re.compile(rf"(?<=对)(?P<n>[{CJK}]{{2,3}})(?=等\s*[\d一二三四五六七八九十]{{1,3}}\s*人)")
_WORD_START = set("加经投的在从未因养焚烧种开擅违私于将对被")


def _named_persons(text: str) -> list[tuple[tuple[int, int], str, str]]:
    """Unmasked persons and operators the text marks as such, with their category."""
    out: list[tuple[tuple[int, int], str, str]] = []
    for m in _PERSON_COUNTED.finditer(text):
        if is_person(m.group("n")):
            out.append(((m.start("n"), m.end("n")), m.group("n"), _PERSON))
    for m in _PERSON_AFTER.finditer(text):
        s, three = m.start("n"), m.group("n")
        # 3 characters or 2: the form printed again elsewhere, else 2 when the third starts a word
        two = three[:2]
        if len(three) == 3 and (text.count(three) > 1 or (text.count(two) == 1 and three[2] not in _WORD_START)):
            name = three
        else:
            name = two
        if is_person(name) and not any(sp[0] == s for sp, _, _ in out):
            out.append(((s, s + len(name)), name, _OPERATOR if m.group("kind").startswith("个体") else _PERSON))
    return out


def _persons(text: str, companies: list[tuple[int, int, str]]) -> list[tuple[tuple[int, int], str, str]]:
    """Masked natural persons (孔某胜, 杨某). `X某` is the name when it is ever printed alone
    (followed by punctuation); a three-character form is a name when it recurs or when a list
    separator follows it (孔某胜、孔某华和…); otherwise its third character is the next word
    (杨某得知, 杨某原在 both mean 杨某). Inside a company's name (青海某钾肥有限公司) it is no person."""
    hits = [(m.start(), m.group(1)) for m in re.finditer(rf"([{CJK}]某[{CJK}某]?)", text)
            if is_person(m.group(1)[:1] + "某") and not any(a <= m.start() < b for a, b, _ in companies)]  # fmt: skip
    counts = Counter(n for _, n in hits)
    listed = {n for s, n in hits if len(n) == 3 and text[s + 3 : s + 4] in ("、", "和", "及", ",")}
    alone = {n for n in counts if len(n) == 2}
    out = []
    for s, n in hits:
        full = len(n) == 3 and n[:2] not in alone and (counts[n] >= 2 or n in listed or n.endswith("某"))
        name = n if full else n[:2]
        out.append(((s, s + len(name)), name, _PERSON))
    return out


def _merge(rows: list[Row]) -> list[Row]:
    fined = {r.party_text for r in rows if r.amount is not None}
    # a party named in a joint total (…等7家单位…总计罚款39万元) and fined on its own later is one row
    rows = [r for r in rows if r.amount is not None or r.party_text not in fined]
    out: list[Row] = []
    for r in rows:
        same = next((x for x in out if x.party_text == r.party_text and _same_amount(x.amount, r.amount)), None)
        if same is None:
            out.append(r)
        else:
            same.context = (min(same.context[0], r.context[0]), max(same.context[1], r.context[1]))
            if same.authority is None:
                same.authority = r.authority
    return out


def _same_amount(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 0.5)


def _items(doc: Doc, plain: str, rows: list[Row], names: _Names) -> list[RawItem]:
    items = []
    single = len(rows) == 1
    for n, r in enumerate(rows):
        item = RawItem(parser="text.report", row_index=None if single else n, doc_text=doc.view.raw, kind=DocKind.PENALTY_REPORT)
        if r.party is not None and doc.text[r.party[0] : r.party[1]] == r.party_text:
            put(item, doc, "party_name", *r.party)
        else:
            item.put("party_name", r.party_text)
        if r.category:
            item.put("party_category", r.category)
        if r.fine is None:
            put(item, doc, "facts", *r.context)  # what the report says of it (a joint fine, a cut case)
        elif doc.text[r.fine[0] : r.fine[1]].lstrip()[:1].isdigit():
            # the second amount of `分别被罚款A元和B元`: an amount, read like a table's amount cell
            put(item, doc, "fine_yuan", *r.fine)
        else:
            put(item, doc, "penalty_content", *r.fine)
        if r.authority:
            put(item, doc, "authority", *r.authority)
        ctx = (0, len(plain)) if single else r.context
        _context(doc, plain, item, ctx)
        items.append(item)
    return items


def _decided_at(text: str, a: int, b: int) -> re.Match[str] | None:
    """The date a decision was made; not the date of a notice that proposed it (下达了《…告知书》，
    告知…拟作出的处罚决定)."""
    while (m := _DECIDED_AT.search(text, a, b)) is not None:
        if not re.search(r"告知|拟", m.group(0)):
            return m
        a = m.end("d")
    return None


def _context(doc: Doc, plain: str, item: RawItem, ctx: tuple[int, int]) -> None:
    a, b = ctx
    for s, e in number_spans(doc.text, a, b):
        if number_kind(doc.text[s:e]) == DocKind.PENALTY_DECISION:
            put(item, doc, "decision_no", s, e)
            break
    else:
        if m := _BARE_NO_IN_TEXT.search(doc.text, a, b):
            put(item, doc, "decision_no", m.start(1), m.end(1))
    v = body.violated(plain, a)
    if v and v[0] < b:
        put(item, doc, "violated", v[0], min(v[1], b))
    bs = body.basis(plain, v[1] if v and v[0] < b else a, b)
    if bs:
        put(item, doc, "legal_basis", *bs)
    m = _DECIDED_ON.search(doc.text, a, b)
    if m and (d := DATE.match(doc.text, m.end())):
        put(item, doc, "decision_date", d.start(), d.end())
    elif (m := _decided_at(doc.text, a, b)) is not None:
        put(item, doc, "decision_date", m.start("d"), m.end("d"))
    for fld, rx in _SENTENCE_LABELS.items():
        m = rx.search(doc.text, a, b)
        if m:
            put(item, doc, fld, m.start("v"), m.end("v"))


_COUNTED = re.compile(r"等\s*(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})\s*家")
_LIST_SEP = re.compile(r"、|和|及|以及")
_KEY_UNITS = re.compile(r"重点排污单位|重点监管单位|环境监管重点单位")
_CN_COUNT = {c: i for i, c in enumerate("零一二三四五六七八九十")}


def read_listed_units(doc: Doc) -> list[RawItem]:
    """Units a notice or news item lists by name with their count (`A、B和C等3家重点排污单位`),
    when the text is about key polluters: one key-polluter listing per unit. The count must agree
    with the names found, so a list cut short or run into the sentence is not read."""
    text = doc.text
    if not _KEY_UNITS.search(text):
        return []
    items: list[RawItem] = []
    for m in _COUNTED.finditer(text):
        n = _count(m.group("n"))
        a, _ = body.sentence(text, m.start())
        start = max(text.rfind(c, a, m.start()) for c in ",:")
        start = a if start < a else start + 1
        spans = _split_list(text, start, m.start())
        if n is None or len(spans) != n or not all(_looks_like_unit(text[s:e]) for s, e in spans):
            continue
        for s, e in spans:
            item = RawItem(parser="text.listed_units", row_index=len(items), doc_text=doc.view.raw, kind=DocKind.KEY_POLLUTER_LISTING)
            put(item, doc, "party_name", s, e)
            items.append(item)
    return items


def _count(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if len(s) == 1:
        return _CN_COUNT.get(s)
    if s.startswith("十"):
        return 10 + _CN_COUNT.get(s[1:], 0)
    return None


def _split_list(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    pos = a
    depth = 0
    i = a
    while i < b:
        c = text[i]
        depth += c == "("
        depth -= c == ")"
        m = _LIST_SEP.match(text, i, b) if depth == 0 else None
        if m:
            out.append((pos, i))
            pos = i = m.end()
            continue
        i += 1
    out.append((pos, b))
    return [(s, e) for s, e in out if e > s]


def _looks_like_unit(name: str) -> bool:
    from normalize.reading.patterns import looks_like_party

    return looks_like_party(name) and not is_person(name)

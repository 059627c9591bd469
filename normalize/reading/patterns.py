"""The shapes of things every penalty document prints, on the matching text (simplified,
half-width): document titles, document numbers, authority names, party names, dates.

These are shapes of the national templates and of Chinese names, not of any one site.
"""

from __future__ import annotations

import re
from functools import lru_cache

from normalize.record import DocKind

CJK = "\u4e00-\u9fff"

# --- titles: which document this is ------------------------------------------------------
# Order matters: 不予行政处罚决定书 and 事先告知书 contain the words of a penalty decision.
TITLE_KINDS: tuple[tuple[DocKind, str], ...] = (
    (DocKind.NO_PENALTY_DECISION, r"不予(?:行政)?处罚决定书?"),
    (DocKind.PRIOR_NOTICE, r"(?:行政处罚)?(?:事先|听证)(?:\((?:听证|事先)\))?告知书|行政处罚告知书|陈述(?:、|和)?申辩(?:权利)?告知书|听证通知书"),
    (DocKind.PAYMENT_REMINDER, r"(?:履行)?(?:行政处罚决定)?催告书|缴纳罚款催告"),
    (DocKind.ENFORCEMENT_MEASURE, r"(?:解除)?(?:实施)?查封(?:\(扣押\)|、扣押|\(暂扣\)|扣押)?(?:延期)?(?:决定书|通知书)|(?:解除)?扣押(?:延期)?(?:决定书|通知书)"
                                  r"|(?:解除)?先行登记保存(?:证据)?通知书"),
    (DocKind.ORDER_TO_CORRECT, r"责令(?:限期)?改正(?:环境)?(?:违法行为)?决定书|责令(?:停止|限期|停产|限制)[\u4e00-\u9fff]{0,8}决定书|(?:限制生产|停产整治)决定书"),
    (DocKind.PENALTY_DECISION, r"(?:行政)?处罚决定书"),
)
TITLE = re.compile("|".join(f"(?P<k{i}>{rx})" for i, (_, rx) in enumerate(TITLE_KINDS)))


def title_kind(m: re.Match[str]) -> DocKind:
    return TITLE_KINDS[int(next(k for k, v in m.groupdict().items() if v is not None)[1:])][0]


# --- document numbers (文号) ------------------------------------------------------------------
# prefix (agency abbreviations, a region code 豫0721, a district tag 湛(吴) or 威环罚(环翠)),
# the year in any bracket, 第, a serial that may carry letters, dashes or a county tag, 号.
# Function words never occur in a prefix: they are where running text ends and a number begins.
# 经 ends running text (经查…) except in a development zone's short name (万盛经开环罚); a unit tag
# may be a digit (巴环(4)罚字).
_PREFIX_CHAR = (
    rf"(?:[{CJK}A-Za-z0-9](?<![的为据由在对是了和与及以于向将被经等号书见称：:])|经(?=开)|\([{CJK}0-9]{{1,6}}\)"
    rf"|(?<=[0-9])\s(?=[{CJK}]))"
)
_OPEN, _CLOSE = r"〔\[【〖(<", r"〕\]】〗)>"
DECISION_NO = re.compile(
    rf"(?P<no>{_PREFIX_CHAR}{{2,18}}?\s*[{_OPEN}]\s*(?:19|20)\d{{2}}\s*[{_CLOSE}]\s*第?\s*"
    rf"(?:[{CJK}]{{1,4}}-?)?[0-9A-Za-z](?:[0-9A-Za-z\-]|\s(?=[0-9A-Za-z])){{0,12}}\s*号)"
)  # a serial may carry letters and a space: 济环罚〔2024〕TQ J-2001号
# Two rarer orders: the year first (（2024）某环罚字第12号) and the year without brackets
# (某环罚字2024第12号); the prefix then must say what the document is (罚, 责改, 告, 催 …).
_KIND_WORD = r"(?:罚|责|改|告|催|处)"
DECISION_NO_ALT = re.compile(
    rf"(?P<no>[{_OPEN}]\s*(?:19|20)\d{{2}}\s*[{_CLOSE}]\s*(?=[{CJK}]{{0,10}}{_KIND_WORD}){_PREFIX_CHAR}{{2,18}}?\s*第\s*[0-9A-Za-z][0-9A-Za-z\-]{{0,12}}\s*号"
    rf"|(?<![{CJK}A-Za-z0-9])(?=[{CJK}]{{0,10}}{_KIND_WORD})[{CJK}]{{2,12}}?字?\s*(?:19|20)\d{{2}}\s*第\s*[0-9A-Za-z][0-9A-Za-z\-]{{0,12}}\s*号)"
)
_RUN_IN = re.compile(r"决定书|告知书|催告书|决定|通知书|公司|局|厅|作出|下达|出具")


def number_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the document numbers in text[start:end]; a heading or a name run together with
    its number is cut off (行政处罚决定书宁环罚〔2023〕12号, 某某有限公司渝环(两江)罚字〔2019〕71号)."""
    out = []
    stop = len(text) if end is None else end
    found = list(DECISION_NO.finditer(text, start, stop))
    found += [m for m in DECISION_NO_ALT.finditer(text, start, stop) if not any(f.start() < m.end() and m.start() < f.end() for f in found)]
    for m in sorted(found, key=lambda m: m.start()):
        a = m.start("no")
        for r in _RUN_IN.finditer(text, a, m.end("no")):
            if "〔" not in text[a : r.end()] and "[" not in text[a : r.end()]:
                a = r.end()
        out.append((a + len(text[a : m.end("no")]) - len(text[a : m.end("no")].lstrip()), m.end("no")))
    return out


# Shanghai prints bare digits: (文号：2120190062)
BARE_NO = re.compile(r"^\s*(?P<no>\d{8,12})\s*$")


def number_kind(no: str) -> DocKind | None:
    """What a number's infix says it numbers: 罚告 a prior notice, 责改 an order, 不罚 a no-penalty
    decision, 罚/处 a penalty decision; None for other papers (监测, 函, 发, 复 …) or plain ones."""
    head = re.split(r"[〔\[【〖(<]\s*(?:19|20)\d\d", no)[0] or re.split(r"第", no)[0]  # （2024）某环罚告字第1号
    head = re.split(r"(?:19|20)\d\d\s*第", head)[0]  # 某环罚字2024第1号
    if "告" in head:
        return DocKind.PRIOR_NOTICE
    if "催" in head:
        return DocKind.PAYMENT_REMINDER
    if "不罚" in head or "不予" in head or "免罚" in head:
        return DocKind.NO_PENALTY_DECISION
    if "改" in head:
        return DocKind.ORDER_TO_CORRECT
    if "罚" in head or re.search(r"处(?:罚|字|决)", head):
        return DocKind.PENALTY_DECISION
    if re.search(r"[封扣]", head):
        return DocKind.ENFORCEMENT_MEASURE  # 某环封〔2024〕3号, 某环解封 (after 罚: 封丘 is a county)
    return None


OTHER_PAPER = re.compile(r"[监测函发复备通批验许]")


# --- authorities --------------------------------------------------------------------------
_ORG = r"生态环境|环境保护|环保|环境监察|环境执法|综合行政执法|综合执法|城市管理|城管|行政执法|核安全|自然资源|水务|农业农村|林业|人民政府"
AUTHORITY_SHAPE = re.compile(
    rf"^[{CJK}()]{{2,40}}?(?:{_ORG})[{CJK}()]{{0,16}}?(?:局|厅|部|委员会|总队|支队|大队|办公室|管理处|政府)$"
)
NATIONAL = ("生态环境部", "中华人民共和国生态环境部", "国家核安全局", "环境保护部")


@lru_cache(maxsize=4096)
def is_authority(name: str) -> bool:
    """A whole string that names an issuing body: a place (province, city, county, or a prefecture's
    short form), an environmental or enforcement body, an organ suffix. 市生态环境局 (no place) and
    a spam word standing for the place (`懂球帝彝族自治州生态环境局`) are not."""
    from normalize.division import division_index

    if name.startswith(NATIONAL):
        return len(name) <= 30
    if not AUTHORITY_SHAPE.match(name) or len(name) > 36:
        return False
    return division_index().place_prefix(name) > 0 or _ZONE.match(name) is not None


# A development or demonstration zone has its own bureau but is no division: 杨凌示范区环境保护局,
# 某某经开区生态环境局 (the zone word must come right before the organ's name).
_ZONE = re.compile(rf"^[{CJK}]{{2,6}}(?:示范区|经济技术开发区|经开区|高新技术产业开发区|高新区|开发区|新区)(?:{_ORG})")


# An authority inside running text: its name ends an organ suffix; where it starts is found by
# walking back to a delimiter (see authority_before).
# 局长 is the head, not the bureau; 环保部门 (departments) names no one body
_ORGAN_END = re.compile(r"(?:分局|局|厅|总队|支队|大队|部)(?![长门])(?:\([^)]{1,10}\))?")
_NAME_STOP = set("，,。;；:：、“”\"《》 \n\t的由被对向从经据在及和与是为将给了请")


def authority_ending_at(text: str, end: int, max_len: int = 32) -> tuple[int, str] | None:
    """The longest authority name that ends at `end` in running text (`…日，青海省生态环境厅依据…`
    with end after 厅), as (start, name)."""
    start = end
    while start > 0 and end - start < max_len and text[start - 1] not in _NAME_STOP:
        start -= 1
    for s in range(start, end - 3):
        cand = text[s:end]
        if is_authority(cand):
            return s, cand
    return None


def authorities_in(text: str) -> list[tuple[int, int, str]]:
    """Authority names in running text, left to right, as (start, end, name)."""
    out: list[tuple[int, int, str]] = []
    for m in _ORGAN_END.finditer(text):
        hit = authority_ending_at(text, m.end())
        if hit and (not out or hit[0] >= out[-1][1]):
            out.append((hit[0], m.end(), hit[1]))
        elif hit and out and hit[0] < out[-1][1] and m.end() > out[-1][1]:
            out[-1] = (out[-1][0], m.end(), text[out[-1][0] : m.end()]) if is_authority(text[out[-1][0] : m.end()]) else out[-1]
    return out


# --- party names ---------------------------------------------------------------------------
# The organizational forms that end a registered name, longest first (a branch keeps its parent).
ORG_FORMS = (
    "有限责任公司", "股份有限公司", "有限公司", "分公司", "总公司", "公司", "合伙企业", "有限合伙", "集团",
    "专业合作社", "合作社", "分厂", "厂", "养殖场", "场", "矿", "门市部", "经营部", "加工点", "商行", "店",
    "中心", "研究院", "研究所", "医院", "卫生院", "学校", "学院", "大学", "站", "人民政府", "委员会", "管理处",
    "管理所", "所", "酒店", "宾馆", "工地", "项目部", "音乐厅", "俱乐部", "会所", "馆", "社", "院", "处", "队", "部",
)  # fmt: skip


@lru_cache(maxsize=1)
def _org_name_end() -> re.Pattern[str]:
    """A name's organizational form at its end: the forms above and every suffix the party-type
    rules know (config/taxonomy/party_types.yaml: 洗车行, 批发部 …), with a bracketed tail."""
    from normalize.taxonomy import default_taxonomy

    forms = set(ORG_FORMS) | {x for r in default_taxonomy().party.name_rules for x in r.suffixes}
    rx = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?:{rx})(?:\([{CJK}]{{1,12}}\))?$")


def org_name_end(name: str) -> bool:
    return _org_name_end().search(name) is not None
# A registered name in running text: a place-led run of characters ending in a company form.
COMPANY_IN_TEXT = re.compile(
    rf"(?P<name>[{CJK}A-Za-z0-9*()]{{2,40}}?(?:有限责任公司|股份有限公司|有限公司|集团公司|公司)"
    rf"(?:[{CJK}]{{2,12}}?(?:分公司|分厂|厂))?(?:\([{CJK}]{{2,10}}\))?)"
)
# Natural persons as documents print them: 张三, 欧阳小明, 王**, 孔某胜, 杨某, 李*俭.
PERSON = re.compile(rf"^[{CJK}]{{1,2}}(?:[某*]{{1,3}}[{CJK}]?|[{CJK}]{{1,2}}|\*{{1,3}}[{CJK}]{{0,2}})$|^\*{{1,2}}[{CJK}]{{1,2}}$")


def looks_like_party(name: str) -> bool:
    """A string that can be a party's name as an addressee or bare line prints it."""
    n = name.strip()
    if not 2 <= len(n) <= 60 or re.search(r"[,;。:!?《》“”、]", n):
        return False
    if org_name_end(n) or n.endswith(")") and org_name_end(n[: n.rfind("(")]):
        return not is_authority(n) or n.endswith(("人民政府", "委员会"))
    return is_person(n)


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    from normalize.taxonomy import default_taxonomy

    return frozenset(default_taxonomy().surnames)


def is_person(name: str) -> bool:
    """A natural person's name: a known surname (one or two characters) and a given name, or a
    name masked as published (王**, 孔某胜, *俭)."""
    if not PERSON.match(name):
        return False
    if name[0] == "*":
        return True
    s = _surnames()
    return name[:2] in s and len(name) >= 3 or name[0] in s


# --- dates -----------------------------------------------------------------------------------
_CN = "〇○零O一二三四五六七八九十"
DATE = re.compile(
    rf"(?P<d>(?:19|20)\d{{2}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|(?:19|20)\d{{2}}\s*[-./]\s*\d{{1,2}}\s*[-./]\s*\d{{1,2}}"
    rf"|[{_CN}]{{4}}\s*年\s*[{_CN}]{{1,3}}\s*月\s*[{_CN}]{{1,3}}\s*日)"
)
DATE_ONLY = re.compile(rf"^\s*(?:\(|（)?\s*{DATE.pattern}\s*(?:\)|）)?\s*$")


# A party's details written as a sentence (统一社会信用代码为…，法定代表人…，地址位于…): the label, an
# optional bracketed qualifier, a verb or colon (required in news, where 法定代表人 may be followed by
# anything), the value.
def sentence_details(verb_required: bool) -> dict[str, re.Pattern[str]]:
    verb = r"(?:为|是|:)" if verb_required else r"(?:为|是|:)?"
    return {
        "uscc": re.compile(rf"(?:统一)?社会信用代码(?:号)?(?:\([^)]{{1,10}}\))?{verb}\s*(?P<v>[0-9A-Z*]{{15,18}}(?:\(\d+-\d+\))?)"),
        "legal_rep": re.compile(
            rf"(?:法定代表人|负责人|经营者|投资人)(?:\(负责人\))?{verb}\s*(?P<v>[{CJK}*]{{2,4}}?)(?=[,;。、\s]|$)"
        ),
        "address": re.compile(rf"(?:地址|住所|住址)(?:位于|在|{verb})\s*(?P<v>[^,;。\s]{{4,80}})"),
    }

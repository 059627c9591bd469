"""Company-name normalization: Chinese names into region / trade name / industry / form / branch,
English (self-translated or pinyin) names into the same parts, and pinyin renderings of Chinese
names so the two languages can meet.

A registered name is region + trade name (字号) + industry + organizational form (苏州 + 金像 + 电子 +
有限公司); the region may sit in brackets after the trade name or be missing, and a branch is the
parent's full name plus <place>分公司. Parsing is symmetric: registry names and queries go through
the same functions, so a quirk of the parse (a trade name that looks like a county) cancels out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
from cleanco import prepare_default_terms
from pypinyin import lazy_pinyin

from greenchain.registry_build import short_name
from match.config import MatchingConfig, load_matching_config
from match.regions import Gazetteer, gazetteer, region_pinyin

_T2S = opencc.OpenCC("t2s")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"[\s\u200b\u3000\ufeff]+")
# NFKC already folds full-width （） to (); these bracket pairs it leaves alone.
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")", "[": "(", "]": ")",
                           "｛": "(", "｝": ")", "{": "(", "}": ")", "﹝": "(", "﹞": ")", "《": "", "》": "",
                           "“": "", "”": "", '"': ""})
_BRACKETED = re.compile(r"\(([^()]*)\)")
# Mirrors of official pages write a character's pinyin after it: 廣東南國(guó)藥業(yè)有限公司.
_PINYIN_NOTE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,7}\)")
# A one-person business (个体工商户) is marked so in publications: 岳阳县坚磊矿石粉厂(个体工商户).
_SOLE_MARK = re.compile(r"\((?:个体工商户|个体户)\)$")
# Organizational forms, longest first so 股份有限公司 is not read as 有限公司, with the misspellings and
# cut-off endings sources print (股份有限责任公司, 有限公 when the last character is lost), each
# mapped to the registered form it stands for.
_FORM_SPELLINGS = {
    "集团股份有限责任公司": "集团股份有限公司", "集团股份有限公司": "集团股份有限公司", "集团有限责任公司": "集团有限责任公司",
    "集团有限公司": "集团有限公司", "股份有限责任公司": "股份有限公司", "股份有限公司": "股份有限公司",
    "股份有限公": "股份有限公司", "有限责任公司": "有限责任公司", "有限责任公": "有限责任公司", "有限公司": "有限公司",
    "有限公": "有限公司", "集团股份公司": "集团股份有限公司", "股份公司": "股份有限公司", "集团公司": "集团公司", "合伙企业(有限合伙)": "合伙企业", "合伙企业(普通合伙)": "合伙企业",
    "合伙企业": "合伙企业", "总公司": "总公司", "公司": "公司", "集团": "集团", "总厂": "总厂", "厂": "厂",
}
_FORMS = tuple(sorted(_FORM_SPELLINGS, key=len, reverse=True))
# Which forms are companies: a source may confuse 有限公司, 有限责任公司 and 股份有限公司, but a factory,
# a partnership or a one-person business is another kind of entity, never the company.
_COMPANY_FORMS = frozenset({"集团股份有限公司", "集团有限责任公司", "集团有限公司", "股份有限公司", "有限责任公司",
                            "有限公司", "集团公司", "总公司", "公司", "集团"})
_FORM_WORDS_IN_BRACKETS = frozenset({"有限合伙", "普通合伙", "特殊普通合伙", "集团", "股份", "中国", "中外合资",
                                     "外商独资", "独资", "合资", "个人独资", "本部", "控股"})
# A unit of a company carries the company's full name, then its own: a place and 分公司, a numbered
# 加油站, a 项目部, a plant (…有限公司万家饲料厂), a plant in brackets (…有限公司(定安县污水处理厂)).
_HEAD_FORM = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|股份公司|集团公司|总公司)")
_UNIT_SUFFIX = re.compile(r"(分公司|分公|分厂|分店|分部|分场|营业部|办事处|经营部|经营处|加油站|加气站|项目经理部|项目部|"
                          r"门市部|服务部|销售部|工区|厂|场|站)(第?[0-9一二三四五六七八九十]+[号个]?)?$")
_UNIT_SPELLINGS = {"分公": "分公司"}  # the last character lost, as forms lose theirs
_BRANCH_LABEL_SUFFIX = re.compile(r"(省|市|区|县|镇|街道)$")
_MASK = re.compile(r"[*＊×]|X{2,}")


def is_chinese(text: str) -> bool:
    """True when the name is written in Chinese characters (else treated as English / pinyin)."""
    return bool(_CJK.search(text))


def clean_zh(text: str) -> str:
    """Traditional → simplified, full-width → half-width, one bracket style, no spaces, no pinyin notes."""
    t = unicodedata.normalize("NFKC", text)
    t = _T2S.convert(t)
    t = t.translate(_BRACKETS)
    t = _SPACES.sub("", t)
    return _PINYIN_NOTE.sub("", t) if "(" in t else t


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Industry words (Chinese → canonical English) and English phrases → canonical English."""

    zh_terms: tuple[str, ...]  # longest first
    zh_to_en: dict[str, str]
    en_phrases: dict[tuple[str, ...], str]  # token sequence → canonical English
    en_max: int
    zh_lengths: tuple[int, ...]  # lengths of the Chinese terms, longest first

    @classmethod
    def from_config(cls, cfg: MatchingConfig) -> Lexicon:
        # English forms listed under one Chinese word are synonyms; synonyms of synonyms too
        # (实业 and 工业 both say "industry"), so group them (union-find) and name each group once.
        parent: dict[str, str] = {}
        seen: dict[str, int] = {}  # the group is named by its earliest-listed form

        def find(x: str) -> str:
            seen.setdefault(x, len(seen))
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        for en_list in cfg.industry_terms.values():
            forms = [" ".join(_en_tokens(f)) for f in en_list]
            for f in forms:
                a, b = find(forms[0]), find(f)
                if a != b:
                    first, last = sorted((a, b), key=seen.__getitem__)
                    parent[last] = first
        zh_to_en = {zh: find(" ".join(_en_tokens(en[0]))) for zh, en in cfg.industry_terms.items()}
        phrases = {tuple(f.split()): find(f) for f in list(parent)}
        return cls(tuple(sorted(zh_to_en, key=len, reverse=True)), zh_to_en, phrases, max(map(len, phrases)),
                   tuple(sorted({len(t) for t in zh_to_en}, reverse=True)))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.from_config(load_matching_config())


@dataclass(frozen=True, slots=True)
class ZhName:
    """A Chinese company name in parts. `core` = trade + industry: what identifies the firm in its region."""

    clean: str
    regions: tuple[str, ...]  # region names found before the trade name or in brackets
    trade: str
    industry: tuple[str, ...]
    form: str  # the registered form it stands for (股份有限责任公司 → 股份有限公司)
    branch: str | None  # a unit's own label (吴江 for …吴江分公司, 万家饲料 for …万家饲料厂), "-" if none; None for a head office
    parent: str | None  # the head office's clean full name, for a unit
    unit: str = ""  # the kind of unit: 分公司, 加油站, 项目部, 厂 (a plant), () (a plant in brackets)
    parents: tuple[str, ...] = ()  # the units it belongs to, nearest first, ending with the head office
    family: str = ""  # company | other (厂, 合伙企业) | sole (个体工商户) | "" (no form written)
    masked: bool = False  # characters hidden (**建材厂): the name cannot identify anyone

    @property
    def core(self) -> str:
        return self.trade + "".join(self.industry)

    @property
    def key(self) -> str:
        """Exact-match key: the name's own region (the one next to the trade name, short form), core,
        unit. Form variants and regions a publisher put in front do not change it."""
        region = short_name(self.regions[-1]) if self.regions else ""
        unit = f"{self.branch}{self.unit}" if self.branch is not None else ""
        return f"{region}|{self.core}|{unit}"


def _split_industry(body: str, lex: Lexicon, keep: int = 2) -> tuple[str, tuple[str, ...]]:
    """金像精密机械 → (金像, (精密, 机械)): peel industry words off the end while the trade name keeps `keep` chars."""
    found: list[str] = []
    terms = lex.zh_to_en
    while True:
        for n in lex.zh_lengths:
            if len(body) - n >= keep and body[-n:] in terms:
                found.append(body[-n:])
                body = body[:-n]
                break
        else:
            break
    return body, tuple(reversed(found))


def _strip_form(body: str) -> tuple[str, str]:
    for form in _FORMS:
        if body.endswith(form) and len(body) > len(form):
            return body[: -len(form)], _FORM_SPELLINGS[form]
    return body, ""


def _inside(inner: frozenset[str], outer: frozenset[str]) -> bool:
    return any(i.startswith(o) for i in inner for o in outer)


def form_family(form: str, sole: bool = False) -> str:
    """company | other | sole | "": what kind of entity the form says (a company is never a factory)."""
    if sole:
        return "sole"
    if not form:
        return ""
    return "company" if form in _COMPANY_FORMS else "other"


def written_parts(name: str) -> tuple[str, str]:
    """The name as written (clean_zh) split into body and organizational form: what a slip of the pen
    is looked for in (the form apart, so that "有限公司" does not make every name of a length alike)."""
    return _strip_form(_SOLE_MARK.sub("", clean_zh(name)))


def _branch_label(label: str) -> str:
    return _BRANCH_LABEL_SUFFIX.sub("", label) if len(label) > 2 else label


def _unit(clean: str, gaz: Gazetteer) -> tuple[str, str, str, tuple[str, ...]] | None:
    """(head office, label, kind of unit, parents nearest first) when the name is a unit of a company."""
    m = _HEAD_FORM.search(clean)
    while m is not None and m.end() < 4:
        m = _HEAD_FORM.search(clean, m.end())
    if m is None:
        return None
    head, rest = clean[: m.end()], clean[m.end():]
    # brackets right after the form that hold a region or a form word belong to the head office
    while (b := re.match(r"^\(([^()]*)\)", rest)) and (b.group(1) in gaz.zh or b.group(1) in _FORM_WORDS_IN_BRACKETS):
        head, rest = head + b.group(0), rest[b.end():]
    if not rest:
        return None
    if (b := re.fullmatch(r"\(([^()]+)\)", rest)) is not None:  # …有限公司(定安县污水处理厂): a plant
        return head, b.group(1), "()", (head,)
    u = _UNIT_SUFFIX.search(rest)
    if u is None or u.start() == 0 and u.group(1) in ("厂", "场", "站"):
        return head, rest, "", (head,)
    label = _branch_label(rest[: u.start()] + (u.group(2) or ""))
    inner = [head + rest[: x.end()] for x in re.finditer(r"分公司|分厂", rest[: u.start()])]
    return head, label, _UNIT_SPELLINGS.get(u.group(1), u.group(1)), (*reversed(inner), head)


@lru_cache(maxsize=200_000)
def parse_zh_name(name: str, lex: Lexicon | None = None) -> ZhName:
    """Split a Chinese company name into region, trade name, industry, form and unit."""
    lex = lex or default_lexicon()
    gaz = gazetteer()
    clean = clean_zh(name)
    sole = bool(_SOLE_MARK.search(clean))
    if sole:
        clean = _SOLE_MARK.sub("", clean)
    masked = bool(_MASK.search(clean))
    branch = parent = None
    unit = ""
    parents: tuple[str, ...] = ()
    body = clean
    u = _unit(clean, gaz)
    if u is not None:
        parent, label, unit, parents = u
        branch = label or "-"
        body = parent
    regions: list[str] = []
    forms: list[str] = []

    def bracket(mo: re.Match[str]) -> str:
        inner = mo.group(1)
        if inner in gaz.zh:
            regions.append(inner)
            return ""
        if inner in _FORM_WORDS_IN_BRACKETS or not inner:
            forms.append(inner)
            return ""
        return inner

    body = _BRACKETED.sub(bracket, body).replace("(", "").replace(")", "")
    body, form = _strip_form(body)
    body, form2 = _strip_form(body)  # 集团 + 有限公司 written apart, e.g. 金像电子集团(苏州)有限公司
    form = form2 + form if form2 in ("集团",) else form
    # Peel prefix regions one by one, but never eat the trade name: 苏州金华电子 keeps 金华 as trade name.
    # A second region word must lie inside the first (江苏 苏州, 苏州 吴中), and any agree with a region in
    # brackets: 济南太平鸟 is Jinan's 太平鸟, not a 太平 district of another province.
    prefix: list[str] = []
    while len(prefix) < 3:
        found, rest = gaz.strip_prefix_regions(body, keep=2, max_regions=1)
        if not found or len(_split_industry(rest, lex, keep=0)[0]) < 2:
            break
        if prefix and not _inside(gaz.zh[found[0]], gaz.zh[prefix[-1]]):
            break
        if regions and not any(_inside(gaz.zh[found[0]], gaz.zh[r]) or _inside(gaz.zh[r], gaz.zh[found[0]])
                               for r in regions):
            break  # 太平鸟时尚服饰(宁波): the bracket says Ningbo, so 太平 is no place but the trade name's
        prefix.append(found[0])
        body = rest
    trade, industry = _split_industry(body, lex)
    family = form_family(_FORM_SPELLINGS.get(form, form) if form else "", sole)
    return ZhName(clean, tuple(prefix + regions), trade, industry, form, branch, parent, unit, parents, family, masked)


# --- English ---------------------------------------------------------------------------------

_EN_TOKEN = re.compile(r"[a-z0-9]+")
_EN_EXTRA_LEGAL = (("co",), ("ltd",), ("limited",), ("company",), ("corp",), ("corporation",), ("inc",),
                   ("incorporated",), ("llc",), ("plc",), ("factory",), ("group",), ("mfg",), ("mfy",))
_EN_NOISE = frozenset({"the", "of", "china", "prc", "mainland", "hk", "hong", "kong", "branch"})


@lru_cache(maxsize=1)
def _legal_suffixes() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Legal-form token sequences from cleanco's term list plus a few it lacks, by last token, longest first."""
    terms = {tuple(_en_tokens(" ".join(t))) for _, t in prepare_default_terms()}
    terms |= set(_EN_EXTRA_LEGAL)
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for t in terms:
        if t:
            by_last.setdefault(t[-1], []).append(t)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_last.items()}


def _en_tokens(text: str) -> list[str]:
    t = unicodedata.normalize("NFKC", text).lower().replace("&", " and ")
    t = t.replace("'", "").replace(".", " ")
    out: list[str] = []
    letters: list[str] = []
    # Runs of single letters are one word spelled out: "N. V." = nv, "D S M" = dsm.
    for tok in _EN_TOKEN.findall(t):
        if len(tok) == 1 and tok.isalpha():
            letters.append(tok)
            continue
        if letters:
            out.extend(_letter_run(letters))
            letters = []
        out.append(tok)
    if letters:
        out.extend(_letter_run(letters))
    return out


_LETTER_LEGAL = ("nv", "bv", "sa", "ag", "ab", "as", "oy", "kk", "se")


def _letter_run(letters: list[str]) -> list[str]:
    # "D S M N.V." arrives as one run of letters: give a trailing legal form its own token.
    run = "".join(letters)
    if len(run) >= 4 and run[-2:] in _LETTER_LEGAL:
        return [run[:-2], run[-2:]]
    return [run]


@dataclass(frozen=True, slots=True)
class EnName:
    """An English or pinyin company name in parts; `trade` is compact (spaces dropped: jin xiang = jinxiang)."""

    tokens: tuple[str, ...]
    regions: tuple[str, ...]  # pinyin region names
    trade: str
    industry: tuple[str, ...]  # canonical English industry words
    branch: str | None

    @property
    def full(self) -> str:
        return " ".join((self.trade, *self.industry)).strip()

    @property
    def key(self) -> str:
        return f"{self.trade}|{' '.join(self.industry)}|{self.branch or ''}"


def _strip_legal(tokens: list[str]) -> list[str]:
    suffixes = _legal_suffixes()
    changed = True
    while changed and tokens:
        changed = False
        for suf in suffixes.get(tokens[-1], ()):
            n = len(suf)
            if len(tokens) > n and tuple(tokens[-n:]) == suf:
                tokens = tokens[:-n]
                changed = True
                break
    return tokens


def _has_trade_word(tokens: list[str], lex: Lexicon) -> bool:
    return any((t,) not in lex.en_phrases and t not in _EN_NOISE for t in tokens)


@lru_cache(maxsize=200_000)
def parse_en_name(name: str, lex: Lexicon | None = None) -> EnName:
    """Split an English company name: legal suffix off, region words (pinyin) out, industry words canonical."""
    lex = lex or default_lexicon()
    gaz = gazetteer()
    text = unicodedata.normalize("NFKC", name).replace("（", "(").replace("）", ")")
    regions: list[str] = []
    kept_brackets: list[str] = []
    for inner in _BRACKETED.findall(text):
        toks = _en_tokens(inner)
        if toks and all(t in gaz.pinyin or t in _EN_NOISE for t in toks):
            regions.extend(t for t in toks if t in gaz.pinyin)
        elif toks and tuple(toks) not in _legal_suffixes().get(toks[-1], ()):
            kept_brackets.extend(toks)  # e.g. "(Foxconn)": a trade name, kept at the end
    tokens = _en_tokens(_BRACKETED.sub(" ", text))
    branch = None
    if len(tokens) >= 3 and tokens[-1] == "branch":
        label = tokens[-2]
        tokens = tokens[:-2]
        branch = label
    tokens = _strip_legal(tokens)
    all_tokens = tuple(tokens + kept_brackets)
    # Leading region words (Suzhou Jinxiang …), but never the trade name itself: jinxiang is also
    # a county (金乡), so a region word is only peeled off while a trade word stays behind.
    while len(tokens) > 1 and tokens[0] in gaz.pinyin and _has_trade_word(tokens[1:], lex):
        regions.append(tokens.pop(0))
    # Industry phrases anywhere after the trade name; the rest is the trade name.
    trade: list[str] = []
    industry: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(lex.en_max, len(tokens) - i), 0, -1):
            canon = lex.en_phrases.get(tuple(tokens[i: i + n]))
            if canon is not None and (trade or i > 0):
                industry.append(canon)
                i += n
                break
        else:
            if tokens[i] not in _EN_NOISE:
                trade.append(tokens[i])
            i += 1
    trade.extend(kept_brackets)
    return EnName(all_tokens, tuple(regions), "".join(trade), tuple(industry), branch)


@lru_cache(maxsize=20_000)
def _char_pinyin(ch: str) -> str:
    return "".join(lazy_pinyin(ch)).lower()


def pinyin_of(text: str) -> str:
    """Compact pinyin, character by character (how trade names are self-translated): 金像 → jinxiang."""
    return "".join(_char_pinyin(c) for c in text)


def zh_as_en(zh: ZhName, lex: Lexicon | None = None) -> EnName:
    """The English a firm would write for a Chinese name: pinyin region and trade, translated industry."""
    lex = lex or default_lexicon()
    industry = tuple(lex.zh_to_en[t] for t in zh.industry)
    regions = tuple(region_pinyin(r if len(r) <= 2 else _short(r)) for r in zh.regions)
    branch = pinyin_of(zh.branch) if zh.branch and zh.branch != "-" else zh.branch
    trade = pinyin_of(zh.trade)
    return EnName((), regions, trade, tuple(_canon_split(industry)), branch)


def _canon_split(words: tuple[str, ...]) -> list[str]:
    # Canonical forms can be phrases ("new materials"); keep them as one item, like the English parse does.
    return list(words)


_REGION_SUFFIX = re.compile(r"(省|市|区|县|自治州|自治县|地区|盟|旗)$")


def _short(region: str) -> str:
    s = _REGION_SUFFIX.sub("", region)
    return s if len(s) >= 2 else region


def zh_branch_label_pinyin(label: str | None) -> str | None:
    return pinyin_of(label) if label and label != "-" else label


def normalize_company_name(name: str) -> str:
    """One-line normal form for display and exact comparison: the exact-match key of either language."""
    if is_chinese(name):
        return parse_zh_name(name).key
    return parse_en_name(name).key

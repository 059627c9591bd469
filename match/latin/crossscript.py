"""An English (or pinyin) company name explained against a Chinese registered name.

"Zhejiang Jiemei Electronic and Technology Co., Ltd." against 浙江洁美电子科技股份有限公司: Zhejiang is
the place 浙江, Jiemei spells 洁美 in pinyin, Electronic and Technology translate 电子 and 科技. What a
match rests on is how much of each side the other explains: the Chinese trade name (字号) spelt in
pinyin, the industry words translated, the places agreeing. Many official English names are not
transliterations (Midea = 美的, Crystal-Optech = 水晶光电): then little is explained, and the band
says review or none, never auto.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

from match.latin.config import LatinConfig, load_latin_config
from match.latin.meanings import compound, meanings
from match.latin.pinyin import readings, segment, segmentations, spell
from match.latin.sound import sound_similarity
from match.latin.text import STOPWORDS, name_tokens
from match.names import clean_zh, parse_zh_name
from match.regions import gazetteer, reconcile, region_agreement

_BRACKETED = re.compile(r"\(([^()]*)\)")
# Organizational forms at the end of a registered name, longest first.
_FORMS = ("股份有限公司", "有限责任公司", "股份公司", "有限公司", "总公司", "公司", "总厂", "厂")
# Words an English name may or may not render ("Group", "Holding", "Joint Stock"): explained when it
# does, not held against it when it does not.
_OPTIONAL = ("集团", "控股", "股份", "实业", "有限", "中国")
# The same on the English side: counted when the Chinese name explains them, not held against it otherwise.
_EN_OPTIONAL = frozenset({"group", "holding", "holdings", "corporation", "company", "enterprise", "enterprises",
                          "stock", "joint", "shares", "china", "industrial", "industries", "industry"})
_LATIN_RUN = re.compile(r"[a-z0-9]+")
_SOUND_MIN = 0.7  # how alike by ear an English word and a run of characters must be to count at all


@dataclass(frozen=True, slots=True)
class ZhSide:
    """A Chinese registered name in the parts an English name is compared with."""

    name: str
    body: str  # what is left to explain: trade name, industry and optional words (regions and form out)
    kinds: str  # per body character: r = trade name, t = industry word, o = optional word, b = branch label
    codes: frozenset[str]  # regions the name itself gives (prefix or brackets)
    lead: str = ""  # the region words taken off the front (中原 of 中原内配): acronyms may spell them


@dataclass(frozen=True, slots=True)
class EnSide:
    name: str
    words: tuple[str, ...]  # content words (legal forms, stopwords out; places kept: they may be trade names)
    places: tuple[frozenset[str], ...]  # per word: the division codes it names as a place (empty: none)
    codes: frozenset[str]  # the places the name gives, reconciled


@lru_cache(maxsize=1)
def _zh_terms() -> tuple[frozenset[str], tuple[int, ...]]:
    cfg = load_latin_config()
    words = {w for ws in cfg.terms.values() for w in ws if len(w) >= 2}
    return frozenset(words), tuple(sorted({len(w) for w in words}, reverse=True))


@lru_cache(maxsize=1)
def _en_terms() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """English phrase (tokens as name_tokens leaves them) → Chinese words, longest Chinese first."""
    cfg = load_latin_config()
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for en, zh in cfg.terms.items():
        key = tuple(t for t in name_tokens(en) if t not in STOPWORDS) or tuple(name_tokens(en))
        out[key] = tuple(sorted(set(out.get(key, ())) | set(zh), key=len, reverse=True))
    return out, max(len(k) for k in out)


@lru_cache(maxsize=1)
def _en_places() -> dict[str, frozenset[str]]:
    """English place words (one word, or two written together: "inner mongolia" → innermongolia) → codes."""
    gaz = gazetteer()
    out = dict(gaz.pinyin)
    for en, zh in load_latin_config().places.items():
        out["".join(en.split())] = gaz.codes(zh)
    return out


def _peel_terms(body: str) -> str:
    """Per character: t where an industry word of the lexicon ends the name (peeled from the end while
    two trade-name characters stay), o for optional words, r for the trade name."""
    words, lengths = _zh_terms()
    kinds = ["r"] * len(body)
    end = len(body)
    while end > 0:
        for n in lengths:
            start = end - n
            if start >= 2 and body[start:end] in words:
                kinds[start:end] = ["t"] * n
                end = start
                break
        else:
            break
    for w in _OPTIONAL:
        for m in re.finditer(w, body):
            kinds[m.start():m.end()] = ["o"] * len(w)
    return "".join(kinds)


@lru_cache(maxsize=500_000)
def zh_side(name: str) -> ZhSide:
    """A registered name without its regions and organizational form, its characters classified."""
    gaz = gazetteer()
    text = clean_zh(name)
    regions: list[str] = []
    # A branch (…有限公司吴江分公司) is its parent's name plus a label the English rarely renders: the
    # label stays as characters to explain (kind b), so the parent itself explains an English name better.
    branch = ""
    parsed = parse_zh_name(name)
    if parsed.branch is not None and parsed.parent and text.startswith(parsed.parent):
        text, branch = parsed.parent, text[len(parsed.parent):]

    def bracket(m: re.Match[str]) -> str:
        inner = m.group(1)
        if inner in gaz.zh:
            regions.append(inner)
            return ""
        return inner

    text = _BRACKETED.sub(bracket, text).replace("(", "").replace(")", "")
    for form in _FORMS:
        if text.endswith(form) and len(text) > len(form) + 1:
            text = text[: -len(form)]
            break
    found, body = gaz.strip_prefix_regions(text, keep=2, max_regions=3)
    # Every registered name has a trade name: where peeling regions leaves only an industry word, the
    # last "region" was the trade name (宁波长阳科技: 长阳 is a county in Hubei, here the firm's name;
    # 仁和药业), as long as it is a county's name (a province or city before the industry word is a
    # state firm's name: 上海电气).
    words, _ = _zh_terms()
    if found and body in words and all(len(c) == 6 and not c.endswith("00") for c in gaz.codes([found[-1]])):
        body = found.pop() + body
    return ZhSide(name, body + branch, _peel_terms(body) + "b" * len(branch), gaz.codes(found + regions),
                  text[: len(text) - len(body)])


# An apostrophe before a, e or o inside a pinyin word marks a syllable break (Qin'an 秦安, Xi'an 西安);
# elsewhere it is English (Han's), and the tokenizer closes it up.
_SYLLABLE_BREAK = re.compile(r"(?<=[A-Za-z])['’](?=[AEOaeo])")


@lru_cache(maxsize=200_000)
def en_side(name: str) -> EnSide:
    toks = name_tokens(_SYLLABLE_BREAK.sub(" ", name))
    places_of = _en_places()
    words: list[str] = []
    places: list[frozenset[str]] = []
    i = 0
    while i < len(toks):
        two = toks[i] + toks[i + 1] if i + 1 < len(toks) else ""
        if two and two in places_of and len(two) >= 4:  # "xi an", "inner mongolia"
            words.append(two)
            places.append(places_of[two])
            i += 2
            continue
        words.append(toks[i])
        places.append(places_of.get(toks[i], frozenset()) if len(toks[i]) >= 4 or toks[i] in ("china",) else frozenset())
        i += 1
    # The name's own place: the place words it starts with (Shenzhen Zhenye …), while a word stays behind.
    lead = []
    for p in places[:-1]:
        if not p:
            break
        lead.append(p)
    codes = reconcile(lead)
    return EnSide(name, tuple(words), tuple(places), codes)


@dataclass(frozen=True, slots=True)
class Alignment:
    """How much of each side the other explains."""

    trade: float  # share of trade-name characters spelt (pinyin) or translated
    trade_chars: float  # trade-name characters explained
    zh_cover: float  # share of the (non-optional) characters explained
    en_cover: float  # share of English words explained
    industry: float  # English industry words found translated (+1) or not (-1), averaged
    place_words: int  # English words read as a place the candidate is in
    name_place: float  # the name's places against the candidate's: +1 city, +0.5 province, -1 another place
    explained: str  # per English word: p(inyin) t(ranslated) l(ocation) a(cronym) m(eaning) f(uzzy) -(nothing)
    approx: float  # share of trade-name characters explained only by meaning or by ear
    en_left: float  # a content English word (not optional, not a place) is left unexplained: 1, else 0
    pinyin_left: float  # an English word that reads as pinyin (a trade name) is left unexplained: 1, else 0
    brand_miss: float  # a content English word is left unexplained and no trade-name character is left for it: 1
    residual: float = 0.0  # how the unexplained brand word sounds like the unexplained trade name, 0 to 1
    coined_miss: float = 0.0  # brand_miss, and the word left is a coined brand (no English word): 1


def align(en: EnSide, zh: ZhSide, candidate_codes: frozenset[str] = frozenset()) -> Alignment:
    """Explain the English words with the Chinese name: places the candidate is in, translated
    industry words, then pinyin (longest runs first), then a fuzzy spelling of what is left."""
    body, kinds = zh.body, zh.kinds
    n_zh, n_en = len(body), len(en.words)
    zh_done = [False] * n_zh
    en_how = ["-"] * n_en
    place_codes = zh.codes | candidate_codes
    # the candidate's most specific places (唐山港 listed under 河北 is in 唐山, not anywhere in 河北)
    specific = frozenset(b for b in place_codes if not any(o != b and o.startswith(b) for o in place_codes))
    # 1. places the candidate is in (a place word naming another place stays unexplained). A city or
    # county word is the candidate's place only where the candidate is known that finely: Xianju (a
    # county of Zhejiang) against a firm known only as Zhejiang's may be the trade name (仙琚) instead.
    agreement = [region_agreement(p, specific) if p else 0.0 for p in en.places]
    for i, p in enumerate(en.places):
        if p and (agreement[i] >= 1.0 or (agreement[i] > 0 and all(len(a) == 2 for a in p))):
            en_how[i] = "l"
    # 1b. Latin letters inside the Chinese name (TCL科技集团)
    low = body.lower()
    for i, w in enumerate(en.words):
        if en_how[i] == "-" and len(w) >= 2 and not w.isdigit():
            for m in _LATIN_RUN.finditer(low):
                if m.group() == w and not any(zh_done[m.start():m.end()]):
                    zh_done[m.start():m.end()] = [True] * len(w)
                    en_how[i] = "p"
                    break
    # 2. translated words, longest English phrase first
    terms, max_n = _en_terms()
    industry_hits = industry_miss = 0
    i = 0
    while i < n_en:
        if en_how[i] != "-":
            i += 1
            continue
        # the longest phrase whose translation the name holds; a longer phrase not found does not hide a
        # shorter one that is ("environmental technology" 环境科技 absent, "environmental" 环保 present)
        known = 0
        for n in range(min(max_n, n_en - i), 0, -1):
            zh_words = terms.get(en.words[i: i + n])
            if zh_words is None or any(h != "-" for h in en_how[i: i + n]):
                continue
            known = known or n
            hit = _find_free(body, zh_done, zh_words)
            if hit is not None:
                for k in range(hit[0], hit[1]):
                    zh_done[k] = True
                en_how[i: i + n] = ["t"] * n
                industry_hits += 1
                i += n
                break
        else:
            # an optional word not rendered ("China" of a name without 中国) is no industry word missing
            industry_miss += known > 0 and not all(w in _EN_OPTIONAL for w in en.words[i: i + known])
            i += 1
    # an industry word not found may still be the pinyin of the trade name (Golden → 金 failed, jin…)
    # 3. pinyin, longest runs of syllables first
    units: list[tuple[int, frozenset[str]]] = []  # (English word index, syllable readings)
    free_readings = {r for k, c in enumerate(body) if not zh_done[k] for r in readings(c)}
    for i, w in enumerate(en.words):
        if en_how[i] in ("-",):
            # of the ways to cut the word into syllables, the one this name reads best (qinan: qin|an 秦安)
            segs = segmentations(w)
            if segs:
                units.extend((i, s) for s in max(segs, key=lambda sg: sum(bool(x & free_readings) for x in sg)))
    if units:
        _match_pinyin(units, body, zh_done, en_how)
    # 3b. an acronym of pinyin initials (ZYNP = 中原内配 Zhong Yuan Nei Pei), over free characters in a row
    for i, w in enumerate(en.words):
        if en_how[i] == "-" and not en.places[i]:
            lead = len(zh.lead)
            hit = _find_initials(w, zh.lead + body, [False] * lead + zh_done)
            if hit is not None:
                for k in range(max(hit, lead), hit + len(w)):
                    zh_done[k - lead] = True
                en_how[i] = "a"
    # 3c. trade names translated word by word (Dark Horse 黑马, Goldstone 金石): CC-CEDICT read backwards
    approx = 0.0
    for i, w in enumerate(en.words):
        if en_how[i] == "-" and not en.places[i] and not w.isdigit():
            hit = _find_meaning(w, body, kinds, zh_done)
            if hit is not None:
                for k in range(*hit):
                    zh_done[k] = True
                en_how[i] = "m"
                approx += sum(kinds[k] == "r" for k in range(*hit))
    # 3d. an industry word abbreviated to its first character inside the name (中联重科: Heavy Industry
    # Science and Technology; 中材科技 is not needed for it): only where no whole translation stood
    for i, w in enumerate(en.words):
        if en_how[i] == "-" and not en.places[i]:
            hit = _find_abbreviation(w, body, zh_done)
            if hit is not None:
                zh_done[hit] = True
                en_how[i] = "m"
                approx += kinds[hit] == "r"
    # 4. what is left, compared by ear, word by word (Konka ~ 康佳 kangjia), then all of it as spelt
    fuzzy_zh = 0.0
    by_ear: set[int] = set()  # characters explained by ear count by how alike they sound, not as done
    def left(i: int) -> bool:
        return en_how[i] == "-" and not en.places[i] and not en.words[i].isdigit() and en.words[i] not in _EN_OPTIONAL

    for i in range(n_en - 1):  # two words heard as one name (High Hope ~ 汇鸿 huihong)
        if left(i) and left(i + 1) and len(en.words[i]) + len(en.words[i + 1]) >= 5:
            got = _find_sound(en.words[i] + en.words[i + 1], body, kinds, zh_done)
            if got is not None:
                (a, b), sim = got
                for k in range(a, b):
                    zh_done[k] = True
                    by_ear.add(k)
                en_how[i] = en_how[i + 1] = "f"
                fuzzy_zh += sim * (b - a)
    for i, w in enumerate(en.words):
        if left(i) and len(w) >= 3:
            got = _find_sound(w, body, kinds, zh_done)
            if got is not None:
                (a, b), sim = got
                for k in range(a, b):
                    zh_done[k] = True
                    by_ear.add(k)
                en_how[i] = "f"
                fuzzy_zh += sim * (b - a)
    left_en = [i for i in range(n_en) if en_how[i] == "-" and not en.places[i]]
    left_zh = [k for k in range(n_zh) if not zh_done[k] and kinds[k] == "r"]
    if left_en and len(left_zh) >= 2:
        s = Indel.normalized_similarity("".join(en.words[i] for i in left_en), spell("".join(body[k] for k in left_zh)))
        if s >= 0.75:
            fuzzy_zh += s * len(left_zh)
            for i in left_en:
                en_how[i] = "f"
    approx += fuzzy_zh
    # what neither step explained, compared by ear however faintly: a brand loosely made from the
    # trade name's sound (Primeton 普元, Holystar 宏力达) against a namesake of the same trade
    rest_zh = "".join(body[k] for k in range(n_zh) if not zh_done[k] and kinds[k] == "r")
    residual = max((sound_similarity(en.words[i], rest_zh) for i in range(n_en)
                    if left(i) and len(en.words[i]) >= 3), default=0.0) if rest_zh else 0.0
    trade_idx = [k for k in range(n_zh) if kinds[k] == "r"]
    if not trade_idx:
        trade_idx = [k for k in range(n_zh) if kinds[k] == "t"]
    trade_done = sum(zh_done[k] and k not in by_ear for k in trade_idx) \
        + (fuzzy_zh if trade_idx and kinds[trade_idx[0]] == "r" else 0.0)
    counted = [k for k in range(n_zh) if kinds[k] != "o" or zh_done[k]]
    zh_done_n = sum(zh_done[k] and k not in by_ear for k in counted) + fuzzy_zh
    en_counted = [i for i in range(n_en) if en.words[i] not in _EN_OPTIONAL or en_how[i] != "-"]
    en_done = sum(1.0 if en_how[i] in "ptla" else 0.8 if en_how[i] in "fm" else 0.0 for i in en_counted)
    n_ind = industry_hits + industry_miss
    # A place word the candidate's name does not explain otherwise names another place (only where the
    # name gives its place: the words it starts with); one it explains agrees.
    agree = [en.places[i] for i in range(n_en) if en_how[i] == "l"]
    lead_left = any(en_how[i] == "-" and en.places[i] and agreement[i] < 0 for i in range(_lead_len(en)))
    name_place = -1.0 if lead_left else max((region_agreement(p, place_codes) for p in agree), default=0.0)
    return Alignment(
        trade=round(trade_done / len(trade_idx), 4) if trade_idx else 0.0,
        trade_chars=round(trade_done, 2),
        zh_cover=round(zh_done_n / len(counted), 4) if counted else 0.0,
        en_cover=round(en_done / len(en_counted), 4) if en_counted else 0.0,
        industry=round((industry_hits - industry_miss) / n_ind, 4) if n_ind else 0.0,
        place_words=en_how.count("l"),
        name_place=name_place,
        explained="".join(en_how),
        approx=round(min(approx, len(trade_idx)) / len(trade_idx), 4) if trade_idx else 0.0,
        en_left=float(any(en_how[i] == "-" and not en.places[i] for i in en_counted)),
        pinyin_left=float(any(en_how[i] == "-" and not en.places[i] and en.words[i] not in _EN_OPTIONAL
                              and not en.words[i].isdigit() and segment(en.words[i]) is not None
                              for i in range(n_en))),
        # "Zhejiang Hisoar Pharmaceutical" against 浙江医药: the Chinese name is all explained (a region
        # and an industry word), so the brand word Hisoar has nowhere to stand: another firm's name
        brand_miss=float(any(en_how[i] == "-" and not en.places[i] for i in en_counted)
                         and not any(not zh_done[k] and kinds[k] == "r" for k in range(n_zh))),
        residual=round(residual, 4),
        # Hisoar, Cachet: a coined brand that names the firm is left with nowhere to stand (an English
        # word left, like Brewery, may be an industry word the lexicon lacks)
        coined_miss=float(not any(not zh_done[k] and kinds[k] == "r" for k in range(n_zh))
                          and any(en_how[i] == "-" and not en.places[i] and not en.words[i].isdigit()
                                  and not meanings(en.words[i]) and not compound(en.words[i])
                                  and (en.words[i],) not in terms for i in en_counted)),
    )


def name_places(en: EnSide, shared: frozenset[str] | set[str] = frozenset()) -> frozenset[str]:
    """The places the name gives, leaving out place words the other name shares as words: there the
    place is the trade name (Jinxiang is a county too)."""
    n = _lead_len(en)
    return reconcile([p for w, p in zip(en.words[:n], en.places[:n], strict=True) if w not in shared])


def initials(ch: str) -> frozenset[str]:
    """The first letters a character's readings start with (长: c, z)."""
    return frozenset(r[0] for r in readings(ch) if r)


def is_acronym_word(w: str) -> bool:
    """A word that may be pinyin initials: 3 to 6 letters, not itself pinyin."""
    return 3 <= len(w) <= 6 and w.isalpha() and segment(w) is None


def _find_initials(w: str, body: str, done: list[bool]) -> int | None:
    """Where the word spells the initials of as many free characters in a row, else None."""
    if not is_acronym_word(w):
        return None
    for start in range(len(body) - len(w) + 1):
        if all(not done[start + k] and w[k] in initials(body[start + k]) for k in range(len(w))):
            return start
    return None


def _lead_len(en: EnSide) -> int:
    n = 0
    while n < len(en.places) - 1 and en.places[n]:
        n += 1
    return n


def _find_free(body: str, done: list[bool], words: tuple[str, ...]) -> tuple[int, int] | None:
    for w in words:
        start = body.find(w)
        while start >= 0:
            if not any(done[start: start + len(w)]):
                return start, start + len(w)
            start = body.find(w, start + 1)
    return None


def _find_meaning(word: str, body: str, kinds: str, done: list[bool]) -> tuple[int, int] | None:
    """Where the word's translation (or, for a compound, its two parts' in a row) stands on free
    trade-name characters."""
    def free(a: int, b: int) -> bool:
        return b <= len(body) and not any(done[a:b]) and all(k == "r" for k in kinds[a:b])

    for zh in sorted(meanings(word), key=len, reverse=True):  # Torch is 火炬 before it is 火
        for m in re.finditer(re.escape(zh), body):
            if free(m.start(), m.end()):
                return m.start(), m.end()
    parts = compound(word)
    if parts:
        # either order: English puts the adjective first as Chinese does (Goldstone 金石), or not (Oceanwide 泛海)
        for first, second in (parts, parts[::-1]):
            for a in first:
                for m in re.finditer(re.escape(a), body):
                    for b in second:
                        end = m.end() + len(b)
                        if body[m.end():end] == b and free(m.start(), end):
                            return m.start(), end
    return None


def _find_abbreviation(word: str, body: str, done: list[bool]) -> int | None:
    """A free character after the first that starts one of the word's industry translations (科 of 科技
    for technology, 重 of 重工 for heavy industry), else None."""
    terms, _ = _en_terms()
    firsts = {zh[0] for zh in terms.get((word,), ()) if len(zh) >= 2}
    return next((k for k in range(1, len(body)) if not done[k] and body[k] in firsts), None)


def _find_sound(word: str, body: str, kinds: str, done: list[bool]) -> tuple[tuple[int, int], float] | None:
    """The run of free trade-name characters (one syllable per three letters or so, give or take one)
    the word sounds most like, if it sounds like one closely enough."""
    best: tuple[tuple[int, int], float] | None = None
    guess = max(1, round(len(word) / 3.5))
    for n in range(max(1, guess - 1), min(4, guess + 1) + 1):
        for a in range(0, len(body) - n + 1):
            if any(done[a:a + n]) or any(k != "r" for k in kinds[a:a + n]):
                continue
            sim = sound_similarity(word, body[a:a + n])
            if sim >= _SOUND_MIN and (best is None or sim > best[1]):
                best = ((a, a + n), sim)
    return best


def _match_pinyin(units: list[tuple[int, frozenset[str]]], body: str, zh_done: list[bool], en_how: list[str]) -> None:
    """Mark the longest runs where consecutive syllables read consecutive free characters; a word is
    explained when all its syllables are."""
    used = [False] * len(units)
    matched = [False] * len(units)
    read = [readings(c) for c in body]
    while True:
        best = (0, 0, 0)  # (length, unit start, char start)
        for u in range(len(units)):
            if used[u]:
                continue
            for c in range(len(body)):
                n = 0
                while (u + n < len(units) and c + n < len(body) and not used[u + n] and not zh_done[c + n]
                       and units[u + n][1] & read[c + n]):
                    n += 1
                if n > best[0]:
                    best = (n, u, c)
        n, u, c = best
        if n == 0:
            break
        # a lone syllable only counts as a whole word (san = 三), never cut out of a longer one
        if n == 1 and sum(1 for w, _ in units if w == units[u][0]) > 1:
            used[u] = True
            continue
        for k in range(n):
            used[u + k] = matched[u + k] = True
            zh_done[c + k] = True
    for i in {w for w, _ in units}:
        if all(matched[k] for k, (w, _) in enumerate(units) if w == i):
            en_how[i] = "p"


def cross_features(en: EnSide, zh: ZhSide, candidate_codes: frozenset[str],
                   address_place: float = 0.0, hint_place: float = 0.0) -> dict[str, float]:
    """The feature vector of an English query against one Chinese registered name (unique added later).
    Place: the name's own places, else the address's, else the source's location; a conflict in the
    name or the address wins."""
    a = align(en, zh, candidate_codes)
    place = -1.0 if a.name_place < 0 or address_place < 0 else max(a.name_place, address_place) or hint_place
    return {"trade": a.trade, "trade_all": 1.0 if a.trade >= 0.999 else 0.0,
            "trade_chars": min(a.trade_chars, 4.0) / 4.0, "zh_cover": a.zh_cover, "en_cover": a.en_cover,
            "industry": a.industry, "place": place, "pinyin_left": a.pinyin_left, "approx": a.approx,
            "en_left": a.en_left, "brand_miss": a.brand_miss, "residual": a.residual, "coined_miss": a.coined_miss}


def en_term_words(en: EnSide) -> set[str]:
    """The Chinese words the English name's industry and form words may translate (for blocking)."""
    terms, max_n = _en_terms()
    out: set[str] = set()
    for i in range(len(en.words)):
        for n in range(1, max_n + 1):
            out.update(w for w in terms.get(en.words[i: i + n], ()) if len(w) >= 2)
    return out


def zh_term_words(zh: ZhSide) -> set[str]:
    """The lexicon's multi-character words in a Chinese name (for blocking)."""
    words, _ = _zh_terms()
    body = zh.body
    return {body[i:j] for i in range(len(body)) for j in range(i + 2, min(len(body), i + 6) + 1) if body[i:j] in words}


def strength(f: dict[str, float]) -> float:
    """How well the names explain each other, whatever the place: what uniqueness compares."""
    return 0.5 * f["trade"] + 0.25 * f["zh_cover"] + 0.25 * f["en_cover"]


def cross_config() -> LatinConfig:
    return load_latin_config()

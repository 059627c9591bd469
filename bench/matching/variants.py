"""How real sources print a Chinese company's name: the variation seen in real names, as functions.

Every kind below is written from names seen in ../shared/realdata (page numbers are
penalty-pages/pages/NNN.txt; "listed" is en-zh-names/listed_companies.csv) or named in DOMAIN.md
section 5, not from the matching engine's rules: this module imports nothing of match/ (no
lexicon, no parser, no keys). It knows a name only as the generator wrote it (NameParts), or
by the few plain regular expressions below.

| kind | seen as |
|---|---|
| traditional | 湯陰縣英海建材有限公司 (004), 永仁縣云藝水泥制品加工廠 (016, the same firm as 091) |
| mixed_script | 連云港志巖建設工程有限公司 (013): a mirror converts only some characters |
| pinyin_injected | 廣東南國(guó)藥業(yè)有限公司 (024), 亳州國禎生物質(zhì)熱電 (035), 岳陽(yáng)縣堅(jiān)磊 (071) |
| form_swap | 有限公司 written 有限责任公司 and back; 股份有限公司 written 股份有限责任公司 (issue 17) |
| form_cut | 宁夏澳兰牧业有限公 (046): the last character lost |
| region_dropped | national names carry none (listed: 平安银行股份有限公司); lists and news leave it out |
| region_added | 运城市山西阳煤丰喜肥业… (064), 吉林省农安县海格城市污水处理… (064): the publisher's place in front |
| region_bracketed | 鹏鼎控股(深圳)股份有限公司 (listed), 金像电子（苏州）有限公司 (DOMAIN.md 5) |
| brackets | half-width (listed) and full-width (real pages) round brackets, 【】 and 〔〕 (DOMAIN.md 2) |
| spaces | 行 政 处 罚 / 地 址 (002): spaced text, also inside names |
| group_bracket | 深圳市振业(集团)股份有限公司 (listed), 阳煤丰喜肥业(集团)有限责任公司 (064) |
| branch | 山东海化集团有限公司热力电力分公司 (014), …有限公司西固分公司 (019), 青岛九联养殖有限公司万家饲料厂 (030) |
| facility | 海南水务投资有限公司(定安县污水处理厂) (064): the plant in brackets after the firm |
| sole_proprietor | 岳陽縣堅磊礦石粉廠(個體工商戶) (071), USCCs 92… (016, 060, 062, 094) |
| short_name | listed short names: 万科A, 沙河股份, 中集集团 |
| person | 刘凤军 (008), 孔某胜 (025), 杨某 (053): natural persons, never a company |
| typo | one character replaced by a like-sounding one (a copy typed by hand); rare in official text |
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

import opencc
from pypinyin import Style, pinyin

_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")
_SPACES = re.compile(r"[\s\u200b\u3000\ufeff]+")
# Organizational forms as registered, longest first.
FORMS = ("集团股份有限公司", "集团有限责任公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "集团公司",
         "合伙企业（有限合伙）", "合伙企业(有限合伙)", "合伙企业", "公司", "厂")
_SWAP = {"股份有限公司": "股份有限责任公司", "有限责任公司": "有限公司", "有限公司": "有限责任公司",
         "集团有限公司": "集团有限责任公司", "集团有限责任公司": "集团有限公司"}
_PINYIN_INJECT = 0.35  # share of characters a pinyin-injecting mirror annotates (024, 035: about a third)
# Like-sounding characters that hand-typed copies confuse (一 slip of an input method).
HOMOPHONES = ("鑫新心欣", "汇惠会", "华化", "达大", "源元圆", "盛胜", "兴星", "泰太", "宏鸿红弘", "昌常", "恒衡",
              "丰峰风", "瑞锐", "康慷", "德得", "隆龙", "信芯", "诚成城", "宝保", "顺舜", "发法", "永勇", "金今",
              "海凯", "明名", "光广", "亚雅", "美梅", "佳家嘉", "联连", "合和禾", "众中忠", "益亿艺", "正政证",
              "东冬", "方芳", "阳扬洋", "星兴", "凯铠", "腾藤", "飞非", "龙隆", "祥翔", "福富", "安岸", "平萍",
              "科可", "创川", "宇雨", "宁凝", "江疆", "山珊", "峰锋", "林琳", "森深", "润闰", "泽则", "清青",
              "绿律", "蓝兰", "银音", "精晶经", "工公", "捷杰", "迅讯", "博波", "奥澳", "伟威", "豪浩", "业叶",
              "鹏朋", "程成", "启琦", "荣容", "锦金", "纳娜", "南楠", "北贝", "西希", "三森", "万弯", "百柏", "千迁")
_SOUND_ALIKE = {ch: group.replace(ch, "") for group in HOMOPHONES for ch in group}


def plain_text(text: str) -> str:
    """What the script, width, bracket and space kinds change, undone (the generator's own undoing,
    used to tell apart the names it wrote; not the engine's cleaning)."""
    t = _T2S.convert(unicodedata.normalize("NFKC", text))
    t = t.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    return _SPACES.sub("", t)


@dataclass(frozen=True)
class NameParts:
    """A registered name as the generator knows it: region words as written, the body (trade name,
    industry, perhaps a bracketed (集团)), the form, and a branch suffix if any."""

    region: str
    body: str
    form: str
    branch: str = ""

    @property
    def name(self) -> str:
        return self.region + self.body + self.form + self.branch


def split_form(name: str) -> tuple[str, str]:
    """(name without its organizational form, the form) by the plain list above."""
    for f in FORMS:
        if name.endswith(f) and len(name) > len(f):
            return name[: -len(f)], f
    return name, ""


# --- one function per kind ------------------------------------------------------------------


def traditional(name: str) -> str:
    return _S2T.convert(name)


def mixed_script(name: str, rng: random.Random) -> str:
    """Some characters converted to traditional script, the rest left as they were."""
    trad = _S2T.convert(name)
    return "".join(t if t != s and rng.random() < 0.5 else s for s, t in zip(name, trad, strict=True))


def pinyin_injected(name: str, rng: random.Random) -> str:
    """A traditional-script mirror that writes a character's pinyin, with tone, after some characters."""
    trad = _S2T.convert(name)
    out = []
    for s, t in zip(name, trad, strict=True):
        out.append(t)
        if "\u4e00" <= s <= "\u9fff" and rng.random() < _PINYIN_INJECT:
            out.append("(" + pinyin(s, style=Style.TONE)[0][0] + ")")
    return "".join(out)


def form_swap(name: str) -> str:
    body, form = split_form(name)
    return body + _SWAP[form] if form in _SWAP else name


def form_cut(name: str) -> str:
    return name[:-1] if name.endswith("公司") else name


def bracket_width(name: str, rng: random.Random) -> str:
    style = rng.choice(("（）", "【】", "()"))
    return name.replace("(", style[0]).replace(")", style[1]).replace("（", style[0]).replace("）", style[1])


def spaced(name: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return " ".join(name)  # every character spaced, as in a spaced heading
    i = rng.randrange(1, max(2, len(name) - 1))
    return name[:i] + rng.choice((" ", "  ", "\u3000")) + name[i:]


def region_dropped(p: NameParts) -> str:
    return p.body + p.form + p.branch


def region_bracketed(p: NameParts, place: str) -> str:
    """金像电子（苏州）有限公司: the region moved behind the body, in brackets."""
    return f"{p.body}({place}){p.form}{p.branch}" if p.form else f"{p.body}({place}){p.branch}"


def region_added(p: NameParts, prefix: str) -> str:
    """The publisher's province or city in front, whether or not the name already has its own."""
    return prefix + p.name if not p.name.startswith(prefix) else p.name


def branch(parent: str, place: str, suffix: str) -> str:
    return f"{parent}{place}{suffix}"


def facility(name: str, plant: str) -> str:
    return f"{name}({plant})"


def sole_proprietor(name: str) -> str:
    return f"{name}(个体工商户)"


def typo(p: NameParts, rng: random.Random) -> str | None:
    """One character of the body replaced by a like-sounding one; None when none has a known double."""
    idx = [i for i, ch in enumerate(p.body) if ch in _SOUND_ALIKE]
    if not idx:
        return None
    i = rng.choice(idx)
    body = p.body[:i] + rng.choice(_SOUND_ALIKE[p.body[i]]) + p.body[i + 1:]
    return p.region + body + p.form + p.branch


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌浩凤林海波宇鹏飞云辉庆胜东"


def person(rng: random.Random) -> str:
    """A natural person as penalty pages print one: full name, or surname + 某 (+ a given-name character)."""
    surname = rng.choice(_SURNAMES)
    r = rng.random()
    if r < 0.5:
        return surname + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
    return surname + "某" + (rng.choice(_GIVEN) if r < 0.8 else "")

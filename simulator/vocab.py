"""What enforcement documents say: violation scenarios, laws, pollutants, names of people, and the
many ways sites write numbers, dates, fines and decision numbers.

Codes (violation types, pollutants, penalty kinds) are those of config/taxonomy/*.yaml; each
scenario's wording contains a phrase of its code's taxonomy entry, so a parser can find it.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import cn2an


@dataclass(frozen=True)
class Scenario:
    """One kind of violation: what the facts say, which articles are broken and which punish."""

    violation: str  # violation type code
    facts: str  # template: {party} {date} {pollutant} {value} {limit} {unit} {times}
    law: str
    violated_article: str
    penalty_article: str
    pollutants: tuple[tuple[str, str, str, float], ...]  # (code, printed name, unit, limit)
    fine_wan: tuple[float, float]  # fine range in 万元
    extra_kind: str | None = None  # a second penalty kind some decisions add


AIR = "《中华人民共和国大气污染防治法》"
WATER = "《中华人民共和国水污染防治法》"
SOLID = "《中华人民共和国固体废物污染环境防治法》"
EIA = "《中华人民共和国环境影响评价法》"
PERMIT = "《排污许可管理条例》"
CONSTRUCTION = "《建设项目环境保护管理条例》"
NOISE = "《中华人民共和国噪声污染防治法》"

AIR_POLLUTANTS = (
    ("sulfur_dioxide", "二氧化硫", "mg/m3", 50.0),
    ("nitrogen_oxides", "氮氧化物", "mg/m3", 100.0),
    ("particulate_matter", "颗粒物", "mg/m3", 20.0),
    ("vocs", "非甲烷总烃", "mg/m3", 60.0),
)
WATER_POLLUTANTS = (
    ("cod", "化学需氧量", "mg/L", 50.0),
    ("ammonia_nitrogen", "氨氮", "mg/L", 5.0),
    ("total_phosphorus", "总磷", "mg/L", 0.5),
    ("total_nitrogen", "总氮", "mg/L", 15.0),
    ("total_chromium", "总铬", "mg/L", 0.5),
    ("nickel", "总镍", "mg/L", 0.1),
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "exceeding_limits",
        "{date}，我局执法人员对你单位进行现场检查，经监测，你单位废气排放口{pollutant}排放浓度为{value}{unit}，"
        "超过《大气污染物综合排放标准》规定的排放限值{limit}{unit}，超标{times}倍，构成超标排放大气污染物的违法行为。",
        AIR,
        "第十八条",
        "第九十九条第二项",
        AIR_POLLUTANTS,
        (10, 100),
    ),
    Scenario(
        "exceeding_limits",
        "{date}，我局对你单位废水总排口进行采样监测，{pollutant}浓度为{value}{unit}，超过《污水综合排放标准》"
        "规定的限值{limit}{unit}，超标{times}倍，你单位超过水污染物排放标准排放水污染物。",
        WATER,
        "第十条",
        "第八十三条第二项",
        WATER_POLLUTANTS,
        (10, 100),
    ),
    Scenario(
        "no_permit",
        "{date}，我局执法人员现场检查发现，你单位未取得排污许可证排放污染物，生产设施正在生产。",
        PERMIT,
        "第二条",
        "第三十三条第一项",
        (),
        (20, 100),
    ),
    Scenario(
        "no_eia",
        "经查，你单位建设项目未依法报批建设项目环境影响报告表，擅自开工建设，于{date}被我局执法人员现场查获。",
        EIA,
        "第二十五条",
        "第三十一条第一款",
        (),
        (5, 50),
    ),
    Scenario(
        "no_acceptance",
        "{date}检查发现，你单位项目需要配套建设的环境保护设施未建成、未经验收，主体工程即投入生产。",
        CONSTRUCTION,
        "第十九条第一款",
        "第二十三条第一款",
        (),
        (20, 100),
    ),
    Scenario(
        "treatment_not_running",
        "{date}，我局执法人员检查发现，你单位喷漆工序产生的挥发性有机物废气处理设施未正常运行，废气直接排放。",
        AIR,
        "第四十五条",
        "第一百零八条第一项",
        (AIR_POLLUTANTS[3],),
        (2, 20),
    ),
    Scenario(
        "hazardous_waste",
        "{date}检查发现，你单位将产生的废矿物油、废包装桶等危险废物露天堆放于厂区，未按规定贮存危险废物。",
        SOLID,
        "第七十九条",
        "第一百一十二条第一款第六项",
        (),
        (10, 100),
    ),
    Scenario(
        "evading_supervision",
        "{date}，我局执法人员发现你单位通过暗管将生产废水直接排入厂外雨水管网，经采样监测，{pollutant}浓度为"
        "{value}{unit}，属于通过暗管逃避监管的方式排放水污染物。",
        WATER,
        "第三十九条",
        "第八十三条第三项",
        WATER_POLLUTANTS[:2],
        (20, 100),
        "detention_referral",
    ),
    Scenario(
        "falsified_monitoring",
        "经查，{date}至今你单位人为干扰自动监测设施，篡改监测数据，逃避监管排放大气污染物。",
        AIR,
        "第二十条第二款",
        "第九十九条第三项",
        AIR_POLLUTANTS[:2],
        (20, 100),
        "suspend_production",
    ),
    Scenario(
        "fugitive_emissions",
        "{date}检查发现，你单位物料堆场未采取有效覆盖措施，未采取有效措施防治扬尘污染。",
        AIR,
        "第七十二条第一款",
        "第一百一十七条第一项",
        (AIR_POLLUTANTS[2],),
        (1, 10),
    ),
    Scenario(
        "no_monitoring",
        "{date}检查发现，你单位未按照规定对所排放的工业废气和有毒有害大气污染物进行监测，未保存原始监测记录。",
        AIR,
        "第二十四条第一款",
        "第一百条第二项",
        (),
        (2, 20),
    ),
    Scenario(
        "noise",
        "{date}夜间监测，你单位厂界噪声排放值超过《工业企业厂界环境噪声排放标准》规定的排放限值。",
        NOISE,
        "第三十六条",
        "第七十五条",
        (("noise", "厂界噪声", "dB(A)", 55.0),),
        (1, 10),
    ),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌海波宁峰林春晓东亮辉鹏飞俊丹玉兰"
SHOPS = (
    "五金加工店",
    "汽车修理部",
    "洗车行",
    "印刷厂",
    "废品回收站",
    "塑料加工点",
    "餐馆",
    "家具加工厂",
    "养殖场",
    "石材加工点",
)
INSTITUTIONS = ("第一人民医院", "中医院", "妇幼保健院", "职业技术学院", "疾病预防控制中心", "污水处理厂")
DISCLOSURE_POLLUTANTS = AIR_POLLUTANTS[:3] + WATER_POLLUTANTS[:2]
KEY_POLLUTER_CATEGORIES = (
    "水环境重点排污单位",
    "大气环境重点排污单位",
    "土壤污染重点监管单位",
    "声环境重点排污单位",
    "环境风险重点管控单位",
)


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


# --- numbers and dates as sites print them -----------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(d: date) -> str:
    """二〇二三年五月十二日."""
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn2an.an2cn(d.month, 'low')}月{cn2an.an2cn(d.day, 'low')}日"


DATE_STYLES = ("ymd_cn", "iso", "chinese", "dots", "slash")


def format_date(d: date, style: str) -> str:
    if style == "ymd_cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "iso":
        return d.isoformat()
    if style == "chinese":
        return chinese_date(d)
    if style == "dots":
        return f"{d.year}.{d.month}.{d.day}"
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    raise ValueError(f"unknown date style {style!r}")


FINE_STYLES = ("rmb_upper", "wan", "yuan_commas", "yuan_plain", "rmb_wan", "wan_paren")


def _wan(amount_yuan: int) -> str:
    w = amount_yuan / 10000
    return f"{w:g}" if w != int(w) else str(int(w))


def format_fine(amount_yuan: int, style: str) -> str:
    """罚款人民币贰拾万元整, 罚款20万元, 罚款250,000元, 罚款人民币200000元, 罚款人民币20万元, 罚款8.0（万元）."""
    if style == "rmb_upper":
        return f"罚款人民币{cn2an.an2cn(str(amount_yuan), 'rmb')}"
    if style == "wan":
        return f"罚款{_wan(amount_yuan)}万元"
    if style == "yuan_commas":
        return f"罚款{amount_yuan:,}元"
    if style == "yuan_plain":
        return f"罚款人民币{amount_yuan}元"
    if style == "rmb_wan":
        return f"罚款人民币{_wan(amount_yuan)}万元"
    if style == "wan_paren":
        return f"罚款{fine_wan_cell(amount_yuan)}（万元）"
    raise ValueError(f"unknown fine style {style!r}")


def fine_wan_cell(amount_yuan: int) -> str:
    """The 罚款金额（万元） cell: 8.0, 20.5, 0.35."""
    w = amount_yuan / 10000
    return f"{w:.1f}" if round(w, 1) == w else f"{w:g}"


# Brackets around the year in decision numbers, as real sites print them.
BRACKETS = (
    ("〔", "〕", 0.55),
    ("[", "]", 0.12),
    ("【", "】", 0.1),
    ("(", ")", 0.08),
    ("（", "）", 0.07),
    ("［", "］", 0.08),
)


def render_decision_no(prefix: str, year: int, serial: int, rng: random.Random) -> str:
    """苏环罚字〔2023〕12号, 冀环罚[2024]105号, 娄环罚(冷)〔2026〕2 号, 揭环罚〔2019〕第3号."""
    open_, close = _bracket_pair(rng.random())
    di = "第" if rng.random() < 0.08 else ""
    space = " " if rng.random() < 0.1 else ""
    return f"{prefix}{open_}{year}{close}{di}{serial}{space}号"


def _bracket_pair(r: float) -> tuple[str, str]:
    acc = 0.0
    for open_, close, w in BRACKETS:
        acc += w
        if r < acc:
            return open_, close
    return BRACKETS[0][0], BRACKETS[0][1]


_YEAR_BRACKET = re.compile(r"[〔\[【〖﹝(<《〈]\s*((?:19|20)\d\d)\s*[〕\]】〗﹞)>》〉]")


def normalized_decision_no(raw_simplified: str) -> str:
    """The normalized form (same rule as normalize/decision_no.py): half-width, no spaces, year in 〔〕."""
    v = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw_simplified))
    return _YEAR_BRACKET.sub(r"〔\1〕", v)


def normalized_name(raw_simplified: str) -> str:
    """Party names as normalize keeps them: half-width (so （苏州） becomes (苏州)), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw_simplified))

"""Real Chinese name forms at any registry size: exact names and USCCs decide on their own, form
misspellings, brackets, pinyin notes, units of a company, sole proprietorships and persons, places."""

from __future__ import annotations

import pyarrow as pa
import pytest

from match.config import load_matching_config
from match.engine import Matcher, MatchResult, Query
from match.names import parse_zh_name

# A brand's own short list: national firms without a region in their names, a firm with a bracketed
# region, one with a city prefix and its namesake in another city, a factory, a sole proprietorship.
LIST = [
    {"company_id": "pab", "name": "平安银行股份有限公司", "division_code": "440300"},
    {"company_id": "ztsh", "name": "中铁上海工程局集团有限公司", "division_code": "310106",
     "uscc": "91310000566528939E"},
    {"company_id": "pd", "name": "鹏鼎控股(深圳)股份有限公司", "division_code": "440306"},
    {"company_id": "tz-yb", "name": "台州市易本建材有限公司", "division_code": "331003",
     "address": "台州市黄岩区西城街道荣欣路102号"},
    {"company_id": "wz-yb", "name": "温州市易本建材有限公司", "division_code": "330302"},
    {"company_id": "yr-yy", "name": "永仁县云艺水泥制品加工厂", "division_code": "532327",
     "uscc": "92532327MADDCJFM59"},
    {"company_id": "yy-jl", "name": "岳阳县坚磊矿石粉有限公司", "division_code": "430621"},
    {"company_id": "sd-hh", "name": "山东海化集团有限公司", "division_code": "370700"},
    {"company_id": "sd-hh-rl", "name": "山东海化集团有限公司热力电力分公司", "division_code": "370700",
     "parent_company_id": "sd-hh"},
]


@pytest.fixture(scope="module")
def small() -> Matcher:
    cols = ("company_id", "name", "uscc", "address", "division_code", "parent_company_id")
    m = Matcher.build(pa.Table.from_pylist([{c: row.get(c) for c in cols} for row in LIST]), load_matching_config())
    yield m
    m.close()


def one(m: Matcher, name: str, **kw: object) -> MatchResult:
    return m.match([Query("q", name, **kw)])[0]  # type: ignore[arg-type]


def test_an_exact_registered_name_decides_in_a_small_registry(small: Matcher) -> None:
    for cid, name in (("pab", "平安银行股份有限公司"), ("ztsh", "中铁上海工程局集团有限公司"),
                      ("pd", "鹏鼎控股（深圳）股份有限公司")):
        r = one(small, name)
        assert (r.company_id, r.band, r.rule, r.score) == (cid, "auto", "name_exact", 1.0)


def test_misspelt_and_cut_off_forms_read_as_the_registered_form(small: Matcher) -> None:
    assert (one(small, "平安银行股份有限责任公司").company_id, one(small, "平安银行股份有限责任公司").band) == ("pab", "auto")
    r = one(small, "台州市易本建材有限公")  # the last character lost
    assert (r.company_id, r.band) == ("tz-yb", "auto")
    r = one(small, "台州市易本建材有限责任公司")
    assert (r.company_id, r.band) == ("tz-yb", "auto")


def test_an_equal_uscc_decides_whatever_the_name(small: Matcher) -> None:
    r = one(small, "中铁上海局", uscc="91310000566528939E")
    assert (r.company_id, r.band, r.rule) == ("ztsh", "auto", "uscc")


def test_pinyin_notes_and_traditional_script_of_mirrors_are_read_past(small: Matcher) -> None:
    r = one(small, "台(tái)州市易本建(jiàn)材有限公司")
    assert (r.company_id, r.band) == ("tz-yb", "auto")
    assert parse_zh_name("廣東南國(guó)藥業(yè)有限公司").key == parse_zh_name("广东南国药业有限公司").key


def test_a_sole_proprietorship_is_never_matched_to_a_company(small: Matcher) -> None:
    r = one(small, "岳陽縣堅磊礦石粉廠(個體工商戶)")
    assert r.company_id != "yy-jl" and r.band == "none"
    # the one-person business that is registered is its own match
    r = one(small, "永仁縣云藝水泥制品加工廠(個體工商戶)")
    assert (r.company_id, r.band) == ("yr-yy", "auto")


def test_a_factory_is_not_the_company_of_the_same_name(small: Matcher) -> None:
    r = one(small, "台州市易本建材厂")
    assert r.band != "auto"


def test_a_natural_person_is_never_matched(small: Matcher) -> None:
    r = one(small, "孔某胜")
    assert (r.company_id, r.band, r.rule) == (None, "none", "not_a_company")


def test_a_namesake_in_another_city_is_never_auto(small: Matcher) -> None:
    r = one(small, "杭州市易本建材有限公司")
    assert r.band != "auto"
    r = one(small, "易本建材有限公司", address="浙江省杭州市西湖区文三路1号")
    assert r.band != "auto"


def test_a_registered_branch_is_itself_and_an_unregistered_unit_is_its_parents(small: Matcher) -> None:
    r = one(small, "山东海化集团有限公司热力电力分公司")
    assert (r.company_id, r.band, r.relation) == ("sd-hh-rl", "auto", "same")
    for unit in ("山东海化集团有限公司羊口加油站", "山东海化集团有限公司寿光项目部", "山东海化集团有限公司(羊口污水处理厂)",
                 "山东海化集团有限公司纯碱厂"):
        r = one(small, unit)
        assert (r.company_id, r.band, r.relation) == ("sd-hh", "auto", "branch_of"), unit
        assert r.explanation["unit"]["parent_name"] == "山东海化集团有限公司"
    # the unit of a registered branch belongs to that branch
    r = one(small, "山东海化集团有限公司热力电力分公司第二加油站")
    assert (r.company_id, r.relation) == ("sd-hh-rl", "branch_of")


def test_a_publishers_region_in_front_keeps_the_exact_name(small: Matcher) -> None:
    r = one(small, "浙江省台州市易本建材有限公司")
    assert (r.company_id, r.band) == ("tz-yb", "auto")


def test_a_masked_name_is_matched_by_nothing_but_its_code(small: Matcher) -> None:
    r = one(small, "台州市**建材有限公司")
    assert r.band == "none"


def test_a_short_name_on_file_does_not_hide_the_exact_registered_name() -> None:
    # A listed firm's short name (雅戈尔) reads as the same key as its registered name once 集团 and the
    # form are off: the registered name must still decide on its own.
    rows = [{"company_id": "ygr", "name": "雅戈尔集团股份有限公司", "aliases": ["雅戈尔"], "division_code": "330200"},
            {"company_id": "other", "name": "宁波太平鸟时尚服饰股份有限公司", "aliases": ["太平鸟"],
             "division_code": "330200"}]
    m = Matcher.build(pa.Table.from_pylist(rows), load_matching_config())
    try:
        r = one(m, "雅戈尔集团股份有限公司")
        assert (r.company_id, r.band, r.rule) == ("ygr", "auto", "name_exact")
    finally:
        m.close()

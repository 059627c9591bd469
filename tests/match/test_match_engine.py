"""The cascade (USCC → exact name → blocked fuzzy), the bands and the ambiguity rule, explanations."""

from __future__ import annotations

from match.bands import decide_band
from match.config import Bands
from match.engine import Matcher, Query


def one(matcher: Matcher, **kw: object) -> object:
    return matcher.match([Query("q", **kw)])[0]  # type: ignore[arg-type]


def test_uscc_match_wins_even_with_a_changed_name(matcher: Matcher) -> None:
    r = one(matcher, name="广州市天裕新材料科技有限公司", uscc="91440101MA5CXXXX1B")
    assert r.company_id == "c-gz-ty" and r.rule == "uscc" and r.band == "auto"
    assert r.explanation["features"]["uscc"] == 1.0


def test_different_valid_uscc_sends_a_same_name_match_to_review(matcher: Matcher) -> None:
    r = one(matcher, name="苏州金像电子有限公司", uscc="91320500MA1YYYYY0A")
    assert (r.company_id, r.band) == ("c-sz-jx", "review")
    assert r.explanation["features"]["uscc"] < 0


def test_normalized_name_exact_match_is_auto(matcher: Matcher) -> None:
    r = one(matcher, name="蘇州金像電子有限責任公司")
    assert (r.company_id, r.band, r.rule) == ("c-sz-jx", "auto", "name_exact")


def test_bracketed_region_variant_matches(matcher: Matcher) -> None:
    r = one(matcher, name="华新纺织（南通）有限公司", address="南通市崇川区工农路5号")
    assert (r.company_id, r.band) == ("c-hx", "auto")
    r = one(matcher, name="南通华新纺织有限公司")
    assert (r.company_id, r.band) == ("c-hx", "auto")


def test_fuzzy_step_finds_a_typo_and_address_decides(matcher: Matcher) -> None:
    # 金相 is no registered name; the address says Wuzhong, where 金像 sits.
    r = one(matcher, name="苏州金相电子有限公司", address="江苏省苏州市吴中区人民路12号")
    assert r.company_id == "c-sz-jx" and r.rule == "fuzzy"
    assert r.explanation["features"]["address"] > 0.9


def test_near_namesake_without_region_is_ambiguous_and_goes_to_review(matcher: Matcher) -> None:
    r = one(matcher, name="鼎盛化工有限公司")
    assert r.band == "review"
    assert {r.company_id, r.runner_up_company_id} == {"c-nj-ds", "c-hz-ds"}
    assert r.score == r.runner_up_score and r.explanation["features"]["unique"] == 0.0


def test_location_hint_separates_near_namesakes(matcher: Matcher) -> None:
    r = one(matcher, name="鼎盛化工有限公司", division_codes=("330109",))
    assert r.company_id == "c-hz-ds" and r.score - r.runner_up_score > 0.5
    r = one(matcher, name="鼎盛化工有限公司", address="浙江省杭州市萧山区化工园区2号")
    assert (r.company_id, r.band) == ("c-hz-ds", "auto")


def test_region_conflict_is_never_auto(matcher: Matcher) -> None:
    r = one(matcher, name="无锡金象电子有限公司")  # 金象 is in Suzhou; 金像 in Wuxi: neither is this name
    assert r.band != "auto"


def test_branch_matches_the_branch_not_its_parent(matcher: Matcher) -> None:
    r = one(matcher, name="苏州金像电子有限公司吴江分公司")
    assert (r.company_id, r.band) == ("c-sz-jx-wj", "auto")
    r = one(matcher, name="苏州金像电子有限公司")
    assert (r.company_id, r.band) == ("c-sz-jx", "auto")


def test_unknown_branch_is_linked_to_its_parent_but_not_auto(matcher: Matcher) -> None:
    r = one(matcher, name="苏州金像电子有限公司昆山分公司")
    assert (r.company_id, r.band, r.rule) == ("c-sz-jx", "review", "branch_of_parent")
    assert r.explanation["branch_of"] == "c-sz-jx"


def test_english_name_matches_chinese_company_through_pinyin(matcher: Matcher) -> None:
    # 南京鼎盛化工 has no English name in the registry: only the pinyin rendering can meet this.
    r = one(matcher, name="NANJING DINGSHENG CHEMICAL CO.,LTD")
    assert (r.company_id, r.band) == ("c-nj-ds", "auto")
    r = one(matcher, name="Ding Sheng Chemical Co Ltd", address="Xiaoshan, Hangzhou, Zhejiang, China")
    assert (r.company_id, r.band) == ("c-hz-ds", "auto")


def test_homophone_trade_names_in_english_go_to_review(matcher: Matcher) -> None:
    # 金像 and 金象 are both "Jinxiang": English cannot tell the two Suzhou firms apart.
    r = one(matcher, name="Suzhou Jinxiang Electronics Co.,Ltd")
    assert r.band == "review"
    assert {r.company_id, r.runner_up_company_id} == {"c-sz-jx", "c-sz-jxiang"}


def test_english_name_without_region_between_namesakes_is_review(matcher: Matcher) -> None:
    r = one(matcher, name="Jinxiang Electronics Co., Ltd.")
    assert r.band == "review"


def test_unrelated_name_gets_no_match(matcher: Matcher) -> None:
    r = one(matcher, name="成都蓝天食品有限公司")
    assert r.band == "none" and r.company_id is None


def test_explanation_holds_rule_features_and_runner_up(matcher: Matcher) -> None:
    r = one(matcher, name="苏州金像电子有限公司", address="江苏省苏州市吴中区人民路12号")
    e = r.explanation
    assert e["rule"] == r.rule and e["score"] == r.score and e["band"] == "auto"
    assert set(e["features"]) >= {"name", "trade", "region", "address", "branch", "uscc", "exact"}
    assert e["runner_up"]["company_id"] == r.runner_up_company_id
    assert e["matched"]["name"] == "苏州金像电子有限公司"


def test_rejected_company_is_excluded_and_next_candidate_is_only_review(matcher: Matcher) -> None:
    r = matcher.match([Query("q", "苏州金像电子有限公司", exclude=frozenset({"c-sz-jx"}))])[0]
    assert r.company_id != "c-sz-jx" and r.band != "auto"
    assert r.explanation["rejected_by_reviewer"] == ["c-sz-jx"]


def test_bands_need_threshold_and_margin() -> None:
    bands = Bands(auto=0.9, margin=0.1, review=0.5)
    assert decide_band(0.95, 0.5, bands)[0] == "auto"
    assert decide_band(0.95, 0.9, bands)[0] == "review"  # high but not clearly ahead
    assert decide_band(0.7, None, bands)[0] == "review"
    assert decide_band(0.3, None, bands)[0] == "none"
    assert decide_band(None, None, bands)[0] == "none"

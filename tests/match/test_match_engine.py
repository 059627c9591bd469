"""The cascade (USCC → exact name → blocked fuzzy), the bands and the ambiguity rule, explanations."""

from __future__ import annotations

import pyarrow as pa

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


def test_unknown_branch_resolves_to_its_parent_with_the_relation_branch_of(matcher: Matcher) -> None:
    r = one(matcher, name="苏州金像电子有限公司昆山分公司", address="江苏省苏州市昆山市前进路1号")
    assert (r.company_id, r.band, r.rule, r.relation) == ("c-sz-jx", "auto", "branch_of", "branch_of")
    assert r.explanation["unit"]["parent_name"] == "苏州金像电子有限公司"
    assert r.explanation["matched"]["company_id"] == "c-sz-jx"


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
    r = one(matcher, name="金像电子有限公司", address="江苏省苏州市吴中区人民路12号")
    e = r.explanation
    assert e["rule"] == r.rule and e["score"] == r.score and e["band"] == "auto"
    assert set(e["features"]) >= {"name", "trade", "region", "address", "branch", "uscc", "exact"}
    assert e["runner_up"]["company_id"] == r.runner_up_company_id
    assert e["matched"]["name"] == "苏州金像电子有限公司"


def test_rejected_company_is_excluded_and_next_candidate_is_only_review(matcher: Matcher) -> None:
    r = matcher.match([Query("q", "苏州金像电子有限公司", exclude=frozenset({"c-sz-jx"}))])[0]
    assert r.company_id != "c-sz-jx" and r.band != "auto"
    assert r.explanation["rejected_by_reviewer"] == ["c-sz-jx"]


def test_typo_in_a_long_trade_name_with_no_near_namesake_is_a_typo_reading(matcher: Matcher) -> None:
    # 恒达言 is no registered name; 恒达信 is the only firm of the trade in Changzhou one character away:
    # the typo reading finds it, and with no address to confirm it a person decides
    r = one(matcher, name="常州恒达言精密机械有限公司")
    assert (r.company_id, r.band) == ("c-cz-hdx", "review")
    assert r.explanation["features"]["typo"] == 1.0 and r.explanation["query"]["near_in_city"] == 1
    r = one(matcher, name="常州恒恒达信精密机械有限公司", address="江苏省常州市新北区黄河路7号")  # typed twice
    assert (r.company_id, r.band) == ("c-cz-hdx", "auto")


def test_typo_rule_needs_the_same_city_and_industry(matcher: Matcher) -> None:
    r = one(matcher, name="无锡恒达言精密机械有限公司")  # Wuxi: the Changzhou firm is not this one
    assert r.band != "auto" and r.explanation["features"]["typo"] == 0.0
    r = one(matcher, name="常州恒达言纺织有限公司")  # another trade
    assert r.band != "auto"
    # an address in another county than the firm's: the place disagrees, no typo reading
    r = one(matcher, name="常州恒达言精密机械有限公司", address="江苏省常州市金坛区华城路1号")
    assert r.band != "auto" and r.explanation["features"]["typo"] == 0.0


def test_typo_between_two_near_namesakes_goes_to_review(matcher: Matcher) -> None:
    # 瑞丰达 is one character from both 瑞丰源 and 瑞丰泰: which one is a person's call.
    r = one(matcher, name="常州瑞丰达纺织有限公司")
    assert r.band == "review" and r.explanation["query"]["near_in_city"] == 2
    assert {r.company_id, r.runner_up_company_id} == {"c-cz-rfy", "c-cz-rft"}


def test_one_character_off_in_a_two_character_trade_name_is_not_auto(matcher: Matcher) -> None:
    r = one(matcher, name="温州雅棋服饰有限公司")  # 雅棋 vs 雅琪 in a city: as often another firm as a typo
    assert r.company_id == "c-wz-yq" and r.band == "review"
    # the same with the registered address: the address decides
    r = one(matcher, name="温州雅棋服饰有限公司", address="浙江省温州市瓯海区学府路5号")
    assert (r.company_id, r.band) == ("c-wz-yq", "auto")


def test_typo_within_the_county_needs_the_address_to_say_it_is_this_firm(matcher: Matcher) -> None:
    # the source places the party in Ouhai, where 雅琪服饰 is the only firm of the trade one edit from 雅棋:
    # a typo reading, but an unregistered 雅棋服饰 there would look just the same, so a person decides
    r = one(matcher, name="温州雅棋服饰有限公司", division_codes=("330304",))
    assert (r.company_id, r.band) == ("c-wz-yq", "review") and r.explanation["features"]["typo"] == 1.0
    assert r.explanation["query"]["one_edit_in_place"] == 1
    # the firm's own address settles it, wherever the slip falls: a trade character dropped (the parse
    # then reads 温州琪 as the trade name), an industry word garbled
    r = one(matcher, name="温州雅棋服饰有限公司", address="浙江省温州市瓯海区学府路5号")
    assert (r.company_id, r.band) == ("c-wz-yq", "auto") and r.explanation["features"]["typo"] == 1.0
    r = one(matcher, name="温州琪服饰有限公司", address="浙江省温州市瓯海区学府路5号")
    assert (r.company_id, r.band) == ("c-wz-yq", "auto") and r.explanation["features"]["typo"] == 1.0
    r = one(matcher, name="常州恒达信精密机有限公司", address="江苏省常州市新北区黄河路7号")
    assert (r.company_id, r.band) == ("c-cz-hdx", "auto") and r.explanation["features"]["typo"] == 1.0
    # a firm bearing the very name explains the query before any slip of the pen does: 金像 placed
    # in Gusu, where 金象 sits one edit away, is still the Wuzhong 金像
    r = one(matcher, name="苏州金像电子有限公司", division_codes=("320508",))
    assert (r.company_id, r.band) == ("c-sz-jx", "auto")
    # two firms of Wujin one edit from 瑞丰达: a person's call, county or not
    r = one(matcher, name="常州瑞丰达纺织有限公司", division_codes=("320412",))
    assert r.band == "review" and {r.company_id, r.runner_up_company_id} == {"c-cz-rfy", "c-cz-rft"}


def test_typo_rule_is_off_where_the_name_space_is_crowded(registry: pa.Table) -> None:
    # A third firm of the trade in Nanjing, also one character from 恒达言: this small registry allows
    # one such firm anywhere (typo_max_similar_per_million, at least 1), so 恒达言 is no longer a safe typo.
    row = {**registry.to_pylist()[0], "company_id": "c-nj-hdr", "name": "南京恒达仁精密机械有限公司", "uscc": None,
           "former_names": [], "aliases": [], "english_name": None, "address": "江苏省南京市江宁区天元路2号",
           "division_code": "320115"}
    m = Matcher.build(pa.Table.from_pylist([*registry.to_pylist(), row], schema=registry.schema))
    try:
        r = m.match([Query("q", "常州恒达言精密机械有限公司")])[0]
        assert r.company_id == "c-cz-hdx" and r.explanation["query"]["near_anywhere"] == 2
        assert r.band != "auto" and r.explanation["features"]["typo"] == 0.0
        # placed in its county, the one firm there one edit away is a typo reading, however crowded the country
        r = m.match([Query("q", "常州恒达言精密机械有限公司", division_codes=("320411",))])[0]
        assert r.company_id == "c-cz-hdx" and r.explanation["features"]["typo"] == 1.0
    finally:
        m.close()


def test_misspelt_region_or_industry_word_is_read_past(matcher: Matcher) -> None:
    # 常州 cut to 州: the leftover sticks to the trade name; the source's location (the city) says where
    r = one(matcher, name="州恒达信精密机械有限公司", division_codes=("320400",))
    assert r.company_id == "c-cz-hdx" and r.explanation["features"]["slip"] == 1.0
    # with the firm's address, the whole name one edit from the firm's: a typo reading that decides
    r = one(matcher, name="州恒达信精密机械有限公司", address="江苏省常州市新北区黄河路7号")
    assert (r.company_id, r.band) == ("c-cz-hdx", "auto") and r.explanation["features"]["typo"] == 1.0
    # 机械 mistyped 机戒: the trade name is intact
    r = one(matcher, name="常州恒达信精密机戒有限公司")
    assert r.company_id == "c-cz-hdx" and r.explanation["features"]["slip"] == 1.0
    # another trade name in front of a registered one is no slip: 金恒达信 is not 常州恒达信
    r = one(matcher, name="金恒达信精密机械有限公司", division_codes=("320411",))
    assert r.band != "auto" and r.explanation["features"]["slip"] == 0.0


def test_a_name_without_its_region_needs_a_place_to_decide(matcher: Matcher) -> None:
    # the only firm named 雅琪服饰 in the registry, but a registry is never complete: with no place at all
    # a namesake elsewhere that it does not hold would read the same, so a person decides
    r = one(matcher, name="雅琪服饰有限公司")
    assert (r.company_id, r.band) == ("c-wz-yq", "review")
    r = one(matcher, name="雅琪服饰有限公司", division_codes=("330304",))
    assert (r.company_id, r.band) == ("c-wz-yq", "auto")
    # 鼎盛化工 is two firms' name: without a place a person chooses
    r = one(matcher, name="鼎盛化工有限公司")
    assert r.band == "review"


def test_a_distinctive_name_without_any_place_names_its_only_bearer(matcher: Matcher) -> None:
    # 恒达信 (three characters) with its industry is one firm's name only, and nothing says anywhere else
    r = one(matcher, name="恒达信精密机械有限公司")
    assert (r.company_id, r.band, r.rule) == ("c-cz-hdx", "auto", "fuzzy")
    # another industry, or a place elsewhere, and the name no longer decides alone
    assert one(matcher, name="恒达信纺织有限公司").band != "auto"
    assert one(matcher, name="恒达信精密机械有限公司", division_codes=("320100",)).band != "auto"


def test_region_is_judged_on_the_most_specific_place(matcher: Matcher) -> None:
    # 江苏 contains Wuxi, but the address says Nanjing: the province is no agreement then
    r = one(matcher, name="金像电子有限公司", address="江苏省南京市六合区雄州街道1号")
    assert all(f <= 0 for f in (r.explanation["features"]["region"],)) and r.band != "auto"


def test_bands_need_threshold_and_margin() -> None:
    bands = Bands(auto=0.9, margin=0.1, review=0.5)
    assert decide_band(0.95, 0.5, bands)[0] == "auto"
    assert decide_band(0.95, 0.9, bands)[0] == "review"  # high but not clearly ahead
    assert decide_band(0.7, None, bands)[0] == "review"
    assert decide_band(0.3, None, bands)[0] == "none"
    assert decide_band(None, None, bands)[0] == "none"

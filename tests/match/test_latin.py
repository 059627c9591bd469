"""Latin-script matching: English / pinyin supplier names against Chinese registered names, English
against English. Real pairs come from ../shared/realdata (skipped when absent); the rest are short
names written here in the real shapes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from greenchain.paths import SHARED_REALDATA
from match.engine import Matcher, Query
from match.features import division_codes
from match.inputs import read_supplier_list
from match.latin.crossscript import align, cross_features, en_side, zh_side
from match.latin.matcher import LatinIndex, decision_features, fingerprint, loose_syllables, zh_keys
from match.latin.meanings import compound, meanings
from match.latin.pinyin import segment, segmentations
from match.latin.sound import chars_onsets, english_onsets, sound_similarity
from match.latin.text import name_tokens


def test_pinyin_words_are_read_as_syllables_written_together_or_apart() -> None:
    assert [sorted(s) for s in segment("zhongkesanhuan")] == [["zhong"], ["ke"], ["san"], ["huan"]]
    assert segment("crystal") is None
    assert "hong" in segment("hon")[0]  # Cantonese spelling of 鸿 (Hon Hai)


def test_legal_forms_and_abbreviations_are_cleaned_from_both_ends() -> None:
    assert name_tokens("N.V. Philips' Gloeilampenfabrieken") == ["philips", "gloeilampenfabrieken"]
    assert name_tokens("AKZO NOBEL N. V.") == name_tokens("Akzo Nobel NV") == ["akzo", "nobel"]
    assert name_tokens("Career Technology (Mfg.) Co., Ltd.") == ["career", "technology", "manufacturing"]


def test_a_self_translated_name_explains_the_registered_one_entirely() -> None:
    a = align(en_side("Zhejiang Jiemei Electronic and Technology Co., Ltd."), zh_side("浙江洁美电子科技股份有限公司"))
    assert (a.trade, a.zh_cover, a.en_cover) == (1.0, 1.0, 1.0)
    assert a.explained == "lptt"  # place, pinyin, translated, translated


def test_a_sibling_with_the_same_trade_name_is_explained_only_in_part() -> None:
    sibling = align(en_side("Jinlong Machinery & Electronic Co., Ltd"), zh_side("金龙羽集团股份有限公司"))
    right = align(en_side("Jinlong Machinery & Electronic Co., Ltd"), zh_side("金龙机电股份有限公司"))
    assert right.zh_cover == 1.0 and right.en_cover == 1.0
    assert sibling.trade < 1.0 and sibling.en_cover < 1.0


def _index(rows: list[dict[str, str]]) -> LatinIndex:
    return LatinIndex.build(duckdb.connect(":memory:"), pa.Table.from_pylist(rows))


REGISTRY = [
    {"company_id": "a", "name": "苏州金像电子有限公司", "division_code": "320500"},
    {"company_id": "b", "name": "厦门金龙汽车集团股份有限公司", "division_code": "350200"},
    {"company_id": "c", "name": "无锡华光精密机械有限公司", "division_code": "320200"},
    {"company_id": "d", "name": "深圳市华光精密机械有限公司", "division_code": "440300"},
]


def test_a_pinyin_name_with_its_city_is_matched_automatically() -> None:
    [r] = _index(REGISTRY).match([Query("q", "Suzhou Jinxiang Electronics Co., Ltd.", "Wuzhong District, Suzhou, Jiangsu")])
    assert (r.company_id, r.band) == ("a", "auto")
    assert r.explanation["model"] == "cross"


def test_a_cross_script_candidate_without_place_agreement_is_never_auto() -> None:
    [r] = _index(REGISTRY).match([Query("q", "Jinxiang Electronics Co., Ltd.")])
    assert r.band != "auto"
    [r] = _index(REGISTRY).match([Query("q", "Huaguang Precision Machinery Co., Ltd.")])  # Wuxi or Shenzhen?
    assert r.band != "auto"
    [r] = _index(REGISTRY).match([Query("q", "Huaguang Precision Machinery Co., Ltd.", "Bao'an, Shenzhen, Guangdong")])
    assert (r.company_id, r.band) == ("d", "auto")


def test_a_place_in_the_name_that_contradicts_the_firm_keeps_it_out_of_auto() -> None:
    [r] = _index(REGISTRY).match([Query("q", "Xiamen Jinxiang Electronics Co., Ltd.")])
    assert not (r.company_id == "a" and r.band == "auto")


def test_an_equal_uscc_decides_on_its_own() -> None:
    rows = [{**REGISTRY[0], "uscc": "91320500MA1MXXXX0A"}] + REGISTRY[1:]
    [r] = _index(rows).match([Query("q", "Golden Image Electronics", uscc="91320500MA1MXXXX0A")])
    assert (r.company_id, r.band, r.rule) == ("a", "auto", "uscc")


def test_english_names_meet_english_names_with_their_addresses() -> None:
    idx = _index([{"company_id": "x", "name": "Akzo Nobel N.V.", "address": "Velperweg 76, Arnhem"},
                  {"company_id": "y", "name": "Alcatel N.V.", "address": "Amsterdam"}])
    [r] = idx.match([Query("q", "AKZO NOBEL NV", "velperweg 76 arnhem")])
    assert r.company_id == "x" and r.band == "auto"


@pytest.mark.skipif(not (SHARED_REALDATA / "en-zh-names").exists(), reason="../shared/realdata/en-zh-names is absent")
def test_real_supplier_list_names_never_auto_match_their_sibling_firms() -> None:
    from bench.latin import en_zh_queries, en_zh_registry, score_en_zh
    from bench.latin_sets import supplier_pairs

    pairs = supplier_pairs()
    idx = _index(en_zh_registry(0))
    results = idx.match(en_zh_queries(pairs, True))
    got = score_en_zh(pairs, results)
    assert got["hard_negatives_auto"] == 0
    assert got["precision"] == 1.0 and got["auto_correct"] >= 1


# --- the engine's hook: Latin-script queries go through match.latin --------------------------


def _matcher(rows: list[dict[str, str]]) -> Matcher:
    return Matcher.build(pa.Table.from_pylist(rows))


def test_the_engine_sends_an_english_supplier_name_through_the_cross_script_reading() -> None:
    m = _matcher(REGISTRY)
    placed, unplaced, chinese = m.match([
        Query("a", "Huaguang Precision Machinery Co., Ltd.", "Bao'an, Shenzhen, Guangdong"),
        Query("b", "Huaguang Precision Machinery Co., Ltd."),
        Query("c", "深圳市华光精密机械有限公司"),
    ])
    assert (placed.company_id, placed.band, placed.explanation["model"]) == ("d", "auto", "cross")
    assert unplaced.band != "auto"  # Wuxi or Shenzhen: a person decides
    assert (chinese.company_id, chinese.band) == ("d", "auto") and "model" not in chinese.explanation
    m.close()


def test_an_open_supply_hub_list_row_is_read_and_matched_with_its_address_and_country(tmp_path: Path) -> None:
    f = tmp_path / "osh.csv"
    f.write_text("country,name,address\n"
                 'China,"SUZHOU JINXIANG ELECTRONICS CO.,LTD","No.12 Renmin Road, Wuzhong District, Suzhou, Jiangsu"\n'
                 "China,HUAGUANG PRECISION MACHINERY,\n", encoding="utf-8")
    rows, errors, _ = read_supplier_list(f, "brand")
    assert not errors and [r.country for r in rows] == ["China", "China"]
    m = _matcher(REGISTRY)
    got = m.match([Query(r.supplier_row_id, r.supplier_name, r.address, r.uscc, country=r.country) for r in rows])
    assert (got[0].company_id, got[0].band) == ("a", "auto")
    assert got[1].band != "auto"
    m.close()


def test_a_registered_english_name_does_not_outvote_a_homophone_chinese_name() -> None:
    m = _matcher([{"company_id": "x", "name": "苏州金像电子有限公司", "english_name": "Suzhou Jinxiang Electronics Co., Ltd.",
                   "division_code": "320506"},
                  {"company_id": "y", "name": "苏州金象电子有限公司", "division_code": "320508"}])
    [r] = m.match([Query("q", "SUZHOU JINXIANG ELECTRONICS CO LTD")])
    assert r.band == "review"
    m.close()


def test_an_acronym_of_pinyin_initials_explains_the_name_it_abbreviates() -> None:
    a = align(en_side("ZYNP Corporation"), zh_side("中原内配集团股份有限公司"))  # Zhong Yuan Nei Pei
    assert a.explained == "a" and a.trade == 1.0
    assert align(en_side("ZYNP Corporation"), zh_side("中原特钢股份有限公司")).trade == 0.0


def test_a_branch_label_is_left_to_explain_so_the_parent_meets_an_english_name_first() -> None:
    parent = align(en_side("Suzhou Jinxiang Electronics"), zh_side("苏州金像电子有限公司"))
    branch = align(en_side("Suzhou Jinxiang Electronics"), zh_side("苏州金像电子有限公司吴江分公司"))
    assert parent.zh_cover == 1.0 and branch.zh_cover < 0.6


def test_a_long_legal_form_is_recognized_when_misspelt() -> None:
    assert name_tokens("AKZO NOBEL NV NAAMLOOZE VENNOOTSCHAP") == ["akzo", "nobel"]
    assert name_tokens("SIEMENS AKTIENGESELLCHAFT") == ["siemens"]


def test_a_bad_line_of_latin_yaml_is_named_by_file_and_line(tmp_path: Path) -> None:
    from greenchain.configfile import ConfigError
    from greenchain.paths import CONFIG_DIR
    from match.latin.config import load_latin_config

    text = (CONFIG_DIR / "latin.yaml").read_text(encoding="utf-8").replace("  tech: [科技, 技术]", "  tech: []", 1)
    (tmp_path / "latin.yaml").write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("  tech: []"))
    with pytest.raises(ConfigError, match=rf"latin\.yaml.*{line}"):
        load_latin_config(tmp_path)


def test_an_english_name_on_file_met_only_approximately_and_unplaced_is_not_auto() -> None:
    m = _matcher([{"company_id": "h", "name": "河源河隆新材料股份有限公司", "english_name": "Heyuan Helong New Materials Co., Ltd.",
                   "division_code": "441600"}])
    [r] = m.match([Query("q", "Yelong New Materials Co., Ltd.")])  # one letter from Helong, no place
    assert r.band != "auto"
    [r] = m.match([Query("q", "Heyuan Helong New Materials Co., Ltd.")])
    assert (r.company_id, r.band) == ("h", "auto")
    m.close()


def test_an_english_brand_name_heard_as_the_chinese_trade_name_explains_it() -> None:
    # English spellings that approximate pinyin by ear, not by spelling
    assert sound_similarity("konka", "康佳") >= 0.7 and sound_similarity("teway", "天味") >= 0.7
    assert sound_similarity("konka", "天味") < 0.5
    assert "ls" in english_onsets("longshine") and "ls" in chars_onsets("朗新")
    assert "kl" in "".join(english_onsets("greenda")) and any(o.startswith("kl") for o in chars_onsets("格林达"))
    a = align(en_side("Sichuan Teway Food Group Co., Ltd"), zh_side("四川天味食品集团股份有限公司"))
    assert a.explained == "lftt" and 0.5 < a.trade < 1.0 and a.approx == a.trade


def test_a_trade_name_translated_word_by_word_is_explained_by_its_meaning() -> None:
    assert "马" in meanings("horse") and "金" in meanings("gold")
    assert compound("goldstone") == (meanings("gold"), meanings("stone"))
    horse = align(en_side("Dark Horse Technology Group Co. Ltd"), zh_side("北京黑马科技集团股份有限公司"))
    assert horse.explained.startswith("mm") and horse.trade == 1.0
    # a compound, in the order Chinese writes it or not
    assert align(en_side("QuakeSafe Technologies"), zh_side("震安科技股份有限公司")).explained == "mt"
    assert align(en_side("Skybird Textiles"), zh_side("鸟天纺织有限公司")).explained == "mt"


def test_a_county_name_before_only_an_industry_word_is_the_trade_name() -> None:
    # 长阳 is a county in Hubei; in 宁波长阳科技 it is the firm's trade name, and the place is Ningbo
    z = zh_side("宁波长阳科技股份有限公司")
    assert z.body == "长阳科技" and z.kinds == "rrtt" and all(c.startswith("3302") for c in z.codes)
    assert zh_side("上海电气集团股份有限公司").body == "电气集团"  # a state firm: the city stays a place


def test_a_registry_short_name_is_another_chinese_name_to_explain() -> None:
    rows = [{"company_id": "c", "name": "中国国际海运集装箱(集团)股份有限公司", "aliases": ["中集集团"],
             "division_code": "440300"},
            {"company_id": "d", "name": "深圳市中基实业有限公司", "division_code": "440300"}]
    [r] = _index(rows).match([Query("q", "Zhongji Group", "Shekou, Shenzhen, Guangdong")])
    assert r.explanation["matched"]["company_id"] == "c"


def test_the_index_persists_and_updates_only_what_changed(tmp_path: Path) -> None:
    db = tmp_path / "latin.duckdb"
    con = duckdb.connect(str(db))
    LatinIndex.build(con, pa.Table.from_pylist(REGISTRY))
    con.close()
    con = duckdb.connect(str(db))
    index = LatinIndex.open(con)
    assert index is not None and index.n_entities == 4
    q = Query("q", "Suzhou Jinxiang Electronics Co., Ltd.", "Suzhou, Jiangsu")
    assert index.match([q])[0].company_id == "a"
    # a moves away, e arrives: only those two are indexed again
    index.update(pa.Table.from_pylist([{"company_id": "e", "name": "苏州金象电子有限公司", "division_code": "320500"}]),
                 gone=["a"])
    assert index.n_entities == 4
    [r] = index.match([q])
    assert r.explanation["matched"]["company_id"] == "e"
    assert LatinIndex.open(duckdb.connect(":memory:")) is None  # no index there: build one
    assert len(fingerprint()) == 16


def test_the_decision_reads_how_far_the_first_firm_leads_the_runner_up() -> None:
    feats = {"place": 1.0, "trade": 1.0, "en_left": 0.0, "approx": 0.0, "brand_miss": 0.0}
    alone = decision_features(0.8, None, feats)
    contested = decision_features(0.8, 0.75, feats)
    assert alone["top"] == contested["top"] and alone["lead"] > contested["lead"] > 0
    [r] = _index(REGISTRY).match([Query("q", "Suzhou Jinxiang Electronics Co., Ltd.", "Suzhou, Jiangsu")])
    assert r.band == "auto" and r.score >= r.explanation["pair_score"] - 0.2
    assert set(r.explanation["decision_features"]) == set(alone)


def test_a_facility_of_the_same_name_at_another_address_is_not_auto() -> None:
    rows = [{"company_id": "x", "name": "Orkum Tekstil San. Tic. A.S.", "address": "Vakiflar Koyu Bademlik Mevkii",
             "country": "tr"}]
    other = Query("q", "Orkum Tekstil San. Tic. A.S.", "Ulas Mah. Asfalt Boyu Kume Evler No 5", country="tr")
    same = Query("q", "Orkum Tekstil San. Tic. A.S.", "Vakiflar Koyu, Bademlik Mevkii", country="tr")
    index = _index(rows)
    assert index.match([other])[0].band != "auto"
    assert index.match([same])[0].band == "auto"
    assert index.candidate_scores([other])[0]["x"] <= index.config.english.cap_elsewhere


def test_a_brand_word_with_no_trade_name_left_for_it_counts_against_the_firm() -> None:
    # 浙江医药 is a region and an industry word: "Meinuo" has nowhere to stand in it
    en = en_side("Zhejiang Meinuo Pharmaceutical Co., Ltd.")
    assert align(en, zh_side("浙江医药股份有限公司")).brand_miss == 1.0
    # 浙江新禾药业 keeps its trade name, spelt by the same word
    assert align(en, zh_side("浙江美诺药业股份有限公司")).brand_miss == 0.0


def test_a_brand_spelt_loosely_still_meets_its_trade_name_in_blocking() -> None:
    assert ("an", "n") in loose_syllables("anne") and ("hai", "d") in loose_syllables("haid")
    registry = [{"company_id": "a", "name": "厦门安妮股份有限公司", "division_code": "350200"},
                {"company_id": "b", "name": "厦门安宁食品有限公司", "division_code": "350200"}]
    index = _index(registry)
    [got] = index.candidate_scores([Query("q", "Xiamen Anne Co., Ltd.", "Fujian")])
    assert "a" in got


def test_a_firm_named_after_its_county_is_found_by_the_county_spelt_as_its_name() -> None:
    keys = zh_keys("章丘鼓风机股份有限公司", frozenset({"370181"}))
    assert "yzhang|qiu" in keys


def test_toneless_pinyin_is_cut_the_way_the_candidate_reads_it() -> None:
    # "qinan" is qi|nan or qin|an: the name 秦安 reads the second, and an apostrophe marks the break too
    assert [["".join(s) for s in seg] for seg in segmentations("qinan")] == [["qi", "nan"], ["qin", "an"]]
    for en in ("Fuling Qinan Valve Co., Ltd.", "Fuling Qin'an Valve Co., Ltd."):
        a = align(en_side(en), zh_side("涪陵秦安阀门有限公司"))
        assert a.trade == 1.0 and a.explained == "lpt", en


def test_a_known_phrase_that_is_absent_does_not_hide_its_shorter_translation() -> None:
    # "environmental technology" (环境科技) is not in this name, but "environmental" (环保) and "technology" are
    a = align(en_side("Hefei Lanmu Environmental Technology Co., Ltd."), zh_side("合肥蓝木环保科技有限公司"))
    assert a.explained == "lptt" and a.industry == 1.0


def test_a_translated_trade_name_takes_the_whole_word_before_one_character() -> None:
    a = align(en_side("Xining Torch Boiler Co., Ltd."), zh_side("西宁火炬锅炉有限公司"))
    assert a.trade == 1.0


def test_an_industry_word_abbreviated_to_one_character_is_explained() -> None:
    # 华重科: 重 and 科 stand for heavy industry and technology, as in real abbreviated names
    a = align(en_side("Huazhong Heavy Technology Co., Ltd."), zh_side("华中重科股份有限公司"))
    assert a.zh_cover == 1.0 and a.en_cover > 0.8


def test_an_unexplained_brand_that_sounds_like_the_trade_name_scores_its_residual() -> None:
    near = align(en_side("Pomlen Foods Co., Ltd."), zh_side("品伦食品有限公司"))
    far = align(en_side("Pomlen Foods Co., Ltd."), zh_side("航铜食品有限公司"))
    assert near.residual > far.residual and far.residual < 0.5


def test_a_county_word_is_a_place_only_where_the_firm_is_known_that_finely() -> None:
    # Yuhuan is a county of Zhejiang: against a firm known only as Zhejiang's it may be a trade name
    # (玉环 spelt), so it explains neither the province-wide firm nor conflicts with it
    en = en_side("Zhejiang Yuhuan Pumps Co., Ltd.")
    wide = cross_features(en, zh_side("浙江泵业股份有限公司"), division_codes("330000"))
    spelt = cross_features(en, zh_side("浙江玉环泵业股份有限公司"), division_codes("330000"))
    assert spelt["en_cover"] == 1.0 and wide["en_cover"] < 1.0 and wide["place"] >= 0
    # a city word against a firm of another city of the province: the firm's own city counts, not the province
    other = cross_features(en_side("Wenzhou Pumps Co., Ltd."), zh_side("台州泵业有限公司"), division_codes("330000"))
    assert other["place"] == -1.0


def test_an_optional_word_not_rendered_is_no_industry_word_missing() -> None:
    a = align(en_side("Lanfang China Co., Ltd."), zh_side("兰芳日化股份有限公司"))
    assert a.industry == 0.0


def test_a_coined_brand_left_with_nowhere_to_stand_is_told_from_an_english_word_left() -> None:
    generic = zh_side("湖北制药股份有限公司")  # place and industry word only: nothing left for a brand
    coined = cross_features(en_side("Hubei Wexora Pharmaceutical Co., Ltd."), generic, frozenset())
    plain = cross_features(en_side("Hubei Rainbow Pharmaceutical Co., Ltd."), generic, frozenset())
    assert coined["brand_miss"] == plain["brand_miss"] == 1.0
    assert coined["coined_miss"] == 1.0 and plain["coined_miss"] == 0.0


def test_a_pinyin_trade_name_the_firm_lacks_keeps_a_sibling_out_of_auto() -> None:
    # "Ningbo Rongda" spells 荣达; a Ningbo firm of the same trade with another trade name is not it,
    # however far it leads the other candidates
    index = _index([{"company_id": "sib", "name": "宁波海川真空器皿有限公司", "division_code": "330200"},
                    {"company_id": "far", "name": "宁波恒泰电子有限公司", "division_code": "330200"}])
    r = index.match([Query("q", "Ningbo Rongda Vacuum Container Co., Ltd.", "Ningbo, Zhejiang")])[0]
    assert r.band != "auto"
    assert r.explanation["features"]["pinyin_left"] == 1.0 and r.explanation["features"]["trade"] == 0.0

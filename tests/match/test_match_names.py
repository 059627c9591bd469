"""Name normalization: the rules that let variants of one registered name meet."""

from __future__ import annotations

from match.features import parse_address, valid_uscc
from match.names import clean_zh, parse_en_name, parse_zh_name, zh_as_en


def test_traditional_fullwidth_and_spaces_are_normalized_away() -> None:
    assert clean_zh("蘇州 金像電子（集團）有限公司") == "苏州金像电子(集团)有限公司"
    assert parse_zh_name("蘇州金像電子有限公司").key == parse_zh_name("苏州金像电子有限公司").key


def test_name_splits_into_region_trade_industry_and_form() -> None:
    z = parse_zh_name("江苏省苏州市金像精密机械股份有限公司")
    assert z.regions == ("江苏省", "苏州市")
    assert (z.trade, z.industry, z.form) == ("金像", ("精密", "机械"), "股份有限公司")


def test_bracketed_region_is_extracted_like_a_prefix() -> None:
    a, b = parse_zh_name("金像电子（苏州）有限公司"), parse_zh_name("苏州金像电子有限公司")
    assert a.regions == ("苏州",) and a.key == b.key


def test_form_variants_share_the_exact_key() -> None:
    keys = {parse_zh_name(f"苏州金像电子{f}").key for f in ("有限公司", "有限责任公司", "股份有限公司", "厂")}
    assert keys == {"苏州|金像电子|"}


def test_trade_name_that_is_also_a_place_is_kept() -> None:
    # 金华 is a city, but here it is the trade name: stripping it would leave no trade name.
    z = parse_zh_name("苏州金华电子有限公司")
    assert z.regions == ("苏州",) and z.trade == "金华"


def test_branch_is_detected_and_linked_to_parent_name() -> None:
    z = parse_zh_name("苏州金像电子有限公司吴江分公司")
    assert z.branch == "吴江" and z.parent == "苏州金像电子有限公司"
    assert z.key != parse_zh_name("苏州金像电子有限公司").key


def test_english_legal_suffixes_and_regions_are_removed() -> None:
    e = parse_en_name("Suzhou Jinxiang Electronics Co., Ltd.")
    assert (e.regions, e.trade, e.industry) == (("suzhou",), "jinxiang", ("electronics",))
    assert parse_en_name("AKZO NOBEL N.V.").trade == parse_en_name("Akzo Nobel NV").trade == "akzonobel"
    assert parse_en_name("D S M N.V.").trade == "dsm"


def test_english_name_meets_pinyin_of_chinese_name() -> None:
    zh = zh_as_en(parse_zh_name("苏州金像电子有限公司"))
    for en in ("Suzhou Jinxiang Electronics Co., Ltd.", "Jin Xiang Electronic Co.,Ltd", "JINXIANG ELECTRONICS (SUZHOU) LIMITED"):
        assert parse_en_name(en).key == zh.key, en


def test_industry_synonyms_share_one_canonical_word() -> None:
    assert parse_en_name("Hengtai Industrial Co., Ltd.").industry == zh_as_en(parse_zh_name("恒泰工业有限公司")).industry


def test_pinyin_region_word_that_is_the_trade_name_is_kept() -> None:
    # jinxiang is also a county (金乡); only leading region words followed by a trade word are peeled.
    assert parse_en_name("Jinxiang Electronics Co., Ltd.").trade == "jinxiang"


def test_address_yields_regions_and_comparable_rest() -> None:
    a = parse_address("江苏省苏州市吴中区人民路12号")
    # province, city and county agree on the county: only the most specific region is kept
    assert a.rest == "人民路12号" and a.codes == {"320506"}
    assert parse_address("Longhua, Shenzhen, Guangdong").codes == {"4403"}  # Longhua is newer than the list


def test_region_chain_keeps_its_most_specific_reading() -> None:
    from match.regions import gazetteer

    g = gazetteer()
    assert g.codes(["江苏", "南通"]) == {"3206"}  # the province contains the city: the city is what it says
    assert g.codes(["通化"]) >= {"2205", "220521"}  # one name, two readings (city and county): both kept
    assert g.codes(["北京市", "朝阳区"]) == {"110105"}  # the other 朝阳 (Liaoning) is outvoted


def test_uscc_shape_is_checked_not_the_checksum() -> None:
    assert valid_uscc(" 91350100m0001tgqxm ") == "91350100M0001TGQXM"  # Fujian pilot code: fails checksum, legal
    assert valid_uscc("9132050*********0A") is None
    assert valid_uscc("123") is None

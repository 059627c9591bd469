"""Charset fallback, traditional → simplified, full-width → half-width, masks kept."""

from normalize.text import clean, decode_bytes, drop_cjk_spaces, is_masked

PAGE = "<html><head><meta charset='gbk'></head><body><p>当事人：苏州某某电子有限公司</p></body></html>"


def test_gbk_bytes_declared_as_utf8_are_decoded_by_fallback_with_a_warning():
    d = decode_bytes(PAGE.encode("gbk"), "utf-8")
    assert "苏州某某电子有限公司" in d.text
    assert d.encoding == "gb18030"
    assert "declared charset utf-8" in d.warning


def test_utf8_bytes_declared_as_gbk_are_not_turned_into_mojibake():
    d = decode_bytes("<p>当事人：南京某某化工有限公司</p>".encode(), "GBK")
    assert "南京某某化工有限公司" in d.text
    assert d.encoding == "utf-8"
    assert d.warning == "declared charset GBK but bytes are utf-8"


def test_gb2312_declaration_decodes_characters_outside_gb2312():
    # 镕 is outside GB2312 but inside GBK/GB18030: a strict GB2312 decode would fail on it
    d = decode_bytes("朱镕基路环保有限公司".encode("gbk"), "gb2312")
    assert d.text == "朱镕基路环保有限公司" and d.warning is None


def test_undeclared_gbk_is_detected():
    d = decode_bytes(("当事人：" + "无锡某某印染有限公司超标排放废水" * 5).encode("gbk"), None)
    assert "无锡某某印染有限公司" in d.text


def test_traditional_fullwidth_and_stray_spaces_are_cleaned():
    assert clean("蘇州市生態環境局　行政處罰決定書（２０２３）") == "苏州市生态环境局 行政处罚决定书(2023)"
    assert drop_cjk_spaces(clean("王 小 明")) == "王小明"
    assert drop_cjk_spaces("ABC Electronics 苏州 有限公司") == "ABC Electronics苏州有限公司"


def test_masked_values_stay_masked():
    assert clean("9132****MA1X****") == "9132****MA1X****"
    assert is_masked(clean("3201＊＊＊＊1234"))


def test_a_western_default_charset_does_not_turn_gbk_into_mojibake():
    d = decode_bytes(PAGE.encode("gbk"), "ISO-8859-1")
    assert "苏州某某电子有限公司" in d.text and d.encoding == "gb18030"
    assert "declared charset ISO-8859-1" in d.warning


def test_halfwidth_is_nfkc_also_where_full_width_characters_compose_with_the_next():
    import unicodedata

    from normalize.text import halfwidth

    samples = ["罚款人民币２０，０００元（贰万元）；", "＞\u0338", "＝\u0338", "ｅ\u0301", "　ＡＢＣ\u00a0ｘ", "ｶﾞ㎏⑴", "".join(map(chr, range(0xFF01, 0xFF5F)))]
    for s in samples:
        assert halfwidth(s) == unicodedata.normalize("NFKC", s), s  # no dash look-alikes in the samples
    assert halfwidth("＞\u0338") == "≯"

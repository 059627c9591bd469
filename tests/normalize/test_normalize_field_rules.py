"""Field rules on real-world-shaped values: decision numbers, codes, dates, fines, legal basis, IDs."""

from datetime import date

import pytest

from normalize.dates import find_rectification_deadline, parse_date
from normalize.decision_no import find_decision_no, normalize_decision_no
from normalize.division import division_index
from normalize.fines import fine_from_cell, parse_fines
from normalize.idcard import mask_id_numbers
from normalize.legal_basis import parse_legal_basis
from normalize.party import party_type
from normalize.record import PartyType, UsccStatus
from normalize.taxonomy import default_taxonomy
from normalize.text import clean
from normalize.uscc import classify_uscc, normalize_org_code


@pytest.mark.parametrize(
    "raw",
    ["苏环罚字〔2023〕12号", "苏环罚字[2023]12号", "苏环罚字【2023】12号", "苏环罚字(2023)12号", "苏环罚字［2023］12号",
     "苏环罚字（２０２３）１２号", "苏环罚字 〔2023〕 12 号", "蘇環罰字﹝2023﹞12號"],
)  # fmt: skip
def test_decision_number_brackets_digits_and_spaces_normalize_to_one_form(raw):
    assert normalize_decision_no(raw) == "苏环罚字〔2023〕12号"


def test_decision_number_keeps_non_year_brackets():
    assert normalize_decision_no("娄环罚(冷)〔2026〕2 号") == "娄环罚(冷)〔2026〕2号"


def test_decision_number_is_found_in_a_prose_heading():
    assert find_decision_no("行政处罚决定书 宁环罚〔2023〕12号") == "宁环罚〔2023〕12号"


def test_uscc_valid_pilot_invalid_masked_and_absent():
    assert classify_uscc("91110000600037341L") == ("91110000600037341L", UsccStatus.VALID)
    assert classify_uscc(" 9111 0000 6000 3734 1l ") == ("91110000600037341L", UsccStatus.VALID)
    assert classify_uscc("91350100M0001TGQXM") == ("91350100M0001TGQXM", UsccStatus.PILOT)
    assert classify_uscc("91110000600037341X") == ("91110000600037341X", UsccStatus.INVALID)
    assert classify_uscc("9132****MA1X****") == ("9132****MA1X****", UsccStatus.MASKED)
    assert classify_uscc("") == (None, UsccStatus.ABSENT)


def test_uscc_with_letters_in_the_first_eight_positions_is_validated_by_gb32100():
    # python-stdnum refuses this shape; the GB 32100 check accepts it
    assert classify_uscc("Y1320100MA1ABCDE0N")[1] == UsccStatus.VALID
    assert classify_uscc("Y1320100MA1ABCDE0M")[1] == UsccStatus.INVALID


def test_invalid_uscc_outside_fujian_is_not_called_pilot():
    assert classify_uscc("91320100M0001TGQXM")[1] == UsccStatus.INVALID


def test_org_code_check_digit():
    assert normalize_org_code("60003734-1") == ("60003734-1", None)
    code, warning = normalize_org_code("60003734-2")
    assert code == "60003734-2" and "GB 11714" in warning


@pytest.mark.parametrize(
    "text",
    ["2023年5月12日", "2023-05-12", "2023/5/12", "2023.5.12", "二〇二三年五月十二日", "二○二三年五月十二日",
     "2023年05月12日", "20230512", "2023-05-12 00:00:00", "1683849600000"],
)  # fmt: skip
def test_dates_in_every_published_form(text):
    assert parse_date(text) == date(2023, 5, 12)


def test_chinese_numeral_dates_with_tens():
    assert parse_date("二〇二四年十二月三十一日") == date(2024, 12, 31)
    assert parse_date("二〇二四年十月二十日") == date(2024, 10, 20)


def test_impossible_dates_are_none():
    assert parse_date("2023年2月30日") is None
    assert parse_date("处罚决定日期") is None


def test_rectification_deadline_absolute_only():
    assert find_rectification_deadline("责令你公司于2023年6月30日前完成整改") == date(2023, 6, 30)
    assert find_rectification_deadline("责令你公司自收到本决定书之日起15日内改正") is None


@pytest.mark.parametrize(
    ("text", "yuan"),
    [("罚款人民币贰拾万元整", 200000), ("罚款20万元", 200000), ("罚款250,000元", 250000), ("处10万元罚款", 100000),
     ("罚款人民币12.5万元", 125000), ("罚款人民币一万五千元整", 15000), ("罚款人民币捌仟元", 8000),
     ("罚款8.0(万元)", 80000), ("罚款8.0 ( 万元 )", 80000), ("罚款:5万元", 50000), ("罚款金额:8000元", 8000),
     ("罚款(人民币)5万元", 50000), ("罚款人民币叁拾万零伍佰元整", 300500)],
)  # fmt: skip
def test_fines_in_all_forms_become_yuan(text, yuan):
    fines = parse_fines(text)
    assert [f.amount_yuan for f in fines] == [yuan]
    assert fines[0].raw in text


def test_several_fines_are_listed_in_order():
    fines = parse_fines("1.对你公司罚款人民币壹拾万元整；2.对直接负责的主管人员罚款人民币伍万元整。")
    assert [f.amount_yuan for f in fines] == [100000, 50000]


def test_fine_ranges_quoted_from_the_law_are_not_fines():
    text = "依据该条规定，处十万元以上一百万元以下的罚款；处五万元以上二十万元以下罚款。我局决定：罚款人民币壹拾伍万元整。"
    assert [f.amount_yuan for f in parse_fines(text)] == [150000]


def test_fine_amount_cell_in_wan_yuan():
    assert fine_from_cell("8.0", unit="wan").amount_yuan == 80000
    assert fine_from_cell("1.25", unit="wan").amount_yuan == 12500
    assert fine_from_cell("-", unit="wan") is None
    assert fine_from_cell("30000", unit="yuan").amount_yuan == 30000


@pytest.mark.parametrize("cell", ["-6402", "负五万", "-1.2e-07", "1e400", "nan", "inf"])
def test_a_negative_or_endless_amount_cell_is_no_fine_and_no_crash(cell):
    # JSON portals hand numbers through as they are; the fuzz bench found -6402 raising in Fine()
    assert fine_from_cell(cell, unit="yuan") is None
    assert fine_from_cell(cell, unit="wan") is None


def test_legal_basis_lists_each_law_and_article():
    basis = parse_legal_basis(
        "依据《中华人民共和国大气污染防治法》第九十九条第二项和第一百零八条第一项、《中华人民共和国行政处罚法》第三十二条的规定"
    )
    assert [(b.law, b.article) for b in basis] == [
        ("《中华人民共和国大气污染防治法》", "第九十九条第二项"),
        ("《中华人民共和国大气污染防治法》", "第一百零八条第一项"),
        ("《中华人民共和国行政处罚法》", "第三十二条"),
    ]


def test_id_card_numbers_of_persons_are_masked_but_valid_usccs_are_not():
    text = "当事人：张三，身份证号码：320102198001011234，统一社会信用代码91110000600037341L"
    out = mask_id_numbers(text)
    assert "320102********1234" in out and "198001011234" not in out
    assert "91110000600037341L" in out


def test_fifteen_digit_ids_are_masked_only_where_labelled():
    assert mask_id_numbers("身份证号码：320102800101123") == "身份证号码：320102*****1123"
    assert mask_id_numbers("注册号320102800101123") == "注册号320102800101123"


@pytest.mark.parametrize(
    ("name", "category", "uscc", "expected"),
    [("苏州金像电子有限公司", None, None, PartyType.COMPANY), ("张某某", None, None, PartyType.INDIVIDUAL),
     ("王小明", None, None, PartyType.INDIVIDUAL), ("南京市江宁区某某汽车修理部", None, None, PartyType.SOLE_PROPRIETOR),
     ("某某县人民医院", None, None, PartyType.PUBLIC_INSTITUTION), ("某某养殖场", "个体工商户", None, PartyType.SOLE_PROPRIETOR),
     ("某某经营部", None, "92320100MA1ABCDE0X", PartyType.SOLE_PROPRIETOR),
     ("某某县某某镇人民政府", None, None, PartyType.PUBLIC_INSTITUTION), ("某某区某某街道办事处", None, None, PartyType.PUBLIC_INSTITUTION),
     ("某某建筑工程有限公司某某项目部", None, None, PartyType.COMPANY)],
)  # fmt: skip
def test_party_type_from_category_code_and_name(name, category, uscc, expected):
    assert party_type(name, category=category, uscc=uscc, taxonomy=default_taxonomy())[0] == expected


def test_unknown_party_category_is_a_warning():
    ptype, warning = party_type("某某公司", category="外星组织", uscc=None, taxonomy=default_taxonomy())
    assert ptype == PartyType.COMPANY and warning == "unknown party category: 外星组织"


def test_organisation_category_does_not_hide_a_public_institution():
    tax = default_taxonomy()
    assert party_type("某市第一人民医院", category="法人及非法人组织", uscc="12320100MB1234567X", taxonomy=tax)[0] == PartyType.PUBLIC_INSTITUTION
    assert party_type("某某有限公司", category="法人及非法人组织", uscc=None, taxonomy=tax)[0] == PartyType.COMPANY


def test_division_from_address_and_same_named_counties_resolved_by_source_hint():
    ix = division_index()
    p = ix.resolve("江苏省南京市江宁区秣陵街道", None)
    assert (p.province, p.city, p.county, p.division_code) == ("江苏省", "南京市", "江宁区", "320115")
    assert ix.resolve("朝阳区建国路88号", "110000").division_code == "110105"
    assert ix.resolve("朝阳区人民大街1号", "220100").division_code == "220104"
    assert ix.resolve("某某路1号", None) is None


def test_unknown_violation_phrase_is_returned_not_bucketed():
    codes, unknown = default_taxonomy().violations.lookup_parts("超标排放污染物、未批先建、乱倒垃圾桶")
    assert codes == ["exceeding_limits", "no_eia"] and unknown == ["乱倒垃圾桶"]


def test_pollutants_longest_name_wins():
    assert default_taxonomy().pollutants.scan("六价铬、总铬超标") == ["hexavalent_chromium", "total_chromium"]


def test_an_id_number_in_the_code_column_is_recognized_as_a_person_not_a_uscc():
    from normalize.idcard import looks_like_id_number

    assert looks_like_id_number("320102198001011234")
    assert looks_like_id_number("120115********5563")
    assert not looks_like_id_number("91110000600037341L")
    assert not looks_like_id_number("9132****MA1X****")


def test_decision_numbers_of_real_bureaus_are_found_and_normalized():
    """Prefixes from the real 2019 scrapers' decision-number patterns (../shared/realdata)."""
    import csv

    from greenchain.paths import SHARED_REALDATA

    path = SHARED_REALDATA / "cn-env-source-urls" / "south_2019_penalty_list_urls.csv"
    if not path.exists():
        pytest.skip(f"real data folder absent: {path}")
    prefixes = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for pattern in filter(None, (p.strip() for p in row["doc_no_regex"].split("||"))):
                if pattern[0] in "(（" and pattern[-1] in ")）":  # the whole number wrapped in brackets
                    pattern = pattern[1:-1]
                prefixes.append(pattern.split(".")[0].replace("(罚|法)", "罚"))
    assert len(prefixes) >= 20
    for prefix in prefixes:
        for printed in (f"{prefix}[2019]12号", f"{prefix}（２０１９）１２ 号", f"{prefix}【2019】12号"):
            want = normalize_decision_no(f"{prefix}〔2019〕12号")
            assert normalize_decision_no(printed) == want
            for line in (f"行政处罚决定书 {printed}", f"行政处罚决定书{printed}"):
                assert normalize_decision_no(find_decision_no(clean(line))) == want, line


def test_a_list_of_amounts_before_one_罚款_is_one_fine_each_and_处罚_with_an_amount_is_a_fine():
    from normalize.fines import fine_from_cell, parse_fines

    assert [f.amount_yuan for f in parse_fines("依法分别对3家单位处以4万元、2万元、3万元罚款")] == [40000, 20000, 30000]
    assert [f.amount_yuan for f in parse_fines("对孙某等3人每人处罚1000元，合计3000元整")] == [1000]
    assert [f.amount_yuan for f in parse_fines("剩余1家企业的20万元罚款正在执行中")] == [200000]
    assert parse_fines("处十万元以上一百万元以下的罚款") == []
    assert fine_from_cell("4万元", unit="yuan").amount_yuan == 40000

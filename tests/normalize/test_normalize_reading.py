"""Document reading (normalize/reading): every rule on short documents written for these tests in
the shapes real bureaus publish (national template, label records, reports, page chrome, damage)."""

import pytest

from normalize.document import read_document
from normalize.layouts.base import QuarantineError
from normalize.record import DocKind, PartyType, UsccStatus


def read(text: str, kind: str | None = None):
    res = read_document(text.encode(), url="file:///doc.txt", doc_type="text", declared_encoding="utf-8",
                        source_id="test-src", kind=kind)  # fmt: skip
    return res


def one(text: str, kind: str | None = None):
    res = read(text, kind)
    assert len(res.records) == 1, [q.reason for q in res.quarantined]
    return res.records[0]


def printed(rec, field: str) -> str:
    return next(e.text for e in rec.evidence if e.field == field)


TEMPLATE = """首页 > 政务公开 > 行政执法
发布时间：2024-04-02 10:20 来源：本网
嘉兴市生态环境局
行政处罚决定书
某环罚〔2024〕15号
某某精细化工有限公司：
统一社会信用代码：91110000600037341L
法定代表人：赵一
地址：某某市经济开发区纬三路8号
一、环境违法事实和证据
2024年1月9日，我局执法人员对你公司进行现场检查，发现你公司废气处理设施未运行。
以上事实，有现场检查笔录、调查询问笔录等证据为凭。
你公司的上述行为违反了《中华人民共和国大气污染防治法》第四十五条的规定。
我局于2024年2月1日向你公司送达了《行政处罚事先告知书》（某环罚告〔2024〕15号）。
二、行政处罚的依据、种类
依据《中华人民共和国大气污染防治法》第一百零八条第一项的规定，我局决定对你公司作出如下行政处罚：
罚款人民币贰拾万元整（¥200,000.00）。
三、履行方式和期限
限于接到本处罚决定书之日起十五日内缴至指定银行。
如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议，也可以在六个月内提起行政诉讼。
嘉兴市生态环境局
二〇二四年三月五日
网站地址：某某市人民路1号 电话：0000-12369"""


def test_national_template_reads_every_part_with_its_printed_span():
    r = one(TEMPLATE)
    assert r.parser == "text.template" and r.doc_kind == DocKind.PENALTY_DECISION
    assert (r.decision_no_raw, r.party_name, r.uscc, r.uscc_status) == ("某环罚〔2024〕15号", "某某精细化工有限公司", "91110000600037341L", UsccStatus.VALID)
    assert (r.legal_rep, r.address, r.authority, str(r.decision_date)) == ("赵一", "某某市经济开发区纬三路8号", "嘉兴市生态环境局", "2024-03-05")
    assert r.fine_yuan == 200000 and [f.raw for f in r.fines] == ["罚款人民币贰拾万元整"]  # the paired figure is not a second fine
    assert r.laws_violated == ["中华人民共和国大气污染防治法"] and r.penalty_basis_law == "中华人民共和国大气污染防治法"
    assert r.flags == []
    e = {x.field: x for x in r.evidence}
    assert TEMPLATE[e["address"].start : e["address"].end] == "某某市经济开发区纬三路8号"  # not the footer's address
    assert TEMPLATE[e["decision_no_raw"].start : e["decision_no_raw"].end] == "某环罚〔2024〕15号"  # not the notice's number


def test_header_run_together_on_one_line_and_a_whole_document_flattened():
    flat = ("嘉兴市生态环境局 行政处罚决定书 某环罚〔2023〕7号 某某建材有限公司: 统一社会信用代码:91110000600037341L "
            "法定代表人:钱二 地址:某某县工业园3号 一、环境违法事实和证据 2023年5月4日,我局检查发现你公司未批先建。"
            "你公司上述行为违反了《中华人民共和国环境影响评价法》第二十五条的规定。")  # fmt: skip
    r = one(flat)
    assert (r.decision_no_raw, r.party_name_raw, r.legal_rep, r.address) == ("某环罚〔2023〕7号", "某某建材有限公司", "钱二", "某某县工业园3号")
    assert r.authority == "嘉兴市生态环境局" and r.laws_violated == ["中华人民共和国环境影响评价法"]


@pytest.mark.parametrize(
    "label", ["当事人", "当事人名称", "被处罚单位", "单位名称", "名称", "单位", "行政相对人名称", "当事人名称或姓名", "被责令改正单位",
              "违法主体", "被处罚对象", "处罚对象"]
)  # fmt: skip
def test_every_party_label(label):
    r = one(f"行政处罚决定书\n某环罚〔2024〕2号\n{label}：某某纸业有限公司\n统一社会信用代码：91110000600037341L\n一、违法事实\n你公司超标排放。")
    assert r.party_name_raw == "某某纸业有限公司"


def test_bare_name_line_followed_by_its_code_lines():
    r = one("行政处罚决定书\n豫0311环罚决字〔2024〕5号\n某某编织有限公司\n统一社会信用代码:914107216999952908\n地址:某某县七里营镇\n一、环境违法事实和证据\n经查。")
    assert (r.party_name_raw, r.decision_no_raw) == ("某某编织有限公司", "豫0311环罚决字〔2024〕5号")  # the region code is kept


def test_addressee_with_the_body_on_the_same_line_and_a_natural_person():
    r = one("嘉善县生态环境局行政处罚事先（听证）告知书\n发布者: 点击:次\n李建国：经现场检查发现，你未批先建砂石加工项目。"
            "你的上述行为违反了《中华人民共和国环境影响评价法》第二十五条的规定，依据《中华人民共和国环境影响评价法》"
            "第三十一条第一款的规定，我局拟对你处罚款人民币二万元。你如对本告知书有异议，可在七日内陈述申辩。")  # fmt: skip
    assert (r.party_name, r.party_type, r.doc_kind) == ("李建国", PartyType.INDIVIDUAL, DocKind.PRIOR_NOTICE)
    assert (r.fine_yuan, r.fines, r.proposed_fine_yuan) == (None, [], 20000)  # proposed, never imposed
    assert r.authority == "嘉善县生态环境局"


def test_narrative_opening_of_a_natural_person_with_masked_name():
    r = one("行政处罚决定书\n某环罚〔2024〕9号\n王**，男，身份证号码：110101199001011234，住址：某某村3组。\n"
            "一、违法事实\n你露天焚烧废旧轮胎。")  # fmt: skip
    assert (r.party_name_raw, r.party_type, r.address) == ("王**", PartyType.INDIVIDUAL, "某某村3组")
    assert "party_name:masked" in r.flags
    assert "199001011234" not in r.model_dump_json()  # the ID number is masked everywhere, evidence included


def test_person_identified_by_id_card_is_never_a_company_and_keeps_no_punctuation():
    r = one("行政处罚决定书\n某环罚〔2024〕3号\n张某某养殖场（某某村）：\n经营者：张某某\n身份证号码：110101********1234\n一、违法事实\n你养殖场废水直排。")
    assert r.party_type == PartyType.INDIVIDUAL and r.party_name_raw == "张某某养殖场（某某村）"
    assert r.legal_rep == "张某某"


def test_details_in_one_sentence_without_colons():
    r = one("行政处罚决定书\n某环罚〔2024〕4号\n某某热电有限公司：\n统一社会信用代码为91110000600037341L，法定代表人孙三，"
            "地址位于某某市北环路以东、纬二路以南。\n公司未保证自动监测设备正常运行一案，现已审查终结。")  # fmt: skip
    assert (r.uscc, r.legal_rep, r.address) == ("91110000600037341L", "孙三", "某某市北环路以东、纬二路以南")


def test_several_labels_on_one_line_even_glued_and_old_codes():
    r = one("行政处罚决定书\n某环罚决字〔2025〕03-003号\n某某食品加工厂：\n"
            "营业执照注册号(公民身份号码):92**********6F组织机构代码:无 地址:某某镇西营村西50米\n"
            "法定代表人(负责人)姓名:郭*西\n我局执法人员于2025年5月14日检查发现。")  # fmt: skip
    assert (r.uscc, r.reg_no, r.address, r.legal_rep) == (None, "92**********6F", "某某镇西营村西50米", "郭*西")
    assert r.decision_no_raw == "某环罚决字〔2025〕03-003号"


def test_masked_code_kept_as_printed_and_x_marks_are_no_value():
    r = one("行政处罚决定书\n某三环罚〔2024〕8号\n****运输局公路管理所:\n法定代表人:郑五 统一社会信用代码:125********7181838 地址:XXXXXXXXXXXX\n"
            "我局于2024年8月9日对你单位进行了调查。")  # fmt: skip
    assert (r.uscc, r.uscc_status, r.address, r.party_type) == ("125********7181838", UsccStatus.MASKED, None, PartyType.PUBLIC_INSTITUTION)
    assert r.legal_rep == "郑五"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("行政处罚决定书", DocKind.PENALTY_DECISION),
        ("责令改正违法行为决定书", DocKind.ORDER_TO_CORRECT),
        ("行政处罚事先（听证）告知书", DocKind.PRIOR_NOTICE),
        ("行政处罚听证告知书", DocKind.PRIOR_NOTICE),
        ("不予行政处罚决定书", DocKind.NO_PENALTY_DECISION),
        ("行政处罚决定履行催告书", DocKind.PAYMENT_REMINDER),
        ("陈述申辩告知书", DocKind.PRIOR_NOTICE),
        ("行政处罚听证通知书", DocKind.PRIOR_NOTICE),
        ("责令停产整治决定书", DocKind.ORDER_TO_CORRECT),
        ("限制生产决定书", DocKind.ORDER_TO_CORRECT),
    ],
)
def test_kind_comes_from_the_title(title, kind):
    r = one(f"嘉兴市生态环境局\n{title}\n某环〔2024〕1号\n当事人：某某制药有限公司\n一、违法事实\n你公司超标排放。", kind="penalty_decision")
    assert r.doc_kind == kind


@pytest.mark.parametrize(
    ("number", "kind"),
    [("某环罚〔2024〕5号", DocKind.PENALTY_DECISION), ("某环责改〔2024〕5号", DocKind.ORDER_TO_CORRECT),
     ("某环罚告字〔2024〕5号", DocKind.PRIOR_NOTICE), ("某环不罚决〔2024〕5号", DocKind.NO_PENALTY_DECISION),
     ("某环罚催〔2024〕5号", DocKind.PAYMENT_REMINDER)],
)  # fmt: skip
def test_kind_from_the_documents_own_number_when_it_has_no_title(number, kind):
    r = one(f"{number}\n某某石材有限公司：\n统一社会信用代码：91110000600037341L\n一、违法事实\n你公司未采取覆盖措施。")
    assert r.doc_kind == kind and r.decision_no_raw == number


def test_a_notice_number_is_never_the_decision_number():
    r = one("行政处罚决定书\n某某纸业有限公司：\n统一社会信用代码：91110000600037341L\n我局于2024年3月1日向你公司送达《行政处罚事先告知书》（某环罚告〔2024〕3号）。")
    assert r.decision_no is None and "decision_no:missing" in r.flags


@pytest.mark.parametrize(
    "number",
    ["陕A某某环罚〔2023〕9号", "皖某某环(寿)罚〔2025〕41号", "某环不罚决〔2025〕无极-38号", "黔环罚字[2015]03号",
     "江鹤环罚﹝2024﹞44号", "某综执处字(2021)第282号", "豫 0185 环罚决字〔2023〕22号", "某环罚【2024】B012号",
     "（2024）某环罚字第12号", "某环罚字2024第12号"],
)  # fmt: skip
def test_decision_numbers_in_every_real_form_are_kept_as_printed(number):
    r = one(f"{number}\n当事人：某某砖厂\n一、违法事实\n你厂超标排放。")
    assert r.decision_no_raw.replace(" ", "") == number.replace(" ", "")


def test_a_damaged_number_is_not_a_number():
    r = one("行政处罚决定书\n皖某环罚〔202434\n当事人：某某热电有限公司\n一、违法事实\n你公司超标排放。")
    assert r.decision_no is None


def test_title_line_running_party_and_number_together():
    r = one("重庆市生态环境局两江新区分局行政处罚决定书某某包材有限公司渝环(两江)罚字〔2019〕71号\n被处罚单位：某某包材有限公司\n一、违法事实\n超标排放。")
    assert r.decision_no_raw == "渝环(两江)罚字〔2019〕71号"


def test_metadata_table_gives_number_and_date_as_printed_pipes():
    r = one("| [ 索引号 ] | 11500/2025-00186 | [ 发文字号 ] | 某环罚〔2025〕10号 |\n| [ 发布机构 ] | 嘉善县生态环境局 | [ 成文日期 ] | 2025-12-19 |\n"
            "嘉善县生态环境局行政处罚决定书—某某建筑工程有限公司\n被处罚单位:某某建筑工程有限公司\n一、环境违法事实\n倾倒淤泥。")  # fmt: skip
    assert (r.decision_no_raw, str(r.decision_date), r.authority) == ("某环罚〔2025〕10号", "2025-12-19", "嘉善县生态环境局")


def test_credit_record_table_flattened_to_label_and_value_cells():
    r = one("嘉兴市生态环境局行政处罚决定书\n行政处罚决定书文号 |\n某环罚字〔2025〕13号 |\n行政相对人名称 |\n某某新材料科技有限公司 |\n"
            "统一社会信用代码 |\n91110000600037341L |\n违法事实 |\n该单位上述行为违反了《中华人民共和国水污染防治法》第十条的规定。 |\n处罚依据 |\n依据《中华人民共和国水")  # fmt: skip
    assert r.doc_kind == DocKind.CREDIT_RECORD and (r.decision_no_raw, r.party_name) == ("某环罚字〔2025〕13号", "某某新材料科技有限公司")
    assert r.laws_violated == ["中华人民共和国水污染防治法"] and r.penalty_basis_law is None  # cut inside the basis


def test_traditional_script_with_injected_pinyin_is_read_and_kept_as_printed():
    r = one("行政處罰決定書\n楚環(huán)永罰字〔2024〕3號(hào)\n永仁縣某某水泥製品加工廠:\n統(tǒng)一社會信用代碼:92532327MADDCJFM59\n"
            "地址:某某鎮(zhèn)拉利坪村\n一、環(huán)境違法事實(shí)和證據(jù)\n你廠未批先建。")  # fmt: skip
    assert r.decision_no_raw == "楚環(huán)永罰字〔2024〕3號(hào)" and r.decision_no == "楚环永罚字〔2024〕3号"
    assert (r.party_name, r.address) == ("永仁县某某水泥制品加工厂", "某某镇拉利坪村")


def test_letter_spacing_and_stray_spaces_do_not_hide_labels_or_titles():
    r = one("行 政 处 罚 决 定 书\n某环罚〔2024〕6号\n当 事 人：某某铝业有限公司\n统一 社会信用代码：91110000600037341L\n地 址：某某街道那贞村\n一、违法事实\n超标。")
    assert (r.party_name, r.uscc, r.address) == ("某某铝业有限公司", "91110000600037341L", "某某街道那贞村")


def test_signature_with_chinese_numerals_a_seal_line_and_an_annex_after_it():
    r = one("责令改正违法行为决定书（某环责改〔2025〕7号）\n某某酒业有限公司：\n统一社会信用代码：91110000600037341L\n一、违法事实和证据\n未批先建。\n"
            "你公司上述行为违反了《中华人民共和国环境影响评价法》第二十五条的规定。\n二、责令改正依据和种类\n"
            "依据《中华人民共和国行政处罚法》第二十八条第一款和《中华人民共和国环境影响评价法》第三十一条第一款的规定。现责令你公司立即停止建设。\n"
            "三、申请行政复议或提起行政诉讼途径和期限\n你公司如不服，可申请行政复议。\n湘西自治州生态环境局\n二〇二五年三月五日\n附件：相关法律规定")  # fmt: skip
    assert (r.doc_kind, r.decision_no_raw, str(r.decision_date)) == (DocKind.ORDER_TO_CORRECT, "某环责改〔2025〕7号", "2025-03-05")
    assert r.penalty_basis_law == "中华人民共和国环境影响评价法"  # the substantive law, not the procedure law


def test_missing_authority_and_date_stay_null_and_flagged():
    r = one("某某砂石场：\n经营者：郭四\n统一社会信用代码：92530922MAD3LFYD16\n我局于2024年4月18日对你沙石场进行了调查。")
    assert (r.authority, r.decision_date) == (None, None)
    assert {"authority:missing", "decision_date:missing", "decision_no:missing"} <= set(r.flags)


def test_registry_authority_is_only_an_inferred_value():
    from datetime import UTC, datetime

    from normalize.fields import DocContext, build_record
    from normalize.layouts.base import RawItem
    from normalize.taxonomy import default_taxonomy

    item = RawItem(parser="t", fields={"party_name": "某某有限公司", "decision_no": "某环罚〔2024〕1号"})

    class Src:
        authority = "嘉兴市生态环境局"
        division_code = "110000"

    ctx = DocContext("s", "u", "h", datetime.now(UTC), DocKind.PENALTY_DECISION, source=Src())  # type: ignore[arg-type]
    r = build_record(item, ctx, default_taxonomy())
    assert r.authority == "嘉兴市生态环境局" and "authority:inferred from source registry" in r.flags
    assert next(e for e in r.evidence if e.field == "authority").inferred_from == "source registry"


def test_spam_standing_for_a_place_drops_the_value():
    r = one("365bet官网生态环境局\n行政处罚决定书\n某市环罚字〔2021〕82号\n某某基础工程有限公司:\n地址:365bet官网河东区八号路4号\n我局经调查。")
    assert r.party_name == "某某基础工程有限公司"
    assert (r.authority, r.address) == (None, None) and "address:dropped (spam in the printed value)" in r.flags


def test_fines_capitals_wan_loose_forms_persons_and_confiscation():
    r = one("行政处罚决定书\n某环罚〔2024〕20号\n当事人：某某印染有限公司\n你公司上述行为违反了《中华人民共和国水污染防治法》第十条的规定。\n"
            "依据《中华人民共和国水污染防治法》第八十三条的规定，我局决定对你公司作出如下行政处罚：\n"
            "1.罚款人民币：100000.00 元（大写：壹拾万元整）；\n2.对直接负责的主管人员处罚款5万元；\n3.没收违法所得人民币3000元。")  # fmt: skip
    assert (r.fine_yuan, [f.amount_yuan for f in r.fines_on_persons], r.confiscated_yuan) == (100000, [50000], 3000)


def test_a_range_quoted_from_the_law_and_an_earlier_decisions_fine_are_never_the_fine():
    r = one("行政处罚决定书\n某环罚〔2021〕45号\n当事人：某某陶瓷有限公司\n一、违法事实\n2021年6月3日我局对你公司作出罚款人民币伍万伍仟元整的行政处罚决定，你公司拒不改正。\n"
            "你公司的行为违反了《中华人民共和国大气污染防治法》第七十二条的规定。\n依据《中华人民共和国大气污染防治法》第一百一十七条“处一万元以上十万元以下的罚款”的规定")  # fmt: skip
    assert r.fine_yuan is None


def test_fine_in_ten_thousand_yuan_from_a_label():
    r = one("行政处罚决定书文号：某环罚〔2024〕31号\n行政相对人名称：某某化工有限公司\n处罚事由：超标排放\n罚款金额（万元）：3.5\n处罚机关：嘉兴市生态环境局")
    assert r.fine_yuan == 35000


def test_quarantine_only_without_party_or_without_decision_content():
    with pytest.raises(QuarantineError):
        raise read("工地存在扬尘问题。依据《中华人民共和国大气污染防治法》第一百一十五条，决定罚款二万元。").quarantined[0]
    res = read("当事人：某某有限公司")
    assert not res.records and res.quarantined[0].reason.startswith("no decision content")


def test_news_report_single_penalty_with_pronoun_alias_and_number():
    r = one("某某水泥发布公告称，某某新材料科技有限公司（以下简称“某某新材”）近期收到嘉兴市生态环境局出具的《行政处罚决定书》（某环罚字[2024]54号）。\n"
            "依据相关规定，嘉兴市生态环境局决定对某某新材作出150万元罚款的行政处罚。")  # fmt: skip
    assert (r.doc_kind, r.party_name, r.fine_yuan, r.authority, r.decision_no_raw) == (
        DocKind.PENALTY_REPORT, "某某新材料科技有限公司", 1500000, "嘉兴市生态环境局", "某环罚字[2024]54号")


def test_news_report_several_parties_several_fines():
    res = read("近日，潍坊市滨海区环保局公布了2月行政处罚信息。据显示，某某热力有限公司因未落实应急措施，被罚款1万元；"
               "某某金属制品有限公司因两起违法行为，分别被罚款100000元和30000元；某某汽车系统有限公司因未批先建，被罚款36690元。")  # fmt: skip
    rows = [(r.party_name, r.fine_yuan, r.authority) for r in res.records]
    assert rows == [("某某热力有限公司", 10000, "潍坊市滨海区环保局"), ("某某金属制品有限公司", 100000, "潍坊市滨海区环保局"),
                    ("某某金属制品有限公司", 30000, "潍坊市滨海区环保局"), ("某某汽车系统有限公司", 36690, "潍坊市滨海区环保局")]  # fmt: skip


def test_news_report_masked_persons_each_fined_and_restated_once():
    res = read("日前，某某镇村民孔某胜、孔某华和村民瞿某东在耕地中焚烧秸秆。依据相关规定，随州市环保局决定责令其改正，并分别给予500元罚款的行政处罚。\n"
               "孔某胜、孔某华和瞿某东在耕地中将收割的秸秆露天焚烧。\n"
               "经调查，依据《中华人民共和国大气污染防治法》第一百一十九条的规定，随州市环保局决定责令上述当事人改正违法行为，并分别给予500元罚款。")  # fmt: skip
    rows = [(r.party_name, r.party_type, r.fine_yuan, r.penalty_basis_law) for r in res.records]
    assert rows == [(n, PartyType.INDIVIDUAL, 500, "中华人民共和国大气污染防治法") for n in ("孔某胜", "孔某华", "瞿某东")]


def test_news_report_joint_fine_is_no_single_partys_fine():
    res = read("海南省生态环境厅对三亚某机场建设有限公司和三亚某空港发展有限公司作出行政处罚，罚款共计人民币捌仟万元。")
    assert [(r.party_name, r.fine_yuan) for r in res.records] == [("三亚某机场建设有限公司", None), ("三亚某空港发展有限公司", None)]


def test_listed_key_polluters_with_their_count():
    res = read("生态环境部公布了严重超标的重点排污单位名单。其中，某某市某某肥业有限责任公司、山西省某某县污水处理厂和某某热力有限责任公司等3家排污单位被挂牌督办。")
    assert [(r.doc_kind, r.party_name, r.party_type) for r in res.records] == [
        (DocKind.KEY_POLLUTER_LISTING, "某某市某某肥业有限责任公司", PartyType.COMPANY),
        (DocKind.KEY_POLLUTER_LISTING, "山西省某某县污水处理厂", PartyType.PUBLIC_INSTITUTION),
        (DocKind.KEY_POLLUTER_LISTING, "某某热力有限责任公司", PartyType.COMPANY),
    ]


def test_negative_pages_yield_no_record():
    table = "序号 |\n受理编号 |\n交办问题基本情况 |\n处理和整改情况 |\n1 |\nX2HB2021 |\n某某公司毁坏绿地。 |\n另行依法处理。 |"
    assert not read(table).records
    assert not read("本栏目行政处罚信息在作出决定之日起7个工作日内公开，当月无信息即无行政处罚案件。").records


def test_a_seal_line_between_authority_and_date_and_a_title_about_the_party():
    r = one("关于对某某纺织有限公司的行政处罚决定书\n当事人：某某纺织有限公司\n你公司的上述行为违反了《中华人民共和国水污染防治法》第十条的规定。\n"
            "依据《中华人民共和国水污染防治法》第八十三条的规定，我局决定对你公司罚款人民币伍万元整。\n如不服本决定，可申请行政复议。\n"
            "绍兴市生态环境局\n（盖章）\n2024年6月3日")  # fmt: skip
    assert (r.doc_kind, r.authority, str(r.decision_date), r.fine_yuan) == (DocKind.PENALTY_DECISION, "绍兴市生态环境局", "2024-06-03", 50000)


def test_news_fines_written_as_penalty_tickets_and_a_person_by_name_label():
    res = read("日前，嘉兴市生态环境局对某某印染有限公司开出10万元罚单，该公司因超标排放被罚。")
    assert [(r.party_name, r.fine_yuan) for r in res.records] == [("某某印染有限公司", 100000)]
    r = one("行政处罚决定书\n某环罚〔2024〕12号\n姓名：李某某\n身份证号码：110101199001011234\n一、违法事实\n你露天焚烧垃圾。")
    assert (r.party_name, r.party_type) == ("李某某", PartyType.INDIVIDUAL)


def test_decision_items_numbered_like_sections_and_a_number_in_brackets():
    r = one("湖南省生态环境厅\n行政处罚决定书\n（湘环罚字〔2023〕12号）\n当事人：某某矿业有限公司\n住所：长沙市岳麓区某路1号\n经查，你公司未批先建。\n"
            "你公司的上述行为违反了《中华人民共和国环境影响评价法》第二十五条的规定。\n依据《中华人民共和国环境影响评价法》第三十一条第一款的规定，我局决定：\n"
            "一、责令停止建设；\n二、罚款人民币拾万元。\n三、履行方式和期限\n限你公司十五日内缴纳罚款一千元以上。\n湖南省生态环境厅\n2023年6月1日")  # fmt: skip
    assert (r.decision_no_raw, r.fine_yuan, r.authority, str(r.decision_date)) == ("湘环罚字〔2023〕12号", 100000, "湖南省生态环境厅", "2023-06-01")


def test_a_credit_record_printed_as_label_lines():
    r = one("行政处罚信息公示\n行政处罚决定书文号：湘环罚〔2024〕12号\n行政相对人名称：某某化工有限公司\n统一社会信用代码：91110000600037341L\n"
            "处罚事由：该公司废水超标排放，违反了《中华人民共和国水污染防治法》第十条的规定。\n处罚依据：依据《中华人民共和国水污染防治法》第八十三条第二项\n"
            "处罚结果：罚款人民币伍万元\n处罚决定日期：2024年3月5日\n处罚机关：湖南省生态环境厅")  # fmt: skip
    assert (r.doc_kind, r.fine_yuan, str(r.decision_date), r.authority) == (DocKind.CREDIT_RECORD, 50000, "2024-03-05", "湖南省生态环境厅")
    assert r.laws_violated == ["中华人民共和国水污染防治法"] and r.penalty_basis_law == "中华人民共和国水污染防治法"


def test_a_fine_in_ten_thousand_yuan_written_loosely_in_the_decision():
    r = one("行政处罚决定书\n某环罚〔2024〕40号\n当事人：某某砖瓦有限公司\n你公司违反了《中华人民共和国大气污染防治法》第四十八条的规定。\n"
            "我局决定对你公司作出如下处罚：罚款：3.5（万元）。")  # fmt: skip
    assert r.fine_yuan == 35000


SIGNED = "\n你违反了《中华人民共和国大气污染防治法》第四十八条的规定。依据该法第一百零八条，我局决定对你罚款人民币壹万元整。\n杭州市生态环境局{seal}\n2024年3月5日"


def test_a_masked_person_on_a_bare_line_before_an_id_number():
    r = one("行政处罚决定书\n杭环罚〔2024〕7号\n王**\n身份证号：3301**********0011" + SIGNED.format(seal=""))
    assert (r.party_name_raw, r.party_type, r.flags) == ("王**", PartyType.INDIVIDUAL, ["party_name:masked"])


def test_an_operator_named_only_as_the_operator_is_the_party():
    r = one("行政处罚决定书\n杭环罚〔2024〕8号\n经营者：陈某某\n经营场所：杭州市某区某路8号" + SIGNED.format(seal=""))
    assert (r.party_name, r.party_type, r.address) == ("陈某某", PartyType.INDIVIDUAL, "杭州市某区某路8号")


@pytest.mark.parametrize(
    ("party", "name"),
    [("某某科技有限公司（以下简称“某某公司”）", "某某科技有限公司"), ("周某（身份证号：330***********1234）", "周某"), ("李明，", "李明")],
)  # fmt: skip
def test_a_note_after_the_party_name_is_not_the_name(party, name):
    r = one(f"行政处罚决定书\n杭环罚〔2024〕9号\n当事人：{party}" + SIGNED.format(seal=""))
    assert r.party_name_raw == name


@pytest.mark.parametrize("seal", ["（印章）", "（盖章）", "(章)"])
def test_the_signature_with_a_seal_mark_on_the_authority_line(seal):
    r = one("行政处罚决定书\n杭环罚〔2024〕10号\n当事人：某某科技有限公司" + SIGNED.format(seal=seal))
    assert (r.authority, str(r.decision_date)) == ("杭州市生态环境局", "2024-03-05")


def test_a_basis_that_refers_back_to_the_law_violated():
    r = one("行政处罚决定书\n杭环罚〔2024〕11号\n当事人：某某科技有限公司" + SIGNED.format(seal=""))
    assert r.penalty_basis_law == "中华人民共和国大气污染防治法"
    assert [(b.law, b.article) for b in r.legal_basis] == [("《中华人民共和国大气污染防治法》", "第一百零八条")]


def test_a_hearing_notice_proposing_a_fine_is_a_notice_with_a_proposed_fine():
    r = one("行政处罚听证告知书\n杭环听告字〔2024〕3号\n当事人：某某纸业有限公司\n你单位违反了《中华人民共和国水污染防治法》第十条的规定，"
            "依据该法第八十三条，我局拟处罚款人民币贰拾万元。根据《中华人民共和国行政处罚法》第六十三条规定，你单位有要求举行听证的权利。")  # fmt: skip
    assert (r.doc_kind, r.fine_yuan, r.proposed_fine_yuan) == (DocKind.PRIOR_NOTICE, None, 200000)
    assert r.penalty_basis_law == "中华人民共和国水污染防治法"


_TABLE_ROWS = [("序号", "企业名称", "统一社会信用代码", "处罚决定书文号", "处罚内容", "处罚日期"),
               ("1", "青岛某某化工有限公司", "91370200MA3C111111", "青环罚字〔2023〕101号", "罚款12.5万元", "2023-09-05"),
               ("2", "李某", "", "青环罚字〔2023〕103号", "罚款0.5万元", "2023-09-20")]  # fmt: skip


@pytest.mark.parametrize("shape", ["cell per line", "row per line"])
def test_a_monthly_penalty_table_flattened_to_text_gives_one_record_per_row(shape):
    if shape == "cell per line":
        body = "\n".join(f"{c} |" if c else "|" for row in _TABLE_ROWS for c in row)
    else:
        body = "\n".join(" | ".join(row) + " |" for row in _TABLE_ROWS)
    res = read("2023年9月行政处罚信息公开表 | |||||\n" + body + "\n2 |\n某某公司 |", kind="penalty_decision")  # a cut-off last row
    got = [(r.party_name, r.party_type, r.uscc, r.decision_no_raw, r.fine_yuan, str(r.decision_date)) for r in res.records]
    assert got == [("青岛某某化工有限公司", PartyType.COMPANY, "91370200MA3C111111", "青环罚字〔2023〕101号", 125000, "2023-09-05"),
                   ("李某", PartyType.INDIVIDUAL, None, "青环罚字〔2023〕103号", 5000, "2023-09-20")]  # fmt: skip
    assert {r.doc_kind for r in res.records} == {DocKind.PENALTY_DECISION}


def test_a_flattened_table_that_names_no_party_is_no_penalty_table():
    body = "\n".join(f"{c} |" for c in ("序号", "受理编号", "行政区域", "污染类型", "处理结果", "1", "X2024", "某区", "大气", "已整改"))
    assert read(body).records == []


@pytest.mark.parametrize(
    ("after", "rep", "address"),
    [("经查，你公司未批先建。", "钱二", "某某县工业园3号"),
     ("2023年5月4日，我局检查发现你公司未批先建。", "钱二", "某某县工业园3号"),
     ("某某建材有限公司环境违法一案，经调查，你公司未批先建。", "钱二", "某某县工业园3号")],
)  # fmt: skip
def test_a_flattened_document_ends_each_detail_where_the_body_starts_without_a_heading(after, rep, address):
    flat = ("湖州市生态环境局 行政处罚决定书 (湖环罚〔2023〕7号) 某某建材有限公司: 统一社会信用代码:91110000600037341L "
            f"法定代表人:钱二 地址:某某县工业园3号 {after}你公司上述行为违反了《中华人民共和国环境影响评价法》第二十五条的规定。")  # fmt: skip
    r = one(flat)
    assert (r.party_name_raw, r.legal_rep, r.address) == ("某某建材有限公司", rep, address)


def test_the_signature_with_the_date_above_the_authority():
    r = one("行政处罚决定书\n杭环罚〔2024〕12号\n当事人：某某科技有限公司\n你公司违反了《中华人民共和国大气污染防治法》第四十八条的规定。"
            "\n我局决定对你公司罚款人民币壹万元整。\n2024年3月5日\n杭州市生态环境局")  # fmt: skip
    assert (r.authority, str(r.decision_date)) == ("杭州市生态环境局", "2024-03-05")


def test_news_report_each_fine_of_one_sentence_on_the_party_named_before_it():
    res = read("嘉兴市生态环境局对嘉兴某某化工有限公司罚款5万元、对嘉兴某某纺织有限公司罚款3万元。")
    assert [(r.party_name, r.fine_yuan) for r in res.records] == [("嘉兴某某化工有限公司", 50000), ("嘉兴某某纺织有限公司", 30000)]


def test_news_report_a_fine_on_the_person_in_charge_is_not_a_second_party():
    res = read("2024年1月，衢州市生态环境局对衢州某某化工有限公司作出行政处罚决定，罚款人民币叁拾万元整，并对该公司直接负责的主管人员王某处罚款5万元。")
    assert [(r.party_name, r.fine_yuan) for r in res.records] == [("衢州某某化工有限公司", 300000)]


def test_news_report_a_joint_fine_on_two_units_named_together():
    res = read("执法人员发现湖州某某石材厂和湖州某某矿业有限公司均未落实扬尘防治措施，湖州市生态环境局对两家企业共处罚款30万元。")
    assert [(r.party_name, r.fine_yuan) for r in res.records] == [("湖州某某石材厂", None), ("湖州某某矿业有限公司", None)]


def test_news_report_cases_in_one_paragraph_do_not_share_their_provisions():
    res = read("案例一：金华某某五金有限公司未批先建案。执法人员检查发现该公司未依法报批环评文件擅自开工建设，违反了《中华人民共和国环境影响评价法》第二十五条的规定。"
               "金华市生态环境局依法对该公司处罚款人民币12万元。案例二：金华某某塑料厂超标排放案。该厂废气超标，被依法处罚款8万元。")  # fmt: skip
    rows = [(r.party_name, r.fine_yuan, r.laws_violated) for r in res.records]
    assert rows == [("金华某某五金有限公司", 120000, ["中华人民共和国环境影响评价法"]), ("金华某某塑料厂", 80000, [])]


def test_a_flattened_penalty_table_takes_its_authority_from_its_title_only():
    body = "\n".join(f"{c} |" if c else "|" for row in _TABLE_ROWS for c in row)
    titled = read("青岛市生态环境局2023年9月行政处罚信息公开表\n" + body, kind="penalty_decision").records
    assert {r.authority for r in titled} == {"青岛市生态环境局"}
    footer = read("2023年9月行政处罚信息公开表\n" + body + "\n主办：青岛市生态环境局", kind="penalty_decision").records
    assert {r.authority for r in footer} == {None}


def test_confiscation_in_financial_capitals_is_kept_apart_from_the_fine():
    r = one("行政处罚决定书\n苏环罚〔2024〕66号\n当事人：南京某某回收站\n你单位违反了《中华人民共和国固体废物污染环境防治法》第八十条规定。\n"
            "依据《中华人民共和国固体废物污染环境防治法》第一百一十四条，我局决定：没收违法所得人民币捌仟元整，并处罚款人民币伍万元整。")  # fmt: skip
    assert (r.fine_yuan, r.confiscated_yuan) == (50000, 8000)


def test_a_person_labelled_and_described_in_one_sentence_keeps_only_the_name():
    r = one("行政处罚决定书\n临环罚〔2024〕5号\n当事人：张三，男，1970年5月出生，住址：临沂市兰山区某村。" + SIGNED.format(seal=""))
    assert (r.party_name_raw, r.party_type, r.address) == ("张三", PartyType.INDIVIDUAL, "临沂市兰山区某村")


def test_an_operator_in_brackets_after_a_shop_and_a_business_premises_label():
    r = one("行政处罚决定书\n临环罚〔2024〕6号\n当事人：临沂市兰山区某某副食店（经营者：张三）\n营业场所：临沂市兰山区某路1号" + SIGNED.format(seal=""))
    assert (r.party_name_raw, r.legal_rep, r.address) == ("临沂市兰山区某某副食店", "张三", "临沂市兰山区某路1号")


def test_news_report_numbered_items_keep_their_numbers_out_of_the_names():
    res = read("1.佛山某某陶瓷有限公司，未按规定设置排污口，罚款10万元；\n2、佛山某某铝材有限公司，超标排放，罚款25万元；\n（三）佛山某某化工有限公司，超标排放，罚款5万元。")
    assert [(r.party_name, r.fine_yuan) for r in res.records] == [
        ("佛山某某陶瓷有限公司", 100000), ("佛山某某铝材有限公司", 250000), ("佛山某某化工有限公司", 50000)]  # fmt: skip


@pytest.mark.parametrize("notice", ["（2024）唐环罚告字第12号", "唐环罚告字2024第12号"])
def test_a_notice_number_in_the_rarer_orders_is_never_the_decision_number(notice):
    r = one(f"行政处罚决定书\n{notice}\n当事人：唐山某某钢铁有限公司\n你公司违反了《中华人民共和国大气污染防治法》第四十八条规定。\n我局决定对你公司罚款人民币伍万元。")
    assert r.decision_no_raw is None and r.doc_kind == DocKind.PENALTY_DECISION


def test_a_credit_record_names_the_law_violated_under_its_violation_type():
    r = one("行政相对人名称：长沙某某建材有限公司\n行政处罚决定书文号：长环罚字〔2023〕第12号\n违法行为类型：违反《中华人民共和国大气污染防治法》\n"
            "违法事实：未采取防尘措施\n处罚内容：罚款人民币叁万元整\n处罚决定日期：2023/06/01\n处罚机关：长沙市生态环境局")  # fmt: skip
    assert (r.doc_kind, r.laws_violated, r.fine_yuan) == (DocKind.CREDIT_RECORD, ["中华人民共和国大气污染防治法"], 30000)


def test_a_flattened_head_of_a_bureau_file_keeps_file_apart_from_the_number():
    r = one("清远市生态环境局文件 清环罚〔2021〕45号 行政处罚决定书 清远某某陶瓷有限公司： 你公司违反了《中华人民共和国大气污染防治法》第四十八条规定。"
            "我局决定对你公司罚款人民币伍万元。")  # fmt: skip
    assert (r.decision_no_raw, r.party_name_raw) == ("清环罚〔2021〕45号", "清远某某陶瓷有限公司")


def test_a_notice_of_the_right_to_be_heard_proposing_a_fine_never_imposes_it():
    r = one("唐山市生态环境局\n陈述申辩告知书\n当事人：唐山某某钢铁有限公司\n你公司违反了《中华人民共和国大气污染防治法》第四十八条规定。"
            "依据《中华人民共和国大气污染防治法》第一百零八条，我局拟对你公司罚款人民币伍万元。")  # fmt: skip
    assert (r.doc_kind, r.fine_yuan, r.proposed_fine_yuan) == (DocKind.PRIOR_NOTICE, None, 50000)


# --- shapes met on a second development sample (dev2): notes inside brackets, masks, lists ---


def test_a_label_inside_the_representatives_bracket_note_is_not_the_partys_address():
    r = one("""责令改正违法行为决定书
某环违改字〔2023〕8号
某某塑料制品有限公司：
法定代表人：钱某（身份证号码：1234561990*******X，地址：某某县某某镇某村***）
统一社会信用代码：91110000600037341L
详细地址：某某市某某区工业园东侧100米（某某厂房之二）
一、环境违法事实和证据
2023年5月6日，我局执法人员现场检查，发现你公司未依法报批环境影响评价文件擅自开工建设。""")
    assert printed(r, "address") == "某某市某某区工业园东侧100米（某某厂房之二）"
    assert r.legal_rep == "钱某"


def test_a_natural_person_under_the_label_个人姓名_is_the_party():
    r = one("""个人姓名：周某
证件类型：身份证
证件号码：110101199001011234
住址：某某省某某县某某乡某村一组
一、环境违法事实和证据
我局于2024年3月2日对你进行了调查，发现你在禁用区域使用高排放非道路移动机械。
二、行政处罚的依据、种类
你的上述行为违反了《某某省大气污染防治条例》第四十条的规定。""")
    assert (r.party_name, r.party_type) == ("周某", PartyType.INDIVIDUAL)
    assert r.address == "某某省某某县某某乡某村一组" and r.uscc is None


def test_a_bracket_with_the_operators_masked_identity_number_is_not_part_of_the_name():
    r = one("""行政处罚决定书
某环罚决字〔2024〕第3号
单位名称：某某市某某仓储服务厂（孙某某，410XXXXXXXXXXXXXXX）
统一社会信用代码：92110000MA00000000 地址：某某市某某镇某村
经营者：孙某某
一、环境违法事实和证据
我局于2024年6月1日对你单位进行了调查。""")
    assert r.party_name == "某某市某某仓储服务厂"
    # a registered name keeps its own bracket (a region in brackets is part of it)
    r2 = one(TEMPLATE.replace("某某精细化工有限公司：", "某某电子（苏州）有限公司："))
    assert r2.party_name == "某某电子(苏州)有限公司"


def test_a_number_printed_alone_as_an_aggregators_page_heading_is_the_documents_own():
    r = one("""某环罚150222〔2025〕6号
内蒙古-某市-某县
发布时间：2026年01月28日
项目详情
下文中****为隐藏内容
****
发文时间：2026-01-28
****
行政处罚决定书
****
当事人名称：**县****公司
法定代表人：吴某
统一社会信用代码：911********238369Q
地址：**自治区**市****村
我局于2025年11月18日对你单位进行了调查，发现你单位未依法报批环境影响评价文件。""")
    assert r.decision_no_raw == "某环罚150222〔2025〕6号" and r.party_name == "**县****公司"
    # a notice's number heading a decision's page is not the decision's
    r2 = one("""某环罚告〔2025〕6号
发布时间：2026年01月28日
项目详情
****
行政处罚决定书
****
当事人名称：某某矿业有限公司
法定代表人：吴某
地址：某某市某某村
我局于2025年11月18日对你单位进行了调查。""")
    assert r2.decision_no_raw is None


def test_an_address_masked_with_x_is_kept_masked_not_dropped_as_spam():
    r = one("""行政处罚决定书
某环罚决字〔2024〕55号
某县XX商行：
统一社会信用代码：92410526MAD6******
地址：某市某县XXXX
经营者：李*坤
一、环境违法事实和证据
我局于2024年10月22日对你单位进行了调查。""")
    assert printed(r, "address") == "某市某县XXXX" and printed(r, "legal_rep") == "李*坤"
    spam = one(TEMPLATE.replace("地址：某某市经济开发区纬三路8号", "地址：PPdianzi下载某某路8号"))
    assert spam.address is None


def test_an_orders_basis_listed_as_numbered_items_names_the_substantive_law():
    r = one("""某市生态环境局责令改正违法行为决定书 某环责改〔2025〕20号
某县某某中药材专业合作社
法定代表人：郑某
统一社会信用代码：93610722MA6YN1YC1T
地址：某县某某镇某村
一、环境违法事实和证据
你合作社上述行为违反了《中华人民共和国环境影响评价法》第二十五条之规定。
二、责令改正的依据
依据：1.《中华人民共和国行政处罚法》第二十八条第一款：行政机关实施行政处罚时，应当责令当事人改正违法行为” 之规定；
2.《中华人民共和国环境影响评价法》第三十一条第一款之规定。
三、责令改正的内容""")
    assert r.doc_kind == DocKind.ORDER_TO_CORRECT
    assert r.penalty_basis_law == "中华人民共和国环境影响评价法"
    assert printed(r, "legal_basis").startswith("依据：1.")


def test_a_news_item_naming_a_subsidiary_keeps_only_the_subsidiarys_name():
    recs = read("""坤扬股份发布公告称，公司的全资子公司苏州坤扬精密件制造有限公司于近日收到苏州市生态环境局下发的《行政处罚决定书》苏环罚决[2023]45号。
苏州市生态环境局决定对子公司苏州坤扬精密件制造有限公司行政罚款250,000元。""").records
    assert [(r.party_name, r.fine_yuan) for r in recs] == [("苏州坤扬精密件制造有限公司", 250000)]


def test_a_seizure_decision_is_an_enforcement_measure_never_a_penalty():
    doc = """嘉兴市生态环境局
查封（扣押）决定书
嘉环封〔2024〕3号
某某化工有限公司：
统一社会信用代码：91110000600037341L
地址：某某市某区某路1号
我局于2024年3月1日对你单位进行检查，发现你单位通过暗管排放污染物。依据《中华人民共和国环境保护法》第二十五条，决定对你单位下列设施实施查封：
1.污水泵一台。
查封期限为三十日。
嘉兴市生态环境局
2024年3月2日"""
    r = one(doc, kind="penalty_decision")  # the registry's column says penalties: the document says otherwise
    assert r.doc_kind == DocKind.ENFORCEMENT_MEASURE and r.fines == [] and r.fine_yuan is None
    lifted = one(doc.replace("查封（扣押）决定书", "解除查封决定书").replace("嘉环封", "嘉环解封"), kind="penalty_decision")
    assert lifted.doc_kind == DocKind.ENFORCEMENT_MEASURE
    # its number alone says so too, and a county named 封丘 does not make a penalty a seizure
    from normalize.reading.patterns import number_kind

    assert number_kind("嘉环封〔2024〕3号") == DocKind.ENFORCEMENT_MEASURE
    assert number_kind("封环罚〔2024〕3号") == DocKind.PENALTY_DECISION


def test_a_code_printed_in_groups_of_characters_is_one_code():
    r = one(TEMPLATE.replace("统一社会信用代码：91110000600037341L", "统一社会信用代码：9111 0000 6000 3734 1L"))
    assert (r.uscc, r.uscc_status) == ("91110000600037341L", UsccStatus.VALID)
    assert printed(r, "uscc") == "9111 0000 6000 3734 1L"


def test_a_flattened_page_keeps_its_signature_and_metadata_fields_apart():
    # the whole page on one line, as archives and mirrors print it
    flat = (
        "首页 | 来源：嘉兴市生态环境局 访问次数： 时间：2024-10-21 13:55 嘉兴市生态环境局 行政处罚决定书 嘉环罚〔2024〕18号 "
        "当事人名称：某某建材有限公司 法定代表人：朱某 地址：某某市某某镇某村8号 一、环境违法事实和证据 接群众举报，我局于2024年8月26日对你单位进行检查，"
        "发现你单位未依法报批环境影响评价文件擅自开工建设。 你单位的上述行为违反了《中华人民共和国环境影响评价法》第二十五条的规定。 "
        "依据《中华人民共和国环境影响评价法》第三十一条的规定，我局决定对你单位处以如下行政处罚： 1.罚款人民币伍万元整。 "
        "如不服本决定，可在收到本决定书之日起六十日内申请行政复议。 附件：相关法律规定 嘉兴市生态环境局 2024年9月30日 附件：相关法律规定 《中华人民共和国环境影响评价法》第二十五条"
    )
    r = one(flat)
    assert (r.party_name, r.address, r.fine_yuan) == ("某某建材有限公司", "某某市某某镇某村8号", 50000)
    assert (r.authority, str(r.decision_date)) == ("嘉兴市生态环境局", "2024-09-30")
    assert printed(r, "facts").startswith("接群众举报")
    meta = one("- [ 发文字号 ] 嘉环罚〔2024〕3号 - [ 发布机构 ] 嘉兴市生态环境局 - [ 成文日期 ] 2024-12-04 "
               "嘉兴市生态环境局 行政处罚决定书 嘉环罚〔2024〕3号 当事人名称：某某建材有限公司 地址：某某市某村 "
               "我局于2024年11月28日对你单位进行检查，发现你单位违反了《中华人民共和国大气污染防治法》第四十八条的规定。")
    assert (meta.authority, str(meta.decision_date)) == ("嘉兴市生态环境局", "2024-12-04")


def test_a_no_penalty_decision_numbered_免罚_under_a_page_title_repeating_its_number():
    r = one("""不予行政处罚决定书 某环免罚字[2023]3号
发布时间：2023-09-28
某某市生态环境局
不予行政处罚决定书
某环免罚字〔2023〕3号
某某环境治理有限公司：
统一社会信用代码：91110000600037341L
法定代表人：孙某 公民身份证号码：152801********0938
地址：某某旗某某工业园区
你公司的上述行为违反了《中华人民共和国环境影响评价法》第二十五条的规定。""")
    assert r.doc_kind == DocKind.NO_PENALTY_DECISION
    assert r.decision_no_raw == "某环免罚字〔2023〕3号"  # the number under the document's own title
    assert r.legal_rep == "孙某"


def test_metadata_printed_as_label_and_value_lines_gives_the_written_date():
    r = one("""发文机关：
环保局
成文时间：
2022年09月02日
有效性：
行政处罚决定书
某环罚决字〔2022〕18号
  周某某
  住址：某某省某某县某某镇某村
  一、环境违法事实和证据
  我局于2022年6月17日对你进行了调查，发现你未填报排污登记表。
  你的上述行为违反了《排污许可管理条例》第二十四条第一款的规定。""")
    assert (r.party_name, r.party_type, str(r.decision_date)) == ("周某某", PartyType.INDIVIDUAL, "2022-09-02")
    assert r.authority is None  # 环保局 names no bureau


def test_a_case_report_reads_the_date_the_decision_was_made_and_a_company_pointed_back_to():
    recs = read("""■ 4起典型案件 奥新服饰有限公司逃避监管排放生产废水案 2018年8月14日，市生态环境局执法人员现场检查发现，此公司洗版废水经管道直接排入市政管网。
市生态环境局根据《中华人民共和国水污染防治法》第八十三条第(三)项规定，责令立即改正违法行为，并于2019年1月4日对公司作出中环罚字【2019】012号行政处罚决定，处罚款32万元。""").records
    assert [(r.party_name, r.fine_yuan, r.decision_no_raw, str(r.decision_date)) for r in recs] == [
        ("奥新服饰有限公司", 320000, "中环罚字【2019】012号", "2019-01-04")]
    news = read("""2021年2月7日，朝阳市生态环境局依据《环境影响评价法》第31条第1款规定，对凌源市荣达能源有限公司下达了《行政处罚决定书》，处罚款66万元。
中山市生态环境局局长杜某表示，将加大执法力度。""").records
    assert [(r.party_name, r.fine_yuan, str(r.decision_date), r.authority) for r in news] == [
        ("凌源市荣达能源有限公司", 660000, "2021-02-07", "朝阳市生态环境局")]


def test_a_bureaus_name_left_glued_before_the_addressee_is_not_part_of_the_party():
    r = one("""福州市某某生态环境局行政处罚决定书 闽榕环罚〔2024〕75号
生态环境局中科某某(福建)环保科技有限公司：
统一社会信用代码：91350104MA8U3NEM7N
注册地址：福州市马尾区某路1号
法定代表人：林某
我局于2024年4月1日依法对你公司进行了调查，发现你公司实施了以下环境违法行为。""")
    assert r.party_name == "中科某某(福建)环保科技有限公司"


def test_fujians_公文生成日期_is_the_documents_date_but_a_bare_生成日期_stays_page_metadata():
    doc = """- 备注/文号：泉安环责改〔2025〕1号
- 发布机构：泉州市安溪生态环境局
- {label}：2025-03-07
泉安环责改〔2025〕1号
泉州市生态环境局责令改正违法行为决定书
当事人姓名：吴某
住址：福建省泉州市安溪县某镇某村
本机关于2025年2月24日对你进行了调查，发现你实施了以下生态环境违法行为。"""
    r = one(doc.format(label="公文生成日期"))
    assert (r.doc_kind, r.party_type, str(r.decision_date), r.authority) == (DocKind.ORDER_TO_CORRECT, PartyType.INDIVIDUAL, "2025-03-07", "泉州市生态环境局")
    assert one(doc.format(label="生成日期")).decision_date is None


def test_flattened_details_end_where_a_bureau_starts_acting_or_an_id_label_starts():
    r = one("巴彦淖尔市生态环境局 不予行政处罚决定书 巴环免罚字〔2023〕3号 某某环境治理有限公司: 统一社会信用代码:91110000600037341L "
            "法定代表人:李某 地址:杭锦后旗某某工业园区 巴彦淖尔市生态环境局杭锦后旗分局执法人员现场检查时,发现你公司未取得环评审批手续。")
    assert r.address == "杭锦后旗某某工业园区"
    p = one("泉州市生态环境局责令改正违法行为决定书 泉安环责改〔2025〕1号 当事人姓名:吴某 身份证件号码:350524********203X "
            "住址:福建省泉州市安溪县某镇某村 本机关于2025年2月24日对你进行了调查,发现你实施了以下生态环境违法行为。")
    assert (p.party_name, p.address) == ("吴某", "福建省泉州市安溪县某镇某村")


def test_a_bureau_under_a_publishing_label_is_never_the_party():
    res = read("根据建设项目环境影响评价审批程序的有关规定，我局对某某食品厂调味品生产项目环境影响报告表作出审批决定。 "
               "通讯地址：某县政务服务中心环保窗口 邮编：222200 公示单位：连云港市灌云生态环境局 序号 | 文件名称 | 文号 | 灌环表复[2019]115号 |")
    assert res.records == []


def test_a_serial_with_letters_and_a_space_and_details_in_one_line_under_住所地址():
    r = one("""济南市生态环境局
行政处罚决定书
济环罚〔2024〕TQ J-2001号
淮南市某某建设工程有限公司：
统一社会信用代码：91110000600037341L，法定代表人：刘某某，住所(地址)：安徽省淮南市某区某小区商业10栋106、206。
我局于2025年11月24日对你公司进行现场检查，发现你公司实施了以下行为。""")
    assert r.decision_no_raw == "济环罚〔2024〕TQ J-2001号"
    assert (r.legal_rep, r.address) == ("刘某某", "安徽省淮南市某区某小区商业10栋106、206")


def test_a_case_titles_district_tag_is_not_part_of_the_company_name():
    recs = read("""南浔区湖州华新印染有限公司利用渗井渗坑排放水污染物案
    2018年1月8日，环境执法人员对该单位开展检查，发现该单位将生产废水排放至无防渗漏措施的坑塘内。依据《中华人民共和国水污染防治法》第八十三条第(三)项，南浔区环保局责令该单位立即改正违法行为，并处罚款人民币64万元。""").records
    assert [(r.party_name, r.fine_yuan) for r in recs] == [("湖州华新印染有限公司", 640000)]


def test_a_flattened_addressee_line_followed_by_its_details_as_a_sentence():
    r = one("淮南市生态环境局 行政处罚决定书 皖淮南环(谢)罚〔2025〕3号 淮南市某某新型建材有限公司: "
            "统一社会信用代码为91110000600037341L,法定代表人戚某,地址位于安徽省淮南市某某区某某村。 "
            "我局于2025年6月17日对你公司进行了调查,发现你公司实施了以下行为。")
    assert (r.party_name, r.uscc, r.legal_rep, r.address) == (
        "淮南市某某新型建材有限公司", "91110000600037341L", "戚某", "安徽省淮南市某某区某某村")
    assert (r.decision_no_raw, r.authority) == ("皖淮南环(谢)罚〔2025〕3号", "淮南市生态环境局")


def test_fines_written_被罚款了_and_罚款_大写_are_read():
    from normalize.fines import parse_fines

    assert [f.amount_yuan for f in parse_fines("某某商品混凝土有限公司被罚款了21700元！")] == [21700]
    # parse_fines reads clean text (half-width punctuation)
    assert [f.amount_yuan for f in parse_fines("罚款(大写):人民币贰万壹仟柒佰元整(小写:¥21700.00)。")] == [21700]
    assert parse_fines("处五万元以上二十万元以下的罚款") == []


def test_a_name_printed_cut_right_above_its_registration_code_is_the_party_as_printed():
    r = one("""行政处罚决定书(宁夏某某牧业有限公司)
时间：2023-08-04 16:55 来源：石嘴山市生态环境局
环罚〔202336
宁夏某某牧业有限公
统一社会信用代码：91110000600037341L
地址：宁夏平罗县某某乡某村
法定代表人(负责人)：叶某某
一、调查情况发现的环境违法事实、证据和陈述申辩及采纳情况
你公司以上行为违反了《畜禽规模养殖污染防治条例》第二十条的规定。""")
    assert (r.party_name_raw, r.decision_no_raw, r.legal_rep) == ("宁夏某某牧业有限公", None, "叶某某")


def test_statistics_news_names_no_penalty_but_a_named_firm_被处罚_is_one():
    assert read("今年1-10月，全省环保系统行政处罚共立案8435起，已下达处罚决定8128起，罚款金额36661.93万元。"
                "下达行政处罚决定较多的省辖市环保局是郑州市(1013起)、洛阳市(859起)。").records == []
    recs = read("去年，我省10家企业被处以罚款，罚款总额为137万元，其中收到最大罚单的是华能某某煤电有限责任公司，被处罚40万元。").records
    assert [(r.party_name, r.fine_yuan) for r in recs] == [("华能某某煤电有限责任公司", 400000)]


def test_an_untitled_proposal_with_a_notices_rights_is_a_prior_notice_never_a_violation():
    doc = """关于某某有限公司的行政处罚告知
某某有限公司：
统一社会信用代码：91110000600037341L
你公司的上述行为违反了《中华人民共和国大气污染防治法》第四十五条的规定。依据《中华人民共和国大气污染防治法》第一百零八条，我局拟对你公司处罚款5万元。
如对上述拟处罚有异议，可在收到本通知之日起3日内提出陈述、申辩或听证申请。"""
    r = one(doc, kind="penalty_decision")
    assert (r.doc_kind, r.fine_yuan, r.proposed_fine_yuan) == (DocKind.PRIOR_NOTICE, None, 50000)
    # template residue 拟 in a decision that speaks of itself as a decision stays a decision
    d = one(doc.replace("如对上述拟处罚有异议，可在收到本通知之日起3日内提出陈述、申辩或听证申请。",
                        "限于接到本处罚决定之日起15日内缴至指定银行。如不服本处罚决定，可申请行政复议。"), kind="penalty_decision")
    assert (d.doc_kind, d.fine_yuan) == (DocKind.PENALTY_DECISION, 50000)


def test_a_flattened_unlisted_label_ending_in_a_listed_one_starts_a_new_field():
    r = one("当事人:曹某某 身份证号码:4127241986XXXXXXXX 户籍地址:河南省太康县某某镇某某村 项目住址:广州市番禺区某某街10号201 "
            "一、当事人基本情况及违法事实情况 2023年9月10日，我局执法人员现场检查发现当事人建成印花项目。"
            "当事人上述行为违反了《建设项目环境保护管理条例》第十五条的有关规定。")
    assert (r.party_name, r.address) == ("曹某某", "河南省太康县某某镇某某村")


def test_a_bare_name_line_followed_by_a_narrative_naming_it_and_a_cited_order_is_no_decision():
    r = one("""保山市生态环境局行政处罚决定书
保环罚(腾)〔2026〕04号
腾冲市某某商贸有限责任公司
2025年12月22日，腾冲市某某商贸有限责任公司（以下简称“你公司”）主动投案。保山市生态环境局腾冲分局执法人员对你公司加油站建设项目开展现场检查，发现该项目未取得环评手续即开工建设。
我局于2026年1月22日下达了《保山市生态环境局责令改正违法行为决定书》（保环责改(腾)〔2026〕04号），要求你单位立即停止建设。""")
    assert (r.party_name, r.decision_no_raw, r.authority) == ("腾冲市某某商贸有限责任公司", "保环罚(腾)〔2026〕04号", "保山市生态环境局")
    assert r.penalty_kinds == [] and r.fines == []


def test_a_fine_stated_after_the_basis_without_a_word_of_deciding():
    r = one("""衡水市生态环境局
行政处罚决定书
衡环罚决〔2024〕224号
衡水某某物流有限公司：
统一社会信用代码：91110000600037341L 法定代表人：孙某某
住所或地址：桃城区某某物流园
你单位违反了《河北省机动车和非道路移动机械排放污染防治条例》第二十条的规定。
现依据《河北省机动车和非道路移动机械排放污染防治条例》第四十九条第一款规定：“……处五千元的罚款”规定。
按照《中华人民共和国行政处罚法》第二十九条：对当事人的同一个违法行为，不得给与两次以上罚款的行政处罚。所以两辆叉车处罚款人民币伍仟元整（¥5000元整）。
限你单位自收到本处罚决定书之日起15日内，将罚款缴至某某银行（地址：桃城区某路169号）。""")
    assert (r.fine_yuan, r.address) == (5000, "桃城区某某物流园")


# --- third real sample (news lists, slash labels, glued labels): strings written for these tests ---


def fined(res) -> list[tuple[str, float | None]]:
    """(party as printed, fine) of every record read, sorted."""
    return sorted((r.party_name_raw, r.fine_yuan) for r in res.records)


def test_several_amounts_before_one_fine_go_to_the_parties_listed_in_order():
    res = read("记者从市生态环境局获悉，执法人员对甲辰建材有限公司、乙丰混凝土有限公司、丙安食品有限公司进行检查时，"
               "发现上述单位未采取覆盖措施，依法分别对3家单位处以4万元、2万元、3万元罚款。")  # fmt: skip
    assert fined(res) == [
        ("丙安食品有限公司", 30000), ("乙丰混凝土有限公司", 20000), ("甲辰建材有限公司", 40000)]  # fmt: skip


def test_fines_listed_after_one_罚款_with_分别_follow_the_order_of_the_names():
    res = read("本报讯 市环保局公布名单，分别是济南职业学校、西岭肉类加工有限公司和南河供热有限公司，"
               "上述3家单位均因超标排放被罚，分别被罚款60万元、100万元和50万元。")  # fmt: skip
    assert fined(res) == [
        ("南河供热有限公司", 500000), ("济南职业学校", 600000), ("西岭肉类加工有限公司", 1000000)]  # fmt: skip


def test_a_sentence_opening_with_被_has_the_subject_of_the_sentence_before_it():
    res = read("近日，市环保局公布了一批行政处罚情况。\n"
               "  青石新型建材有限公司因原料堆场未采取覆盖措施，造成扬尘污染。被市环保部门责令限期改正，处1万元罚款。\n"
               "  白沙沥青股份有限公司因扩建项目未经环评擅自开工。被市环保部门责令停止建设，处15万元罚款。")  # fmt: skip
    assert fined(res) == [
        ("白沙沥青股份有限公司", 150000), ("青石新型建材有限公司", 10000)]  # fmt: skip


def test_a_school_heading_a_group_total_is_fined_only_its_own_amount():
    res = read("市环保局今天公布了3份行政处罚决定书，临沂实验学校等3家单位一共被罚款9.5万元。\n"
               "临沂实验学校未经验收即投入使用污水处理设施。该单位被责令停止使用，处以罚款4万元。")  # fmt: skip
    r = res.records
    assert [(x.party_name_raw, x.fine_yuan) for x in r] == [("临沂实验学校", 40000)]
    assert r[0].party_type == PartyType.PUBLIC_INSTITUTION


def test_an_operator_named_after_个体经营户_in_a_case_title_is_a_sole_proprietor():
    res = read("德清县个体经营户陈岚加工项目未批先建案\n"
               "    2023年5月9日，执法人员对该个体经营户的加工项目开展检查。依据《中华人民共和国环境影响评价法》第三十一条第一款，"
               "德清县环保局责令该个体经营户立即改正违法行为，并处罚款人民币0.8万元。")  # fmt: skip
    r = res.records
    assert [(x.party_name_raw, x.fine_yuan, x.party_type) for x in r] == [("陈岚", 8000, PartyType.SOLE_PROPRIETOR)]


def test_persons_counted_together_each_fined_and_the_signing_bureau_is_the_authority():
    r = one("关于对大成镇焚烧秸秆的行政处罚公示\n经铁西区环保局执法人员现场检查，是居民孙立平焚烧秸秆造成的。区环保局依据"
            "《中华人民共和国大气污染防治法》第一百一十九条下达了《行政处罚决定书》（南环罚字【2023】第05号），"
            "对孙立平等3人每人处罚1000元，合计3000元整。\n铁西区环境保护局\n2023年4月20日")  # fmt: skip
    assert (r.party_name_raw, r.party_type, r.fine_yuan) == ("孙立平", PartyType.INDIVIDUAL, 1000)
    assert printed(r, "authority") == "铁西区环境保护局"


def test_a_fine_written_的20万元罚款_and_a_word_before_the_name_that_is_not_part_of_it():
    res = read("全省有5家企业被处以罚款，其中4家已经执行，剩余太原第二热电有限公司1家企业的20万元罚款正在执行中。")
    assert [(x.party_name_raw, x.fine_yuan) for x in res.records] == [("太原第二热电有限公司", 200000)]


def test_a_party_in_a_joint_total_and_fined_on_its_own_later_is_one_record():
    res = read("滕南建材有限公司、枣北混凝土有限公司等5家单位被行政处罚，总计罚款30万元。\n"
               "执法人员对滕南建材有限公司现场检查时发现物料未覆盖，依法对其处以4万元罚款。")  # fmt: skip
    assert fined(res) == [("枣北混凝土有限公司", None), ("滕南建材有限公司", 40000)]


def test_every_firm_of_a_counted_list_is_a_record_even_one_cut_before_its_fine():
    res = read("据了解，这3家企业分别为：金岭建材有限公司、银河铸造有限公司、铜山房地产有限公司，最高被处于20万元罚款。\n"
               "金岭建材有限公司因堆场扬尘被责令改正，处1万元罚款。\n银河铸造有限公司因未批先建被责令停产，处20万元罚款。\n"
               "铜山房地产有限公司承建项目噪声超标。被市环保部门责令改正违法行")  # fmt: skip
    assert fined(res) == [
        ("金岭建材有限公司", 10000), ("铜山房地产有限公司", None), ("银河铸造有限公司", 200000)]  # fmt: skip


def test_a_name_wrapped_at_the_end_of_a_line_of_prose_is_read_whole():
    r = one("记者从省环保厅获悉，由于在今年连续三次检查中均超标排放，执法人员依法对其立案，经查明,中\n"
            "能河北热电有限公司均出现超标排放，晋州市环保局对其实施按日连续处罚，罚款共计120万元。")  # fmt: skip
    assert "".join(r.party_name_raw.split()) == "中能河北热电有限公司" and r.fine_yuan == 1200000


def test_a_representative_printed_without_its_colon_keeps_the_block_together():
    r = one("行政处罚决定书\n某环罚字〔2026〕3号\n\n名称:英华镇福兴猪场\n\n经营者林亚强\n\n统一社会信用代码:92441881MA4XNHHN25\n\n"
            "地址:英华镇新平村石脚下组\n\n我局于2025年11月13日对你猪场进行了调查，发现你猪场实施了以下生态环境违法行为：")  # fmt: skip
    assert printed(r, "legal_rep") == "林亚强"
    assert printed(r, "uscc") == "92441881MA4XNHHN25" and printed(r, "address") == "英华镇新平村石脚下组"


def test_slash_labels_with_the_code_after_a_comma_on_the_representatives_line():
    r = one("某市生态环境局 行政处罚决定书 某市环罚〔2025〕05-09号\n当事人名称/姓名:白旗乡忠胜牧业专业合作社\n"
            "法定代表人/负责人/经营者:李翠兰,统一社会信用代码/身份证件号码:93211221MA0U20A84Q\n地址/住址:白旗乡阿达村\n"
            "我局于2025年5月23日对你单位进行了调查，发现你单位实施了以下生态环境违法行为：")  # fmt: skip
    assert printed(r, "legal_rep") == "李翠兰" and printed(r, "uscc") == "93211221MA0U20A84Q"
    assert r.party_type == PartyType.COMPANY


def test_a_bracket_saying_whose_operator_the_person_is_is_not_part_of_the_name():
    r = one("责令改正违法行为决定书\n江海环改[2016]第3号\n当事人：陈丽英（江海区外海渔港酒家的经营者）\n地址：江海区外海临江路1号\n"
            "一、环境违法事实和证据\n2016年5月24日我局执法人员对你单位的边界环境噪声进行监测。")  # fmt: skip
    assert r.party_name_raw == "陈丽英" and r.party_type == PartyType.INDIVIDUAL


def test_a_line_opening_with_the_provision_under_the_basis_heading_is_the_basis():
    r = one("常德市生态环境局行政处罚决定书 常环罚字〔2025〕9号\n当事人名称：花岩家庭农场\n经营者：唐某\n"
            "一、环境违法事实和证据\n2025年5月27日执法人员对你农场开展了现场检查，发现废液直排。\n二、行政处罚的依据、种类\n"
            "你农场上述行为违反了《畜禽规模养殖污染防治条例》第十三条第三款的规定。\n"
            "《畜禽规模养殖污染防治条例》第三十九条“……可以处10万元以下的罚款”的规定。")  # fmt: skip
    assert r.penalty_basis_law == "畜禽规模养殖污染防治条例"


def test_a_flattened_persons_address_ends_where_the_case_sentence_names_the_person():
    r = one("行政处罚决定书 江鹤环罚﹝2025﹞31号 当事人:刘世明 经营场所:鹤山市双合镇东元村凉坳 刘世明环境违法一案,我局经过调查,现已审查终结。")
    assert printed(r, "address") == "鹤山市双合镇东元村凉坳"


def test_a_pronoun_after_a_name_in_the_same_sentence_points_to_that_name():
    res = read("案例一、东昌钢管有限公司:2024年3月26日现场检查发现该单位酸洗槽吸风管堵塞，东昌区分局已责令整改，罚款2万元。\n"
               "案例二、阳谷精工砼业有限公司2024年4月16日现场检查发现该单位除尘器未运行，该行为属于不正常使用污染防治设施，"
               "已责令整改，罚款27.5万元，2024年6月13日移送公安机关。")  # fmt: skip
    assert fined(res) == [
        ("东昌钢管有限公司", 20000), ("阳谷精工砼业有限公司", 275000)]  # fmt: skip


def test_a_sentence_opening_with_the_bureau_acting_is_about_the_paragraphs_one_party():
    res = read("案例三、聊城市茌平区华丽木地板厂:2024年4月28日，现场检查发现该单位活性炭严重堵塞，造成有机废气不能有效收集。"
               "聊城市生态环境局茌平区分局已责令整改，并处罚款2.5625万元\n下一步，生态环境部门将持续强化执法。")  # fmt: skip
    r = res.records
    assert [(x.party_name_raw, x.fine_yuan) for x in r] == [("聊城市茌平区华丽木地板厂", 25625)]
    assert printed(r[0], "authority") == "聊城市生态环境局茌平区分局"


def test_an_alias_in_brackets_after_the_name_is_not_part_of_it():
    r = one("记者昨日从南平市环保局获悉，南平市恒昌纸业有限公司(下称恒昌纸业)去年被挂牌督办，目前南平市环保局对其处以罚款27000元。")
    assert r.party_name_raw == "南平市恒昌纸业有限公司" and r.fine_yuan == 27000


def test_a_bureau_and_its_verb_before_a_name_are_not_part_of_it_nor_is_a_bureau_in_a_rule_sets_title():
    r = one("12月15日晚，市环保局召开湖南青山纸业有限公司涉嫌暗管偷排案审会，决定立案查处，依据《中华人民共和国水污染防治法》"
            "第七十四条第一款的规定，按照《益阳市环境保护局行政处罚裁量权基准》的要求，罚款人民币2415409.92元。")  # fmt: skip
    assert r.party_name_raw == "湖南青山纸业有限公司" and r.fine_yuan == 2415409.92
    assert not [e for e in r.evidence if e.field == "authority"]


def test_the_date_a_prior_notice_was_served_is_not_the_decisions():
    r = one("2016年1月18日，宿迁市环保局下达了《行政处罚事先(听证)告知书》，告知沭阳清源水务有限公司拟作出的处罚决定。"
            "依据相关规定，宿迁市环保局对该公司作出处罚，罚款人民币164578元。")  # fmt: skip
    assert r.fine_yuan == 164578 and r.decision_date is None


def test_short_names_listed_and_counted_each_take_the_fine_given_分别():
    res = read("七家企业中，金沙县古镇酒业有限公司未验收即投产，领罚13万元；"
               "黔东冶炼、贵梅炉料、百川碳素、顺发铁合金4家公司和福泉市邦泰铁合金有限公司均因技改项目未取得环保审批，分别领罚8万元。")  # fmt: skip
    assert fined(res) == sorted([("金沙县古镇酒业有限公司", 130000), ("黔东冶炼", 80000), ("贵梅炉料", 80000),
                                 ("百川碳素", 80000), ("顺发铁合金", 80000), ("福泉市邦泰铁合金有限公司", 80000)])  # fmt: skip


def test_two_names_joined_with_a_district_before_the_second_share_分别():
    res = read("本报讯 日前，环保部门向17家企业下达了处理结果。南海区西樵东印染有限公司、顺德区的绿艺回收处理有限公司分别被罚款10万元。")
    assert fined(res) == [("南海区西樵东印染有限公司", 100000), ("绿艺回收处理有限公司", 100000)]
    assert not [e for r in res.records for e in r.evidence if e.field == "authority"]  # 环保部门 is no body


def test_the_body_in_the_clause_that_fines_is_the_authority_not_one_that_investigated():
    r = one("记者获悉，贵州省环保厅近日开出罚单。记者在贵州省环保厅公布的行政处罚决定书中看到，违法行为由贵州省环境监察局介入现场。"
            "贞丰县大湾垃圾处理有限公司环保设施未经验收，被处5万元罚款。")  # fmt: skip
    assert printed(r, "authority") == "贵州省环保厅"


def test_a_bureaus_total_after_a_paragraph_naming_one_firm_is_not_that_firms_fine():
    res = read("白河建材有限公司因堆场扬尘被责令改正，处1万元罚款。南平市环保局今年以来共罚款500万元，查处案件120件。")
    assert fined(res) == [("白河建材有限公司", 10000)]


def test_a_credit_record_whose_authority_label_is_empty_reads_the_authority_on_the_next_line():
    r = one("行政处罚信息\n行政相对人名称：某某县宏达石材厂\n处罚决定书文号：某环罚〔2024〕88号\n处罚内容：罚款\n"
            "罚款金额（万元）：2.6\n处罚决定日期：2024-05-08\n处罚机关：\n嘉兴市生态环境局\n")  # fmt: skip
    assert (r.fine_yuan, printed(r, "authority")) == (26000, "嘉兴市生态环境局")


def test_a_daily_penalty_only_proposed_is_no_fine_but_the_decided_one_is():
    res = read("2019年4月3日，焦作市生态环境局对河南省焦作市某污水处理厂下达《行政处罚决定书》（焦生环罚决字﹝2019﹞第1号），处罚款80万元；"
               "之后又下达《行政处罚事先(听证)告知书》，共拟按日连续处罚4880万元。")  # fmt: skip
    assert fined(res) == [("河南省焦作市某污水处理厂", 800000)]


def test_a_development_zones_short_name_stays_in_the_number_and_its_bureau_is_an_authority():
    r = one("某某经开区生态环境局\n行政处罚决定书\n某某经开环罚〔2025〕7号\n当事人名称：某某再生资源有限公司\n"
            "法定代表人：钱二\n我局于2025年3月2日对你单位进行了调查，发现你单位未开展自行监测。\n"
            "上述行为违反了《中华人民共和国水污染防治法》第二十三条的规定。\n决定对你单位处罚款贰万元整。\n"
            "某某示范区环境保护局\n2025年4月1日")  # fmt: skip
    assert r.decision_no_raw == "某某经开环罚〔2025〕7号"
    assert printed(r, "authority") == "某某示范区环境保护局"


def test_a_digit_unit_tag_and_a_space_before_the_year_stay_in_the_number():
    r = one("行政处罚决定书\n汉环(3)罚字 [2024]9号\n某某稀土有限公司：\n统一社会信用代码(身份证号码)：91110000600037341L\n"
            "我局于2024年5月6日对你单位进行了调查，发现你单位未重新报批环评文件，擅自建设。\n"
            "上述行为违反了《中华人民共和国环境影响评价法》第二十四条的规定。")  # fmt: skip
    assert "".join(r.decision_no_raw.split()) == "汉环(3)罚字[2024]9号"


def test_running_text_before_a_number_still_ends_at_经():
    r = one("行政处罚决定书\n某某砖厂：\n统一社会信用代码：91110000600037341L\n"
            "经某环罚告〔2024〕3号告知后，你单位未陈述申辩。上述行为违反了《中华人民共和国大气污染防治法》第四十八条的规定。\n"
            "某某县环保局决定如下：处罚款壹万元整。")  # fmt: skip
    assert r.decision_no_raw is None or not r.decision_no_raw.startswith("经")


def test_a_label_naming_two_codes_is_read_by_the_values_shape():
    r = one("责令改正违法行为决定书\n某环改字[2016]4号\n某某生物工程有限公司：\n法定代表人(负责人)：孙三\n"
            "注册号/统一社会信用代码：91110000600037341L\n我局于2016年11月7日对你单位进行了检查，发现项目未验收即投产。\n"
            "该行为违反了《建设项目环境保护管理条例》第二十三条的规定。\n现责令你单位立即停止生产。")  # fmt: skip
    assert printed(r, "uscc") == "91110000600037341L"
    r15 = one("责令改正违法行为决定书\n某环改字[2016]5号\n某某木器厂：\n注册号/统一社会信用代码：110000012345678\n"
              "我局于2016年11月7日对你单位进行了检查，发现项目未验收即投产。\n该行为违反了《建设项目环境保护管理条例》第二十三条的规定。\n"
              "现责令你单位立即停止生产。")  # fmt: skip
    assert r15.uscc is None and r15.reg_no == "110000012345678"


def test_a_sole_proprietor_typed_by_its_类型_line_with_an_address_label_that_lost_its_colon():
    r = one("某某区生态环境局\n行政处罚决定书\n某环罚〔2025〕62号\n被处罚单位（个人）：某某区永顺劳务服务部\n经营者李四\n"
            "身份证号码：500109********2516\n类型：个体工商户\n统一社会信用代码：92500116MA5U6NWC04\n"
            "经营场所重庆市江津区某某镇桥头村**\n一、环境违法事实\n2025年8月13日对你单位进行执法检查，发现在用机械超标排放。\n"
            "上述行为违反了《中华人民共和国大气污染防治法》第五十五条的规定。")  # fmt: skip
    assert r.party_type == PartyType.SOLE_PROPRIETOR
    assert printed(r, "uscc") == "92500116MA5U6NWC04"
    assert printed(r, "address") == "重庆市江津区某某镇桥头村**"
    assert printed(r, "legal_rep") == "李四"


def test_a_partnerships_managing_partner_is_its_representative():
    r = one("天津市生态环境局\n行政处罚决定书\n津市环罚字〔2023〕31号\n某某金属材料经销部(普通合伙)：\n"
            "统一社会信用代码：91110000600037341L\n地址：北辰区某某镇某某村\n执行事务合伙人：周五\n"
            "你单位环境违法一案，我局经调查，现已审查终结。\n你单位上述行为违反了《天津市大气污染防治条例》第十九条第一款的规定。")  # fmt: skip
    assert printed(r, "legal_rep") == "周五"
    assert r.party_name == "某某金属材料经销部(普通合伙)"


def test_question_marks_standing_for_lost_spaces_are_not_part_of_a_value():
    r = one("责令改正违法行为决定书\n?\n某环责改〔2023〕4号\n?\n某某新能源科技有限公司：\n统一社会信用代码：?91110000600037341L\n"
            "法人代表(负责人)：???钟某芳 ??\n检查时你公司项目未办理环评审批手续即投入生产。\n"
            "你公司上述行为违反了《中华人民共和国环境影响评价法》第二十五条的规定。")  # fmt: skip
    assert printed(r, "legal_rep") == "钟某芳"
    assert printed(r, "uscc") == "91110000600037341L"

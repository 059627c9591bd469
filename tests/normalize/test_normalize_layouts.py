"""Each layout read end to end into canonical records: prose, label tables, JSON, attachments."""

from pathlib import Path

import pytest
from build_attachments import pdf_bytes, xls_bytes, xlsx_bytes

from normalize.document import parse_document, read_document
from normalize.layouts.base import QuarantineError
from normalize.record import PartyType, UsccStatus

FIXTURES = Path(__file__).parent / "fixtures"


def _parse(name: str, raw: bytes | None = None, doc_type: str = "html", declared: str | None = "utf-8", kind: str = "penalty_decision"):
    raw = raw if raw is not None else (FIXTURES / name).read_bytes()
    return parse_document(raw, url=f"http://sim.example/{name}", doc_type=doc_type, declared_encoding=declared,
                          source_id="t-src", kind=kind)  # fmt: skip


def test_prose_decision_in_gbk_mislabelled_as_utf8_reads_every_field():
    raw = (FIXTURES / "prose_gbk.html").read_text(encoding="utf-8").encode("gbk")
    [r] = _parse("prose_gbk.html", raw)
    assert r.parser == "html.template" and r.doc_kind == "penalty_decision"
    assert (r.decision_no, r.party_name, r.uscc, r.uscc_status) == ("宁环罚〔2023〕12号", "南京某某化工有限公司", "91110000600037341L", UsccStatus.VALID)
    assert (r.legal_rep, r.authority, str(r.decision_date), str(r.publish_date)) == ("张三", "南京市生态环境局", "2023-05-12", "2023-05-15")
    assert (r.province, r.city, r.county, r.division_code) == ("江苏省", "南京市", "江宁区", "320115")
    # the basis of the penalty, not the provision violated (第十八条)
    assert [(b.law, b.article) for b in r.legal_basis] == [("《中华人民共和国大气污染防治法》", "第九十九条第二项")]
    assert (r.fine_yuan, [f.raw for f in r.fines]) == (200000, ["罚款人民币贰拾万元整"])
    assert r.violation_types == ["exceeding_limits", "treatment_not_running"]
    assert r.pollutants == ["particulate_matter"]
    assert r.penalty_kinds == ["fine"]
    assert r.facts.startswith("我局于2023年3月1日")
    assert any("declared charset utf-8" in w for w in r.warnings)


def test_traditional_fullwidth_label_table_normalizes_and_flags_pilot_code():
    [r] = _parse("label_table_traditional.html")
    assert r.parser == "html.label_table"
    assert r.decision_no_raw == "蘇環罰字【２０２３】 １２ 號"
    assert r.decision_no == "苏环罚字〔2023〕12号"
    assert (r.party_name_raw, r.party_name) == ("金像電子（蘇州）有限公司", "金像电子(苏州)有限公司")
    assert (r.uscc, r.uscc_status) == ("91350100M0001TGQXM", UsccStatus.PILOT)
    assert r.legal_rep == "王小明"
    assert r.address == "苏州市吴中区木渎镇金枫南路1258号"
    assert str(r.decision_date) == "2023-12-28" and str(r.rectification_deadline) == "2024-03-31"
    assert [f.amount_yuan for f in r.fines] == [100000, 50000] and r.fine_yuan == 150000
    assert [f.raw for f in r.fines] == ["罰款人民幣壹拾萬元整", "罰款人民幣伍萬元整"]  # as printed
    assert r.penalty_kinds == ["fine", "suspend_production"]
    assert r.violation_types == ["exceeding_limits", "no_eia"]
    assert r.pollutants == ["cod", "ammonia_nitrogen"]
    assert len(r.legal_basis) == 2
    assert any(w.startswith("pilot USCC") for w in r.warnings)


def test_shuanggongshi_json_keeps_masked_code_and_reports_unknown_keys():
    [r] = _parse("shuanggongshi.json", doc_type="json")
    assert r.parser == "json.shuanggongshi"
    assert (r.decision_no, r.uscc, r.uscc_status) == ("冀环罚〔2024〕105号", "9113****MA0*****1X", UsccStatus.MASKED)
    assert r.fine_yuan == 80000 and str(r.decision_date) == "2024-03-05"
    assert r.pollutants == ["sulfur_dioxide", "nitrogen_oxides"]
    assert "unknown label: json:CF_NEWKEY" in r.warnings


def test_json_fine_only_in_the_amount_key_is_read_in_wan_yuan():
    raw = '{"CF_WSH":"冀环罚[2024]106号","CF_XDR_MC":"某某有限公司","CF_NR_FK":"8.0","CF_NR":"罚款","CF_JDRQ":"2024-03-05","CF_CFJG":"某市生态环境局"}'
    [r] = _parse("x.json", raw.encode(), doc_type="json")
    assert r.fine_yuan == 80000 and r.fines[0].raw == "8.0"


@pytest.mark.parametrize(("doc_type", "make"), [("xlsx", xlsx_bytes), ("xls", xls_bytes), ("pdf", pdf_bytes)])
def test_attachment_rows_become_records_and_a_row_without_party_is_quarantined(doc_type, make):
    res = read_document(make(), url=f"http://sim.example/a.{doc_type}", doc_type=doc_type, declared_encoding=None,
                        source_id="t-src", kind="penalty_decision")  # fmt: skip
    assert [r.row_index for r in res.records] == [0, 1]
    r0, r1 = res.records
    assert (r0.party_name, r0.decision_no, r0.fine_yuan, str(r0.decision_date)) == ("苏州某某电子有限公司", "苏环罚字〔2023〕1号", 200000, "2023-05-12")
    assert r0.violation_types == ["exceeding_limits"] and r0.pollutants == ["cod"]
    assert (r1.decision_no, r1.uscc_status, r1.fine_yuan, str(r1.decision_date)) == ("苏环罚字〔2023〕2号", UsccStatus.PILOT, 80000, "2023-05-13")
    assert r1.violation_types == ["no_eia"]
    assert r0.record_id != r1.record_id
    [q] = res.quarantined
    assert (q.reason, q.row_index) == ("missing mandatory field: party_name", 2)


def test_page_without_a_record_is_quarantined_with_a_reason():
    with pytest.raises(QuarantineError, match="no record layout recognized"):
        _parse("no_party.html")


def test_missing_decision_number_keeps_the_record_null_and_flagged():
    [r] = _parse("label_table_missing_no.html")
    assert (r.decision_no, r.party_name, r.authority) == (None, "无锡某某印染有限公司", "无锡市生态环境局")
    assert "decision_no:missing" in r.flags


def test_missing_decision_number_is_fine_for_a_key_polluter_listing():
    [r] = _parse("label_table_missing_no.html", kind="key_polluter_list")
    assert r.doc_kind == "key_polluter_listing" and r.decision_no is None


def test_individual_party_id_number_is_masked_in_every_field():
    html = """<html><body><table>
    <tr><td>行政处罚决定书文号</td><td>宁环罚〔2023〕99号 (320102198001011234)</td></tr>
    <tr><td>行政相对人名称</td><td>张某某</td></tr><tr><td>证件号码</td><td>320102198001011234</td></tr>
    <tr><td>处罚事由</td><td>张某某（身份证号码320102198001011234）露天焚烧废弃物</td></tr>
    <tr><td>处罚结果</td><td>罚款人民币伍仟元整</td></tr>
    <tr><td>处罚决定日期</td><td>2023-05-12</td></tr><tr><td>处罚机关</td><td>南京市生态环境局</td></tr>
    </table></body></html>"""
    [r] = _parse("person.html", html.encode())
    assert r.party_type == PartyType.INDIVIDUAL
    assert "198001011234" not in r.model_dump_json()
    assert "320102********1234" in r.facts and "320102********1234" in r.decision_no_raw
    assert r.fine_yuan == 5000 and r.violation_types == ["fugitive_emissions"]


def test_unknown_label_and_unknown_violation_type_are_warnings_on_the_record():
    html = """<html><body><table>
    <tr><td>行政处罚决定书文号</td><td>宁环罚〔2023〕7号</td></tr><tr><td>行政相对人名称</td><td>南京某某有限公司</td></tr>
    <tr><td>违法行为类型</td><td>超标排放、外星排放</td></tr><tr><td>新奇标签</td><td>x</td></tr>
    <tr><td>处罚决定日期</td><td>2023-05-12</td></tr><tr><td>处罚机关</td><td>南京市生态环境局</td></tr>
    </table></body></html>"""
    [r] = _parse("warn.html", html.encode())
    assert "unknown label: 新奇标签" in r.warnings
    assert "unknown violation type: 外星排放" in r.warnings
    assert r.violation_types == ["exceeding_limits"]


def test_reparsing_gives_identical_records_and_a_revision_changes_only_content_hash():
    raw = (FIXTURES / "label_table_traditional.html").read_bytes()
    [a] = _parse("label_table_traditional.html", raw)
    [b] = _parse("label_table_traditional.html", raw)
    assert a.model_dump(exclude={"fetched_at"}) == b.model_dump(exclude={"fetched_at"})
    revised = raw.replace("壹拾萬元".encode(), "貳拾萬元".encode())
    [c] = _parse("label_table_traditional.html", revised)
    assert c.record_id == a.record_id and c.content_hash != a.content_hash and c.fine_yuan == 250000


def test_person_row_with_id_in_the_code_column_is_an_individual_with_the_id_masked():
    import io

    from build_attachments import HEADER
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(HEADER)
    wb.active.append(["1", "张伟", "120115198003045563", "", "津环罚〔2024〕5号", "无组织排放及扬尘", "露天焚烧废弃物",
                      "", "罚款人民币伍仟元整", 0.5, "2024-03-05", "天津市宝坻区生态环境局"])  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    [r] = _parse("p.xlsx", buf.getvalue(), doc_type="xlsx", declared=None)
    assert (r.party_type, r.uscc, r.uscc_status) == (PartyType.INDIVIDUAL, None, UsccStatus.ABSENT)
    assert "198003045563" not in r.model_dump_json()
    assert r.fine_yuan == 5000


def test_an_article_that_only_links_attachments_has_no_records_and_is_not_quarantined():
    html = """<html><head><meta name="ArticleTitle" content="2024年第一季度行政处罚信息公开"></head><body>
    <div class="TRS_Editor"><p>根据《中华人民共和国政府信息公开条例》，现将行政处罚信息公开如下：</p>
    <p class="insertfileTag"><a href="./P020240105123.xls">附件1.xls</a></p>
    <p class="insertfileTag"><a href="./P020240105124.pdf">附件2.pdf</a></p></div></body></html>"""
    res = read_document(html.encode(), url="http://sim.example/art.html", doc_type="html", declared_encoding="utf-8",
                        source_id="t-src", kind="penalty_decision")  # fmt: skip
    assert (res.records, res.quarantined, res.no_records) == ([], [], "attachment article (2 files linked)")


def test_label_table_with_label_and_value_in_one_cell():
    html = """<html><body><div id="zoom"><table>
    <tr><td>行政处罚决定书文号：锡环罚〔2024〕8号</td></tr><tr><td>当事人：无锡某某印染有限公司</td></tr>
    <tr><td>处罚事由：未依法取得排污许可证排放污染物</td></tr><tr><td>处罚决定日期：2024年3月5日</td></tr>
    <tr><td>处罚机关：无锡市生态环境局</td></tr><tr><td>处罚结果：罚款20万元</td></tr></table></div></body></html>"""
    [r] = _parse("one-cell.html", html.encode())
    assert (r.decision_no, r.party_name, str(r.decision_date), r.fine_yuan) == ("锡环罚〔2024〕8号", "无锡某某印染有限公司", "2024-03-05", 200000)
    assert r.violation_types == ["no_permit"]


def test_credit_china_template_headers_read_codes_from_their_numbered_columns():
    import io

    from openpyxl import Workbook

    header = ["行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "行政相对人代码_2(工商注册号)",
              "行政相对人代码_3(组织机构代码)", "行政相对人代码_4(税务登记号)", "法定代表人", "法定代表人证件类型",
              "法定代表人证件号码", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
              "罚款金额(万元)", "处罚决定日期", "处罚有效期", "公示截止期", "处罚机关", "数据来源单位", "备注"]  # fmt: skip
    row = ["某某化工有限公司", "法人及非法人组织", "", "320100000012345", "60003734-1", "", "赵六", "身份证",
           "320102198001011234", "宁环罚〔2024〕3号", "超标排放", "超标排放废水", "《中华人民共和国水污染防治法》第八十三条第二项",
           "罚款", "罚款人民币拾万元", 10, "2024/01/05", "2027/01/05", "2027/01/05", "南京市生态环境局", "南京市生态环境局", ""]  # fmt: skip
    wb = Workbook()
    wb.active.append(header)
    wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    [r] = _parse("cc.xlsx", buf.getvalue(), doc_type="xlsx", declared=None)
    assert (r.reg_no, r.org_code, r.uscc_status) == ("320100000012345", "60003734-1", UsccStatus.ABSENT)
    assert r.fine_yuan == 100000 and not [w for w in r.warnings if w.startswith("unknown label")]
    assert "198001011234" not in r.model_dump_json()


def test_a_truncated_page_is_quarantined_not_half_read():
    raw = (FIXTURES / "label_table_traditional.html").read_bytes()
    with pytest.raises(QuarantineError, match="truncated HTML"):
        _parse("cut.html", raw[: int(len(raw) * 0.55)])


def test_order_to_correct_prose_reads_the_order_and_its_deadline():
    html = """<html><head><meta name="ArticleTitle" content="责令改正违法行为决定书"></head><body><div class="TRS_Editor">
    <p>常州市生态环境局</p><p>责令改正违法行为决定书</p><p>常环责改〔2024〕15号</p>
    <p>当事人：常州某某机械有限公司</p><p>统一社会信用代码：91110000600037341L</p><p>法定代表人：周强</p>
    <p>一、环境违法事实和证据</p><p>2024年3月2日检查发现，你单位未按照规定对所排放的工业废气进行监测。</p>
    <p>你单位的上述行为违反了《中华人民共和国大气污染防治法》第二十四条第一款的规定。</p>
    <p>二、责令改正的依据和内容</p>
    <p>依据《中华人民共和国大气污染防治法》第一百条第二项的规定，现责令你单位立即改正违法行为，并于2024年6月30日前完成整改。</p>
    <p>常州市生态环境局</p><p>二〇二四年三月十五日</p></div></body></html>"""
    [r] = _parse("order.html", html.encode(), kind="order_to_correct")
    assert (r.decision_no, str(r.decision_date), str(r.rectification_deadline)) == ("常环责改〔2024〕15号", "2024-03-15", "2024-06-30")
    assert r.penalty_kinds == ["order_to_correct"] and r.fines == [] and r.violation_types == ["no_monitoring"]
    assert [(b.law, b.article) for b in r.legal_basis] == [("《中华人民共和国大气污染防治法》", "第一百条第二项")]
    assert r.facts == "2024年3月2日检查发现,你单位未按照规定对所排放的工业废气进行监测。"


def test_prose_with_stray_spaces_in_every_paragraph_reads_the_same():
    import re

    text = (FIXTURES / "prose_gbk.html").read_text(encoding="utf-8")
    spaced = re.sub(r"<p([^>]*)>(..)", r"<p\1>\2 ", text)  # a space after the 2nd character of each paragraph
    [a] = _parse("prose.html", text.encode())
    [b] = _parse("prose.html", spaced.encode())
    assert b.facts.replace(" ", "") == a.facts.replace(" ", "") and "以上事实" not in b.facts.replace(" ", "")
    assert (b.party_name, b.fine_yuan, b.decision_no, b.authority) == (a.party_name, a.fine_yuan, a.decision_no, a.authority)


def test_four_column_label_table_in_a_hanweb_zoom_div():
    html = """<html><head><meta charset="utf-8"><title>行政处罚决定</title></head><body><div class="nav">首页</div>
    <div id="zoom"><table><tr><th>案件名称</th><td colspan="3">某某公司超标排放案</td></tr>
    <tr><td>当事人</td><td>嘉兴某某纺织有限公司</td><td>统一社会信用代码</td><td>91110000600037341L</td></tr>
    <tr><td>文号</td><td>嘉环罚〔2023〕 88号</td><td>处罚决定日期</td><td>2023/07/03</td></tr>
    <tr><td>处罚内容</td><td>罚款人民币壹拾贰万伍仟元整</td><td>处罚机关</td><td>嘉兴市生态环境局</td></tr>
    <tr><td>违法事实</td><td colspan="3">废水总排口化学需氧量超标排放</td></tr></table></div></body></html>"""
    [r] = _parse("hanweb.html", html.encode())
    assert (r.decision_no, r.party_name, str(r.decision_date), r.fine_yuan) == ("嘉环罚〔2023〕88号", "嘉兴某某纺织有限公司", "2023-07-03", 125000)
    assert (r.violation_types, r.pollutants, r.authority) == (["exceeding_limits"], ["cod"], "嘉兴市生态环境局")


def test_json_list_of_records_with_epoch_dates_gives_one_record_per_object():
    raw = """{"code":0,"data":{"list":[
      {"CF_WSH":"杭环罚〔2024〕1号","CF_XDR_MC":"杭州甲有限公司","CF_JDRQ":1709596800000,"CF_CFJG":"杭州市生态环境局","CF_NR_FK":2.5},
      {"CF_WSH":"杭环罚〔2024〕2号","CF_XDR_MC":"杭州乙有限公司","CF_JDRQ":1709683200000,"CF_CFJG":"杭州市生态环境局","CF_NR_FK":"1"}]}}"""
    records = _parse("list.json", raw.encode(), doc_type="json")
    assert [(r.row_index, r.decision_no, str(r.decision_date), r.fine_yuan) for r in records] == [
        (0, "杭环罚〔2024〕1号", "2024-03-05", 25000), (1, "杭环罚〔2024〕2号", "2024-03-06", 10000)]

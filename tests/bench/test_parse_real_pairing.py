"""The real-page bench pairs truth rows with records by the party first, the fine second."""

from bench.parse_real import FIELDS, _pair
from normalize.document import read_document


def test_a_record_goes_to_the_row_naming_it_not_an_earlier_row_sharing_only_its_fine():
    text = "执法人员检查发现，福泉市邦泰铁合金有限公司技改项目未取得环保审批，被处8万元罚款。"
    records = read_document(text.encode(), url="file:///t.txt", doc_type="text", declared_encoding="utf-8",
                            source_id="t", kind=None).records  # fmt: skip
    rows = [dict.fromkeys(FIELDS) | {"party_name": "黔东冶炼", "fine_yuan": 80000},
            dict.fromkeys(FIELDS) | {"party_name": "福泉市邦泰铁合金有限公司", "fine_yuan": 80000}]  # fmt: skip
    pairs = _pair(rows, records)
    assert pairs[0][1] is None and pairs[1][1] is records[0]


def test_a_corpus_whose_split_left_a_part_empty_still_prints(capsys):
    from bench.parse_real import print_table, score

    print_table(score([]))
    assert "check part: no stated values" in capsys.readouterr().out

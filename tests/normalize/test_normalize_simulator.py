"""Live-style check against the simulator: pages of every template and kind, rendered in-process,
parsed and compared field by field with the simulator's truth export."""

from bench.parse import gold_pages, score


def test_simulator_pages_of_every_template_and_kind_parse_to_their_truth():
    pages = gold_pages(40)  # ~2 documents per (template, kind)
    assert {p.doc_type for p in pages} >= {"html", "json", "xls", "xlsx", "pdf"}
    result = score(pages)
    assert result["missing_records"] == 0 and result["quarantined"] == {}
    worst = min(result["accuracy"].items(), key=lambda kv: kv[1])
    assert worst[1] >= 0.98, (worst, result["examples_of_misses"])

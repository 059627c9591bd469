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


def test_simulated_prior_notices_and_payment_reminders_are_read_as_what_they_are():
    """The simulator publishes some decision items as prior notices (proposed fine) and payment
    reminders (citing the decision): read as their own kinds, never as violations."""
    from greenchain.registry import SourceKind, Template
    from normalize.document import read_document
    from simulator.urls import detail_path
    from simulator.vocab import normalized_decision_no
    from simulator.world import build_web
    from warehouse.config import load_warehouse_config

    web = build_web(day=1, seed=0)
    found: dict[str, object] = {}
    for s in sorted(web.registry.active(), key=lambda s: s.id):
        if s.kind != SourceKind.PENALTY_DECISION or s.template not in (Template.TRS_WCM, Template.HANWEB_JCMS, Template.HTML_TABLE):
            continue
        if web.expectation(s.id) != (True, True):
            continue
        for item in web.live(s):
            [rec] = web.publisher.records(item, 1)
            if rec.doc_kind in ("prior_notice", "payment_reminder") and rec.doc_kind not in found:
                resp = web.handle("GET", s.host, detail_path(s, item))
                res = read_document(resp.body, url=s.base_url + detail_path(s, item), doc_type="html",
                                    declared_encoding=None, source_id=s.id, kind=s.kind.value)  # fmt: skip
                found[rec.doc_kind] = (rec, res.records)
        if len(found) == 2:
            break
    violations = set(load_warehouse_config().violation_kinds)
    notice, [n] = found["prior_notice"]
    assert n.doc_kind == "prior_notice" and n.doc_kind not in violations
    assert (n.fine_yuan, n.proposed_fine_yuan, n.decision_no) == (None, notice.proposed_fine_yuan, normalized_decision_no(notice.decision_no))
    reminder, [m] = found["payment_reminder"]
    assert m.doc_kind == "payment_reminder" and m.doc_kind not in violations
    assert (m.fine_yuan, m.decision_no) == (None, normalized_decision_no(reminder.decision_no))  # its own, not the cited one

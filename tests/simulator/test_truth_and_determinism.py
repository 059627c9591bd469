"""Same seed and day give the same bytes; the truth matches what the pages show."""

from __future__ import annotations

import json
import re
from datetime import date

from typer.testing import CliRunner

from greenchain.registry import Template
from simulator.site import SimulatedWeb
from simulator.truth import truth_lines
from simulator.urls import detail_path


def _urls(web: SimulatedWeb, pick) -> list[tuple[str, str, str]]:  # noqa: ANN001
    out = []
    for template in Template:
        s = pick(web, template, min_items=2)
        out.append(("GET", s.host, s.list_path if template != Template.JSON_API else s.params["detail_path"]))
        for it in web.live(s)[:2]:
            out.append(("GET", s.host, detail_path(s, it)))
    return out


def test_same_seed_and_day_give_identical_bytes_and_another_seed_does_not(make_web, pick) -> None:  # noqa: ANN001
    a, b, other = make_web(seed=11), make_web(seed=11), make_web(seed=12)
    urls = _urls(a, pick)
    assert [a.handle(*u).body for u in urls] == [b.handle(*u).body for u in urls]
    assert [a.handle(*u).body for u in urls[:3]] != [other.handle(*u).body for u in urls[:3]]


def test_day_two_keeps_the_back_catalogue_and_adds_items_to_some_sources(web: SimulatedWeb) -> None:
    sources = web.registry.active()[:400]
    grew = 0
    for s in sources:
        day1 = {i.key for i in web.publisher.items(s.id, 1)}
        day2 = {i.key for i in web.publisher.items(s.id, 2)}
        assert day1 <= day2
        grew += len(day2) > len(day1)
        new = [i for i in web.publisher.items(s.id, 2) if i.key not in day1]
        assert all(i.publish_date == date(2026, 11, 23) for i in new)
    assert 0.05 < grew / len(sources) < 0.3


def _decoded(web: SimulatedWeb, url: str) -> str:
    host, _, path = url.removeprefix("http://").partition("/")
    resp = web.handle("GET", host, "/" + path)
    assert resp.status == 200, url
    charset = resp.headers["Content-Type"].split("charset=")[1]
    return resp.body.decode(charset)


def test_truth_values_appear_verbatim_on_the_rendered_pages(web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    for template in (Template.TRS_WCM, Template.HANWEB_JCMS, Template.HTML_TABLE, Template.JSON_API):
        s = pick(web, template, min_items=3)
        for t in truth_lines(web, 1, [s.id], progress=False):
            page = _decoded(web, t["url"])
            text = json.loads(page)["data"] if template == Template.JSON_API else None
            blob = json.dumps(text, ensure_ascii=False) if text else re.sub(r"<[^>]+>", "", page)
            blob = blob.replace("&amp;", "&")
            keys = ("party_name_raw", "decision_no_raw") + (
                ("title",) if template != Template.JSON_API else ()
            )
            for key in keys:
                assert t[key] in blob, (s.id, key, t[key])
            for fine in t["fines"]:
                assert fine["raw"] in blob
            if t["uscc"] and t["print_variant"] != "fullwidth":
                assert t["uscc"] in blob


def test_truth_counts_every_listed_item_and_marks_its_source_fault(web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    s = pick(web, Template.TRS_WCM, min_items=5)
    lines = list(truth_lines(web, 1, [s.id], progress=False))
    assert len(lines) == len(web.live(s))
    assert {t["fault_mode"] for t in lines} == {"none"} and all(t["crawlable"] for t in lines)
    assert {t["status"] for t in lines} == {"live"}
    # a decision site publishes decisions (as documents or 双公示 tables), and a few prior notices and reminders
    kinds = {"penalty_decision", "credit_record", "prior_notice", "payment_reminder"}
    assert all(t["doc_kind"] in kinds and t["decision_date"] <= t["publish_date"] for t in lines)


def test_revised_items_show_the_corrected_fine_from_their_revision_day(web: SimulatedWeb) -> None:
    for s in web.registry.active():
        if s.template != Template.TRS_WCM or s.kind != "penalty_decision":
            continue
        revised = [i for i in web.publisher.items(s.id, 1) if i.revised_day]
        if revised:
            break
    item = revised[0]
    before = web.publisher.records(item, item.revised_day - 1)[0].fines[0]
    after = web.publisher.records(item, item.revised_day)[0].fines[0]
    assert after.amount_yuan < before.amount_yuan
    line = next(
        t for t in truth_lines(web, item.revised_day, [s.id], progress=False) if t["item_key"] == item.key
    )
    assert line["revised"] is True and line["fines"][0]["amount_yuan"] == after.amount_yuan


def test_parties_are_registry_companies_people_and_proprietors_with_checkable_codes(
    web: SimulatedWeb,
) -> None:
    from simulator.codes import id_card_check_char, is_valid_uscc

    lines = [t for s in web.registry.active()[:250] for t in truth_lines(web, 1, [s.id], progress=False)]
    kinds = {t["party_type"] for t in lines}
    assert {"company", "sole_proprietor", "individual"} <= kinds
    for t in lines:
        if t["uscc_status"] == "valid":
            assert is_valid_uscc(t["uscc"])
        if t["uscc_status"] in ("invalid", "pilot"):
            assert not is_valid_uscc(t["uscc"])
        if t["uscc_status"] == "masked":
            assert "*" in t["uscc"]
        if t["party_type"] == "individual":
            assert id_card_check_char(t["id_no_raw"][:17]) == t["id_no_raw"][17]
        if t["party_type"] == "company":
            assert t["party_company_id"].startswith("co-")


def test_truth_command_writes_jsonl_for_chosen_sources(tmp_path) -> None:  # noqa: ANN001
    import typer

    from greenchain.cli import simulate

    app = typer.Typer()
    simulate.register(app)
    out = tmp_path / "truth.jsonl"
    res = CliRunner().invoke(
        app,
        [
            "simulate",
            "truth",
            "--day",
            "1",
            "--out",
            str(out),
            "--sources",
            "320500-xzcf,110000-xzcf",
            "--companies",
            "2000",
        ],
    )
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines and {x["source_id"] for x in lines} <= {"320500-xzcf", "110000-xzcf"}
    bad = CliRunner().invoke(app, ["simulate", "truth", "--day", "1", "--out", str(out), "--sources", "nope"])
    assert bad.exit_code != 0

"""Every fault mode behaves as configured, and the truth says what a crawler can expect."""

from __future__ import annotations

import json
import re

import pytest

from greenchain.registry import SourceKind, Template
from simulator.config import FaultMode, SimulatorConfig
from simulator.faults import assign_faults
from simulator.site import SimulatedWeb
from simulator.truth import truth_lines
from simulator.urls import detail_path


def _list_target(s) -> tuple[str, str]:  # noqa: ANN001
    if s.template == Template.JSON_API:
        return "POST", s.list_path
    if s.template == Template.HTML_TABLE:
        return "GET", s.list_path + "?page=1"
    return "GET", s.list_path


@pytest.fixture(scope="module")
def trs(web: SimulatedWeb, pick):  # noqa: ANN001, ANN201
    return pick(web, Template.TRS_WCM, min_items=3)


def test_fault_shares_are_drawn_deterministically_and_overrides_win(registry) -> None:  # noqa: ANN001
    cfg = SimulatorConfig(faults={FaultMode.PERMANENT_5XX: 0.1}, overrides={"320500-xzcf": FaultMode.SLOW})
    a, b = assign_faults(registry, cfg, 1), assign_faults(registry, cfg, 1)
    assert a == b and a["320500-xzcf"] == FaultMode.SLOW
    share = sum(m == FaultMode.PERMANENT_5XX for m in a.values()) / len(a)
    assert 0.08 < share < 0.12
    with pytest.raises(ValueError, match="unknown or inactive"):
        assign_faults(registry, SimulatorConfig(overrides={"nope-xzcf": FaultMode.SLOW}), 1)


def test_transient_5xx_fails_the_first_requests_of_each_day_then_works(make_web, trs) -> None:  # noqa: ANN001
    web = make_web(**{trs.id: "transient_5xx"})
    k = web.config.fault_params.transient_failures
    statuses = [web.handle("GET", trs.host, trs.list_path).status for _ in range(k + 2)]
    assert all(st in (500, 502, 503) for st in statuses[:k]) and statuses[k:] == [200, 200]
    web.set_day(2)
    assert web.handle("GET", trs.host, trs.list_path).status in (500, 502, 503)


def test_permanent_5xx_and_firewall_412_always_fail_and_truth_marks_them_uncrawlable(make_web, trs) -> None:  # noqa: ANN001
    web = make_web(**{trs.id: "permanent_5xx"})
    assert {web.handle("GET", trs.host, trs.list_path).status for _ in range(5)} == {503}
    web = make_web(**{trs.id: "firewall_412"})
    resp = web.handle("GET", trs.host, trs.list_path)
    assert resp.status == 412 and "拦截" in resp.body.decode()
    line = next(truth_lines(web, 1, [trs.id], progress=False))
    assert line["fault_mode"] == "firewall_412" and line["crawlable"] is False


def test_rate_limited_answers_429_with_small_retry_after(make_web, trs) -> None:  # noqa: ANN001
    web = make_web(**{trs.id: "rate_limited"})
    every = web.config.fault_params.rate_every
    answers = [web.handle("GET", trs.host, trs.list_path) for _ in range(every * 2)]
    limited = [r for r in answers if r.status == 429]
    assert len(limited) == 2 and all(1 <= int(r.headers["Retry-After"]) <= 2 for r in limited)
    assert sum(r.status == 200 for r in answers) == every * 2 - 2


def test_slow_and_timeout_are_told_to_the_server(make_web, trs) -> None:  # noqa: ANN001
    web = make_web(**{trs.id: "slow"})
    assert web.handle("GET", trs.host, trs.list_path).delay_s == web.config.fault_params.slow_s
    web = make_web(**{trs.id: "timeout"})
    resp = web.handle("GET", trs.host, trs.list_path)
    assert resp.hang_s == web.config.fault_params.timeout_s and resp.body == b""


def test_charset_mislabelled_declares_the_other_encoding(make_web, web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    gbk = next(
        s
        for s in web.registry.active()
        if s.encoding == "gbk" and s.template == Template.TRS_WCM and web.publisher.catalogue_size(s) > 0
    )
    honest = web.handle("GET", gbk.host, gbk.list_path)
    assert honest.headers[
        "Content-Type"
    ] == "text/html; charset=GBK" and 'charset="GBK"' in honest.body.decode("gbk")
    lying = make_web(**{gbk.id: "charset_mislabelled"}).handle("GET", gbk.host, gbk.list_path)
    assert lying.headers["Content-Type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        lying.body.decode("utf-8")
    assert lying.body.decode("gbk") == honest.body.decode("gbk").replace("GBK", "utf-8")


def test_truncated_html_cuts_detail_pages_but_not_lists(make_web, trs) -> None:  # noqa: ANN001
    web = make_web(**{trs.id: "truncated_html"})
    item = web.live(trs)[0]
    page = web.handle("GET", trs.host, detail_path(trs, item)).body
    assert b"</html>" not in page and len(page) > 500
    assert web.handle("GET", trs.host, trs.list_path).body.rstrip().endswith(b"</html>")
    line = next(truth_lines(web, 1, [trs.id], progress=False))
    assert (line["crawlable"], line["parseable"]) == (True, False)


def test_truth_marks_attachment_files_unreachable_when_their_links_are_cut(make_web, web, pick) -> None:  # noqa: ANN001
    src = pick(web, Template.ATTACHMENT, min_items=2, kind=SourceKind.KEY_POLLUTER_LIST)
    cut = make_web(**{src.id: "truncated_html"})
    item = cut.live(src)[0]
    article = cut.handle("GET", src.host, detail_path(src, item)).body
    lines = [ln for ln in truth_lines(cut, 1, [src.id], progress=False) if ln["item_key"] == item.key]
    assert lines
    for ln in lines:
        href = "./" + ln["url"].rsplit("/", 1)[1]
        assert ln["crawlable"] == (href.encode() in article), href
    assert not any(ln["crawlable"] for ln in lines)  # the links sit in the cut half of the page


def test_layout_changes_from_the_configured_day(make_web, trs) -> None:  # noqa: ANN001
    web = make_web(**{trs.id: "layout_change"})
    item = web.live(trs)[0]
    before = web.handle("GET", trs.host, detail_path(trs, item)).body
    web.set_day(web.config.fault_params.layout_change_day)
    after = web.handle("GET", trs.host, detail_path(trs, item)).body
    charset = "gbk" if trs.encoding == "gbk" else "utf-8"
    assert 'class="TRS_Editor"' in before.decode(charset) and 'class="TRS_Editor_v2"' in after.decode(charset)
    assert ("<table" in before.decode(charset)) != ("<table" in after.decode(charset))


def test_empty_list_answers_200_with_no_items(make_web, web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    for template in (Template.TRS_WCM, Template.JSON_API, Template.HTML_TABLE, Template.HANWEB_JCMS):
        s = pick(web, template, min_items=2)
        broken = make_web(**{s.id: "empty_list"})
        method, path = _list_target(s)
        body = json.dumps({"pageNo": 1, "pageSize": 20}).encode() if method == "POST" else b""
        resp = broken.handle(method, s.host, path, {"content-type": "application/json"}, body)
        assert resp.status == 200
        text = resp.body.decode("gbk" if "GBK" in resp.headers["Content-Type"] else "utf-8")
        if method == "POST":
            assert json.loads(text)["data"]["total"] == 0 and json.loads(text)["data"]["list"] == []
        else:
            assert not re.search(r"(/t\d{8}_|content_\d|/art/\d)", text) and "<record>" not in text


def test_takedown_removes_items_on_the_later_day_and_truth_says_taken_down(make_web, trs) -> None:  # noqa: ANN001
    web = make_web(**{trs.id: "takedown"})
    items = web.live(trs)
    gone = [i for i in items if i.takedown_day == 2]
    assert gone
    url = detail_path(trs, gone[0])
    assert web.handle("GET", trs.host, url).status == 200
    web.set_day(2)
    assert web.handle("GET", trs.host, url).status == 404
    status = {t["item_key"]: t["status"] for t in truth_lines(web, 2, [trs.id], progress=False)}
    assert status[gone[0].key] == "taken_down"


def test_duplicates_across_sites_repeat_another_sites_decision(make_web, registry, pick, web) -> None:  # noqa: ANN001
    prov = next(s for s in registry.active() if s.id == "320000-xzcf")
    dup = make_web(**{prov.id: "duplicate_across_sites"})
    lines = list(truth_lines(dup, 1, [prov.id], progress=False))
    reposts = [t for t in lines if t["republished_from"]]
    assert reposts
    origin = reposts[0]["republished_from"]
    original = next(
        t for t in truth_lines(dup, 1, [origin["source_id"]], progress=False) if t["url"] == origin["url"]
    )
    assert (original["decision_no"], original["party_name"]) == (
        reposts[0]["decision_no"],
        reposts[0]["party_name"],
    )


def test_a_bad_simulator_config_names_file_line_and_key(tmp_path) -> None:  # noqa: ANN001
    from greenchain.configfile import ConfigError
    from simulator.config import load_simulator_config

    (tmp_path / "simulator.yaml").write_text("day1_date: 2026-11-22\nfaults:\n  slow: 0.5\n  sluggish: 0.1\n")
    with pytest.raises(ConfigError, match=r"simulator\.yaml:4: key 'faults.sluggish"):
        load_simulator_config(tmp_path)
    (tmp_path / "simulator.yaml").write_text("faults:\n  slow: 0.7\n  timeout: 0.7\n")
    with pytest.raises(ConfigError, match="sum to at most 1"):
        load_simulator_config(tmp_path)


def test_source_truth_states_each_sources_fault_and_expected_health(make_web, trs) -> None:  # noqa: ANN001
    from simulator.truth import source_lines

    ok = next(source_lines(make_web(), 1, [trs.id]))
    assert (ok["fault_mode"], ok["expected_health"], ok["items_listed"]) == ("none", "ok", ok["items_live"])
    broken = next(source_lines(make_web(**{trs.id: "empty_list"}), 1, [trs.id]))
    assert (broken["fault_mode"], broken["crawlable"], broken["items_listed"]) == ("empty_list", False, 0)
    assert broken["expected_health"] == "failed" and broken["items_live"] > 0

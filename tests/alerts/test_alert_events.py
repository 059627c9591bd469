"""Events per brand, derived from the warehouse and the outbox: what is alerted, once, and when."""

from __future__ import annotations

import json
import sqlite3

from alerts.events import idempotency_key
from alerts.outbox import outbox_path
from alerts.run import process_alerts


def _run(env, run_id: str, deliver: bool = True) -> dict:
    return process_alerts(run_id, env.paths, deliver, config=env.config, brands=env.brands)


def _messages(env) -> list[dict]:
    con = sqlite3.connect(outbox_path(env.paths))
    try:
        return [json.loads(b) for (b,) in con.execute("SELECT body FROM messages ORDER BY seq")]
    finally:
        con.close()


def _about(msgs: list[dict], brand: str, record: str) -> list[str]:
    return [m["event"] for m in msgs if m["brand_id"] == brand and m["record_id"] == record]


def test_first_load_alerts_each_brand_about_its_suppliers_and_their_branches(env, receiver):
    out = _run(env, "2026-11-22")

    assert out["events"]["new"] == 5
    msgs = _messages(env)
    pairs = sorted((m["brand_id"], m["record_id"]) for m in msgs)
    # rec-b is the Kunshan branch of a listed supplier; VoltEdge's Hongda row is still in review;
    # nobody lists the company of rec-z.
    assert pairs == [("huaxin-textile", "rec-a"), ("huaxin-textile", "rec-b"), ("huaxin-textile", "rec-c"),
                     ("voltedge", "rec-a"), ("voltedge", "rec-b")]
    branch = next(m for m in msgs if m["brand_id"] == "voltedge" and m["record_id"] == "rec-b")
    assert branch["company"]["relation"] == "branch"
    assert branch["company"]["parent_company_name"] == "苏州金像电子有限公司"
    assert branch["supplier"]["name_as_listed"] == "Suzhou Jinxiang Electronics Co., Ltd."
    # only VoltEdge registered a webhook, and it got its two alerts
    assert sorted(r.message["record_id"] for r in receiver.accepted) == ["rec-a", "rec-b"]
    assert out["delivery"]["webhook"]["delivered"] == 2
    assert out["delivery"]["feed"]["delivered"] == 5


def test_every_alert_carries_supplier_match_violation_and_source(env):
    _run(env, "2026-11-22")
    m = next(m for m in _messages(env) if m["brand_id"] == "voltedge" and m["record_id"] == "rec-a")

    assert m["supplier"] == {
        "supplier_row_id": "voltedge:3", "name_as_listed": "Suzhou Jinxiang Electronics Co., Ltd.",
        "company_id": "co-jinxiang", "match_band": "auto", "match_score": 0.97,
        "match_explanation": {"rule": "uscc", "evidence": "USCC on list matches registry"},
    }
    assert m["company"]["company_id"] == "co-jinxiang" and m["company"]["name"] == "苏州金像电子有限公司"
    assert m["match"]["score"] == 0.99 and m["match"]["explanation"]["evidence"] == "USCC on the decision"
    assert m["violation"] == {
        "doc_kind": "penalty_decision", "decision_no": "苏环罚字〔2026〕12号", "party_name": "苏州金像电子有限公司",
        "authority": "苏州市生态环境局", "decision_date": "2026-06-10", "fine_yuan": 200000.0,
        "violation_types": ["exceed_discharge_limit"], "pollutants": ["cod", "ammonia_nitrogen"],
        "taken_down_at": None,
    }
    assert m["source"]["url"] == "http://sthjj.suzhou.gov.cn/art/2026/6/10/art_1_1.html"
    assert m["source"]["snapshot_sha256"] == "aa11"
    assert m["id"] == idempotency_key("voltedge", "rec-a", "new", 1, "co-jinxiang")


def test_two_runs_over_the_same_data_send_nothing_new(env, receiver):
    _run(env, "2026-11-22")
    sent = len(receiver.received)

    again = _run(env, "2026-11-22")

    assert sum(again["events"].values()) == 0
    assert all(v["delivered"] == 0 for v in again["delivery"].values())
    assert len(receiver.received) == sent
    assert len(_messages(env)) == 5


def test_second_load_yields_revision_takedown_resolution_and_review_events(env):
    _run(env, "2026-11-22")
    env.load("warehouse_run2.sql")

    out = _run(env, "2026-11-23")

    assert out["events"] == {"new": 0, "revised": 2, "taken_down": 2, "restored": 0, "resolution": 2,
                             "match_confirmed": 2, "match_rejected": 1}
    msgs = _messages(env)
    revised = next(m for m in msgs if m["event"] == "revised" and m["brand_id"] == "voltedge")
    assert revised["version"] == 2 and revised["violation"]["fine_yuan"] == 250000.0
    resolution = next(m for m in msgs if m["event"] == "resolution" and m["brand_id"] == "voltedge")
    assert resolution["resolution"]["stage"] == "explanation"
    assert _run(env, "2026-11-23")["events"] == dict.fromkeys(out["events"], 0)


def test_taken_down_record_yields_a_taken_down_event_not_a_resolution(env):
    _run(env, "2026-11-22")
    env.load("warehouse_run2.sql")
    _run(env, "2026-11-23")
    msgs = _messages(env)

    for brand in ("voltedge", "huaxin-textile"):
        events = _about(msgs, brand, "rec-b")
        assert "taken_down" in events and "resolution" not in events
    taken = next(m for m in msgs if m["event"] == "taken_down")
    assert taken["violation"]["taken_down_at"].startswith("2026-11-23")
    assert taken["resolution"]["stage"] is None


def test_rejected_match_retracts_the_alert_sent_in_error(env):
    _run(env, "2026-11-22")
    first = next(m for m in _messages(env) if m["brand_id"] == "huaxin-textile" and m["record_id"] == "rec-c")
    env.load("warehouse_run2.sql")

    _run(env, "2026-11-23")

    msgs = _messages(env)
    assert _about(msgs, "huaxin-textile", "rec-c") == ["new", "match_rejected"]
    retraction = next(m for m in msgs if m["event"] == "match_rejected")
    assert retraction["retracts"] == first["id"]
    assert retraction["supplier"]["name_as_listed"] == "无锡宏达印染"
    assert retraction["match"]["judgement"] == "negative"
    # the feed shows the retraction as such
    items = {i["id"]: i for i in json.loads(
        (env.paths.alerts / "feeds" / "huaxin-textile.json").read_text(encoding="utf-8"))["items"]}
    assert items[first["id"]]["title"].startswith("New violation [retracted]: 无锡宏达印染")
    assert items[retraction["id"]]["title"].startswith("RETRACTED (match rejected)")


def test_record_back_online_after_a_take_down_is_announced_once(env):
    _run(env, "2026-11-22")
    env.load("warehouse_run2.sql")
    _run(env, "2026-11-23")
    env.load("warehouse_run3_back_online.sql")

    out = _run(env, "2026-11-24")

    assert out["events"]["restored"] == 2
    assert _run(env, "2026-11-24")["events"]["restored"] == 0


def test_confirmed_in_review_supplier_row_starts_alerts_for_that_brand(env):
    _run(env, "2026-11-22")
    env.load("warehouse_run3_supplier_confirmed.sql")

    _run(env, "2026-11-24")

    assert _about(_messages(env), "voltedge", "rec-c") == ["new"]


def test_a_decision_naming_an_unregistered_unit_reaches_the_brands_listing_its_company_and_no_other(env, receiver):
    _run(env, "2026-11-22")
    env.load("warehouse_run2_branch_of.sql")

    _run(env, "2026-11-23")

    msgs = [m for m in _messages(env) if m["record_id"] in ("rec-u", "rec-v")]
    assert {(m["brand_id"], m["record_id"], m["event"]) for m in msgs} == {
        ("voltedge", "rec-u", "new"), ("huaxin-textile", "rec-u", "new")}  # rec-v: nobody lists its company
    for m in msgs:
        assert m["company"] == {"company_id": "co-jinxiang", "name": "苏州金像电子有限公司", "relation": "branch_of",
                                "parent_company_id": None, "parent_company_name": None}
        assert m["violation"]["party_name"] == "苏州金像电子有限公司吴江分公司"
        assert m["match"]["rule"] == "branch_of" and m["match"]["explanation"]["unit"]["label"] == "分公司"
    feed = (env.paths.alerts / "feeds" / "voltedge.json").read_text(encoding="utf-8")
    assert "the decision names 苏州金像电子有限公司吴江分公司, a unit of it that is not registered itself" in feed


def test_a_brand_listing_the_group_hears_of_its_companies_branches_each_brand_by_its_closest_listing(env, receiver):
    _run(env, "2026-11-22")
    env.load("warehouse_run2_group.sql")

    _run(env, "2026-11-23")  # also: a cycle in the registry's parent links ends (rec-l reaches nobody)

    new = {(m["brand_id"], m["record_id"]): m for m in _messages(env) if m["run_id"] == "2026-11-23"}
    assert set(new) == {("voltedge", "rec-w"), ("voltedge", "rec-c"), ("huaxin-textile", "rec-w")}
    assert new["voltedge", "rec-w"]["supplier"]["supplier_row_id"] == "voltedge:9"  # two levels up: the group
    assert new["voltedge", "rec-c"]["supplier"]["supplier_row_id"] == "voltedge:9"
    assert new["huaxin-textile", "rec-w"]["supplier"]["supplier_row_id"] == "huaxin-textile:1"  # its own listing
    assert {m["company"]["relation"] for m in new.values()} == {"branch"}
    assert new["voltedge", "rec-w"]["company"]["parent_company_name"] == "无锡宏达印染有限公司"

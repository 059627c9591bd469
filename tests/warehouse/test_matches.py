"""Matches, judgements, resolutions and marts built on them."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from whenv import Env


def test_a_positive_judgement_accepts_a_review_match_and_a_negative_one_rejects_an_auto_match(loaded: Env) -> None:
    review_rid, review_co = loaded.rows(
        "SELECT record_id, m.company_id FROM core.violation_matches m JOIN core.violations USING (record_id) "
        "WHERE band = 'review' ORDER BY record_id LIMIT 1"
    )[0]
    auto_rid, auto_co = loaded.rows(
        "SELECT record_id, m.company_id FROM core.violation_matches m JOIN core.violations USING (record_id) "
        "WHERE band = 'auto' ORDER BY record_id LIMIT 1"
    )[0]
    assert loaded.rows("SELECT company_id FROM core.violations WHERE record_id = ?", [review_rid]) == [(None,)]
    loaded.paths.review.mkdir(parents=True, exist_ok=True)
    lines = [
        {"left": review_rid, "company_id": review_co, "judgement": "positive", "by": "li", "at": "2026-11-21T09:00:00+08:00"},
        {"left": auto_rid, "company_id": auto_co, "judgement": "negative", "by": "li", "at": ""},
    ]
    (loaded.paths.review / "judgements.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    loaded.load("r1")  # judgements apply to stored matches, even without re-matching

    assert loaded.rows("SELECT company_id FROM core.violations WHERE record_id = ?", [review_rid]) == [(review_co,)]
    assert loaded.rows("SELECT company_id FROM core.violations WHERE record_id = ?", [auto_rid]) == [(None,)]
    assert loaded.rows(
        "SELECT judged, judgement, accepted FROM core.violation_matches WHERE record_id IN (?, ?) ORDER BY judgement",
        [review_rid, auto_rid],
    ) == [(True, "negative", False), (True, "positive", True)]


def test_resolved_violations_leave_the_unresolved_mart(loaded: Env) -> None:
    stages = dict(loaded.rows("SELECT resolution_stage, count(*) FROM marts.violation_history GROUP BY 1"))
    assert stages.get("resolved", 0) > 0 and stages.get("explained", 0) > 0 and stages["open"] > 0
    leaked = loaded.rows(
        "SELECT count(*) FROM marts.brand_unresolved_violations u "
        "JOIN marts.violation_history h USING (violation_key) WHERE h.resolved"
    )
    assert leaked == [(0,)]
    # every unresolved row belongs to an accepted supplier of that brand
    assert loaded.rows(
        "SELECT count(*) FROM marts.brand_unresolved_violations u LEFT JOIN core.brand_suppliers s "
        "ON s.brand_id = u.brand_id AND s.company_id = u.company_id AND s.accepted WHERE s.brand_id IS NULL"
    ) == [(0,)]


def test_an_unknown_input_column_is_reported_and_the_load_goes_on(env: Env) -> None:
    env.write_run("r1", n=200)
    path = env.paths.normalized_run("r1") / "records.parquet"
    t = pq.read_table(path)
    pq.write_table(t.append_column("penalty_points", pa.array([1] * t.num_rows)), path)
    summary = env.load("r1")
    assert summary["inputs"]["records"]["unknown_columns"] == ["penalty_points"]
    assert summary["inputs"]["records"]["rows"] == 200


def test_index_scores_are_loaded_when_the_index_has_written_them(loaded: Env) -> None:
    period = loaded.paths.index_period("2026-Q3")
    period.mkdir(parents=True)
    pq.write_table(pa.table({"brand_id": ["apple", "voltedge"], "score": [61.5, 40.0]}), period / "scores.parquet")
    loaded.load("r1")
    assert loaded.rows("SELECT period, brand_id, score FROM marts.index_scores ORDER BY brand_id") == [
        ("2026-Q3", "apple", 61.5), ("2026-Q3", "voltedge", 40.0),
    ]  # fmt: skip


def test_a_branch_matched_through_its_head_office_carries_branch_of(loaded: Env) -> None:
    """match names the head office of a branch (分公司) in its explanation, or as a branch_of column;
    the warehouse keeps it on the match so branches roll up to supplier groups."""
    path = loaded.paths.matched_run("r1") / "record_matches.parquet"
    t = pq.read_table(path)
    rid, head = t["record_id"][0].as_py(), t["company_id"][0].as_py()
    explanation = [json.dumps({"rule": "branch_of_parent", "branch_of": head}) if i == 0 else e
                   for i, e in enumerate(t["explanation"].to_pylist())]  # fmt: skip
    t = t.set_column(t.schema.get_field_index("explanation"), "explanation", pa.array(explanation, pa.string()))
    pq.write_table(t, path)
    loaded.load("r1")
    assert loaded.rows("SELECT branch_of FROM core.violation_matches WHERE record_id = ?", [rid]) == [(head,)]
    assert loaded.rows("SELECT count(*) FROM core.violation_matches WHERE branch_of IS NOT NULL") == [(1,)]

    # a later match output with the column itself wins over the explanation
    t = t.append_column("branch_of", pa.array(["co-other"] + [None] * (t.num_rows - 1), pa.string()))
    pq.write_table(t, path)
    loaded.load("r1")
    assert loaded.rows("SELECT branch_of FROM core.violation_matches WHERE record_id = ?", [rid]) == [("co-other",)]


def test_the_review_queue_mart_holds_exactly_the_review_band_violations_with_their_match(loaded: Env) -> None:
    mart = loaded.rows(
        "SELECT record_id, party_name, fine_yuan, company_id, score, judged, judgement FROM marts.match_review "
        "ORDER BY record_id"
    )
    joined = loaded.rows(
        "SELECT v.record_id, v.party_name, v.fine_yuan, m.company_id, m.score, m.judged, m.judgement "
        "FROM core.violations AS v JOIN core.violation_matches AS m USING (record_id) "
        "WHERE v.match_band = 'review' ORDER BY record_id"
    )
    assert mart == joined and len(mart) > 0
    # the documented review-queue query gives what the join it replaced gave
    documented = loaded.rows(
        "SELECT record_id, party_name, company_id AS candidate, score, fine_yuan FROM marts.match_review "
        "WHERE NOT judged ORDER BY fine_yuan DESC NULLS LAST, record_id LIMIT 20"
    )
    former = loaded.rows(
        "SELECT v.record_id, v.party_name, m.company_id AS candidate, m.score, v.fine_yuan "
        "FROM core.violations AS v JOIN core.violation_matches AS m USING (record_id) "
        "WHERE v.match_band = 'review' AND NOT m.judged ORDER BY v.fine_yuan DESC NULLS LAST, v.record_id LIMIT 20"
    )
    assert documented == former and len(documented) > 0


def test_of_several_matches_of_a_record_the_best_is_kept(env: Env) -> None:
    """Highest score first, then the lowest company_id; a match without a score comes last."""
    env.write_run("r1", n=200)
    path = env.paths.matched_run("r1") / "record_matches.parquet"
    t = pq.read_table(path)
    first, second = t.slice(0, 1).to_pylist()[0], t.slice(1, 1).to_pylist()[0]
    low, mid, high = sorted(pq.read_table(env.paths.reference / "companies.parquet")["company_id"].to_pylist())[:3]
    extra = [
        {**first, "company_id": high, "score": Decimal("0.99")},
        {**first, "company_id": mid, "score": Decimal("0.99")},
        {**first, "company_id": low, "score": None},
        {**second, "company_id": low, "score": None},
        {**second, "company_id": mid, "score": None},
    ]
    schema = pa.schema([f.with_nullable(True) for f in t.schema])
    pq.write_table(pa.concat_tables([pa.Table.from_pylist(extra, schema=schema), t.cast(schema)]), path)
    env.load("r1")
    got = dict(env.rows("SELECT record_id, company_id FROM core.violation_matches WHERE record_id IN (?, ?)",
                        [first["record_id"], second["record_id"]]))  # fmt: skip
    # the second record's own match has a score, so it beats both unscored ones
    assert got == {first["record_id"]: mid, second["record_id"]: second["company_id"]}
    assert env.rows("SELECT count(*) = count(DISTINCT record_id) FROM core.violation_matches") == [(True,)]


def test_json_lines_inputs_report_unknown_keys_and_a_bad_line_is_named(loaded: Env) -> None:
    path = loaded.paths.reference / "resolutions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, json.dumps({**json.loads(lines[0]), "note": "x"})]) + "\n", encoding="utf-8")
    summary = loaded.load("r1")
    assert summary["inputs"]["resolutions"]["unknown_columns"] == ["note"]
    assert summary["inputs"]["resolutions"]["rows"] == len(lines) + 1
    path.write_text("\n".join([*lines, '{"record_id": ']) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"resolutions\.jsonl:{len(lines) + 1}: not valid JSON"):
        loaded.load("r1")


def test_a_judgement_reaches_stored_violations_in_a_load_that_matched_no_known_record(loaded: Env) -> None:
    """The company of stored violations is refreshed when judgements exist, even if the run itself
    brings nothing known (its pass is skipped only when no stored match can have changed)."""
    rid, co = loaded.rows(
        "SELECT record_id, m.company_id FROM core.violation_matches m JOIN core.violations USING (record_id) "
        "WHERE band = 'review' ORDER BY record_id LIMIT 1"
    )[0]
    loaded.derive_run("r1", "r2", fetched=lambda t: pc.equal(t["record_id"], ""))  # all listed, none fetched
    matches = loaded.paths.matched_run("r2") / "record_matches.parquet"
    pq.write_table(pq.read_table(matches).slice(0, 0), matches)
    loaded.paths.review.mkdir(parents=True, exist_ok=True)
    judgement = {"left": rid, "company_id": co, "judgement": "positive", "by": "li", "at": "2026-11-21T09:00:00+08:00"}
    (loaded.paths.review / "judgements.jsonl").write_text(json.dumps(judgement) + "\n")
    summary = loaded.load("r2")
    assert summary["counts"]["violation_records_in_run"] == 0
    assert loaded.rows("SELECT company_id FROM core.violations WHERE record_id = ?", [rid]) == [(co,)]

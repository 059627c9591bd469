"""Demo supplier feedback (simulator/resolutions.py): deterministic, well-ordered, realistic rates."""

from __future__ import annotations

import json
from datetime import date, datetime

import duckdb
from transparency_env import IndexEnv

from simulator.resolutions import feedback_for, write_demo_resolutions
from transparency.evidence import Period, brand_evidence

ORDER = ["explanation", "corrective_action", "third_party_audit", "resolved"]


def test_feedback_steps_come_in_order_and_never_after_as_of() -> None:
    for i in range(300):
        rows = feedback_for(f"rec-{i}", "co-1", date(2025, 3, 1), True, seed=0, as_of=date(2025, 9, 1))
        stages = [r["stage"] for r in rows]
        assert stages == sorted(stages, key=ORDER.index)
        if stages:
            assert stages[0] == "explanation"
        if "resolved" in stages:
            assert "corrective_action" in stages
        times = [datetime.fromisoformat(r["at"]) for r in rows]
        assert times == sorted(times)
        assert all(date(2025, 3, 1) < t.date() <= date(2025, 9, 1) for t in times)


def test_brand_suppliers_explain_far_more_often_and_audits_are_rare() -> None:
    def stages(is_supplier: bool) -> dict[str, int]:
        out = dict.fromkeys(ORDER, 0)
        for i in range(2000):
            for r in feedback_for(f"rec-{i}", "co-1", date(2024, 1, 1), is_supplier, 0, date(2026, 1, 1)):
                out[r["stage"]] += 1
        return out

    sup, other = stages(True), stages(False)
    assert 0.45 < sup["explanation"] / 2000 < 0.65
    assert other["explanation"] / 2000 < 0.1
    assert sup["explanation"] > sup["corrective_action"] > sup["resolved"] > sup["third_party_audit"] > 0


def test_write_demo_resolutions_is_deterministic_and_loads_into_the_index(index_env: IndexEnv) -> None:
    paths = index_env.paths
    first = write_demo_resolutions(paths, seed=3, as_of=date(2026, 6, 30))
    text = (paths.reference / "resolutions.jsonl").read_text(encoding="utf-8")
    again = write_demo_resolutions(paths, seed=3, as_of=date(2026, 6, 30))
    assert (paths.reference / "resolutions.jsonl").read_text(encoding="utf-8") == text
    assert first == again
    # 8 decisions with a company (r1 and its provincial copy are one), each with its own stream
    assert first["violations"] == 8
    rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == first["rows"] and {r["stage"] for r in rows} <= set(ORDER)
    assert "r1-prov" not in {r["record_id"] for r in rows}
    # the warehouse engineer loads the file as-is into core.violation_resolutions
    con = duckdb.connect(str(paths.warehouse))
    con.execute("DELETE FROM core.violation_resolutions")
    con.execute("INSERT INTO core.violation_resolutions SELECT record_id, company_id, stage, \"at\", url "
                "FROM read_json(?, columns = {record_id: 'VARCHAR', company_id: 'VARCHAR', stage: 'VARCHAR', "
                "\"at\": 'TIMESTAMPTZ', url: 'VARCHAR'})", [str(paths.reference / "resolutions.jsonl")])
    evidence = brand_evidence(con, Period.parse("2025"), 90)
    con.close()
    assert evidence["alpha"]["violating_suppliers"] == 4
    assert 0 <= evidence["alpha"]["explained_suppliers"] <= 4

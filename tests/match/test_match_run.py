"""The stage end to end on demo reference data: outputs per the contract, judgements re-applied."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from greenchain.cli.main import app
from greenchain.paths import SHARED_REALDATA, DataPaths
from match.names import parse_zh_name
from match.review import load_judgements, record_judgement
from match.run import match_run
from simulator.companies import division_pool
from simulator.reference import write_demo_reference

N = 3000


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    p = DataPaths(tmp_path_factory.mktemp("data"))
    write_demo_reference(p, seed=0, n_companies=N)
    return p


def _records(paths: DataPaths, run_id: str) -> list[dict]:
    reg = pq.read_table(paths.reference / "companies.parquet").to_pylist()
    heads = [c for c in reg if not c["parent_company_id"] and c["company_id"].startswith("co-3")][:40]
    recs = []
    for i, c in enumerate(heads):
        recs.append({"record_id": f"rec-{i}", "party_name": c["name"], "party_name_raw": c["name"],
                     "party_type": "company", "uscc": c["uscc"] if i % 4 == 0 else None,
                     "uscc_status": "valid" if i % 4 == 0 else "absent",
                     "address": c["address"] if i % 2 else None, "division_code": c["division_code"]})
    recs.append({"record_id": "rec-person", "party_name": "张三", "party_name_raw": "张三", "party_type": "individual",
                 "uscc": None, "uscc_status": "absent", "address": None, "division_code": None})
    # a name with no region and no location, shared by near-namesakes in two cities: a review item
    vague = _namesake_core(reg) + "有限公司"
    recs.append({"record_id": "rec-vague", "party_name": vague, "party_name_raw": vague,
                 "party_type": "company", "uscc": None, "uscc_status": "absent", "address": None, "division_code": None})
    d = paths.normalized_run(run_id)
    d.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(recs), d / "records.parquet")
    return recs


def _namesake_core(reg: list[dict]) -> str:
    by_core: dict[str, set[str]] = {}
    for c in reg:
        z = parse_zh_name(c["name"])
        if not c["parent_company_id"] and z.form.endswith("有限公司") and z.regions:
            by_core.setdefault(z.core, set()).add(c["division_code"][:4])
    return sorted(core for core, cities in by_core.items() if len(cities) >= 2)[0]


def test_demo_registry_holds_every_party_the_simulator_can_publish(paths: DataPaths) -> None:
    ids = set(pq.read_table(paths.reference / "companies.parquet", columns=["company_id"])["company_id"].to_pylist())
    pool = division_pool("320500", N, 0)
    assert pool and all(c.company_id in ids for c in pool)


def test_demo_reference_writes_generated_lists_and_says_where_real_ones_come_from(paths: DataPaths) -> None:
    summary = write_demo_reference(paths, seed=0, n_companies=N)
    assert summary["brands"]["voltedge"]["source"] == "generated"
    assert (paths.reference / "suppliers" / "huaxin-textile.csv").exists()
    expected = "realdata" if SHARED_REALDATA.exists() else "stand-in"
    assert summary["brands"]["apple"]["source"] == expected
    if expected == "realdata":
        reg = pq.read_table(paths.reference / "companies.parquet", columns=["company_id", "english_name"]).to_pylist()
        assert any(r["english_name"] and r["english_name"].startswith("Hon Hai") for r in reg)


def test_match_run_writes_contract_outputs_with_bands_and_explanations(paths: DataPaths) -> None:
    recs = _records(paths, "r1")
    summary = match_run("r1", paths)
    out = pq.read_table(paths.matched_run("r1") / "record_matches.parquet")
    assert out.column_names == ["record_id", "company_id", "band", "score", "rule", "runner_up_company_id",
                                "runner_up_score", "explanation", "relation"]
    rows = {r["record_id"]: r for r in out.to_pylist()}
    assert len(rows) == len(recs) == summary["records"]
    assert rows["rec-person"]["band"] == "none" and rows["rec-person"]["rule"] == "not_a_company"
    assert sum(r["band"] == "auto" for r in rows.values()) >= 38
    assert rows["rec-0"]["rule"] == "uscc"
    e = json.loads(rows["rec-1"]["explanation"])
    assert e["features"]["name"] == 1.0 and e["rule"] == rows["rec-1"]["rule"]
    sup = pq.read_table(paths.matched_run("r1") / "supplier_matches.parquet")
    assert sup.column_names[:8] == ["brand_id", "supplier_row_id", "supplier_name", "company_id", "band", "score",
                                    "rule", "explanation"]
    brands = set(sup["brand_id"].to_pylist())
    assert {"voltedge", "huaxin-textile", "lumen-home", "apple", "greenstep"} <= brands
    assert summary["brands"]["huaxin-textile"]["bands"]["auto"] >= 120
    assert summary["brands"]["voltedge"]["row_errors"] == 1  # the planted nameless row
    errors = (paths.matched_run("r1") / "supplier_list_errors.jsonl").read_text().splitlines()
    assert any("empty supplier_name" in ln for ln in errors)


def test_rerun_keeps_confirmed_and_rejected_decisions(paths: DataPaths) -> None:
    _records(paths, "r2")
    match_run("r2", paths)
    rows = {r["record_id"]: r for r in pq.read_table(paths.matched_run("r2") / "record_matches.parquet").to_pylist()}
    vague = rows["rec-vague"]
    assert vague["band"] == "review"
    auto = rows["rec-3"]
    assert auto["band"] == "auto"
    # confirm the runner-up of the vague one (the reviewer knows better), reject an auto match
    record_judgement(paths, "rec-vague", vague["runner_up_company_id"], "positive", "tester")
    record_judgement(paths, "rec-3", auto["company_id"], "negative", "tester", note="different firm")
    sup = pq.read_table(paths.matched_run("r2") / "supplier_matches.parquet").to_pylist()
    sup_auto = next(s for s in sup if s["band"] == "auto")
    record_judgement(paths, sup_auto["supplier_row_id"], sup_auto["company_id"], "unsure", "tester")

    match_run("r2", paths)  # same run id: overwritten, not appended
    again = {r["record_id"]: r for r in pq.read_table(paths.matched_run("r2") / "record_matches.parquet").to_pylist()}
    assert len(again) == len(rows)
    assert again["rec-vague"]["company_id"] == vague["runner_up_company_id"]
    assert (again["rec-vague"]["band"], again["rec-vague"]["rule"]) == ("auto", "review_confirmed")
    assert again["rec-3"]["company_id"] != auto["company_id"] and again["rec-3"]["band"] != "auto"
    sup2 = {s["supplier_row_id"]: s for s in pq.read_table(paths.matched_run("r2") / "supplier_matches.parquet").to_pylist()}
    assert sup2[sup_auto["supplier_row_id"]]["band"] == "review"
    assert json.loads(sup2[sup_auto["supplier_row_id"]]["explanation"])["judgement"]["judgement"] == "unsure"
    # and a later run (new id) applies them too
    _records(paths, "r3")
    match_run("r3", paths)
    later = {r["record_id"]: r for r in pq.read_table(paths.matched_run("r3") / "record_matches.parquet").to_pylist()}
    assert later["rec-vague"]["company_id"] == vague["runner_up_company_id"]
    assert later["rec-3"]["company_id"] != auto["company_id"]


def test_a_later_run_reuses_the_index_and_unchanged_supplier_matches(paths: DataPaths) -> None:
    _records(paths, "r4")
    first = match_run("r4", paths)
    before = pq.read_table(paths.matched_run("r4") / "supplier_matches.parquet").to_pylist()
    again = match_run("r4", paths)
    assert again["index"]["index"] == "reused"
    assert all(b.get("matched") == "reused" for b in again["brands"].values() if b.get("rows"))
    assert pq.read_table(paths.matched_run("r4") / "supplier_matches.parquet").to_pylist() == before
    assert first["registry_companies"] == again["registry_companies"]
    assert json.loads((paths.matched_run("r4") / "summary.json").read_text())["index"]["index"] == "reused"


def test_judgement_file_rejects_bad_values(paths: DataPaths) -> None:
    with pytest.raises(ValueError, match="judgement must be one of"):
        record_judgement(paths, "x", "c", "maybe", "me")
    assert "rec-3" in load_judgements(paths)


def test_cli_review_list_confirm_and_bad_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # its own data: earlier tests in this module judge the shared run's review items
    paths = DataPaths(tmp_path / "cli-data")
    write_demo_reference(paths, seed=0, n_companies=N)
    _records(paths, "r1")
    match_run("r1", paths)
    monkeypatch.setenv("GREENCHAIN_DATA_DIR", str(paths.root))
    runner = CliRunner()
    r = runner.invoke(app, ["review", "list", "--run-id", "r1", "--json"])
    assert r.exit_code == 0, r.output
    items = [json.loads(ln) for ln in r.output.splitlines() if ln.startswith("{")]
    assert items and all(i["explanation"] for i in items)
    left = items[0]["left"]
    r = runner.invoke(app, ["review", "confirm", left, "--by", "cli-tester", "--run-id", "r1"])
    assert r.exit_code == 0 and "positive" in r.output
    assert load_judgements(paths)[left][items[0]["company_id"]].by == "cli-tester"
    r = runner.invoke(app, ["match", "--run-id", "no-such-run"])
    assert r.exit_code == 2 and "no normalized records" in r.output
    r = runner.invoke(app, ["review", "reject", "nobody-knows", "--by", "x", "--run-id", "r1"])
    assert r.exit_code == 2


def test_cli_match_names_writes_matches_with_explanations(paths: DataPaths, tmp_path: Path) -> None:
    q = tmp_path / "q.csv"
    reg = pq.read_table(paths.reference / "companies.parquet", columns=["name", "english_name"]).to_pylist()
    named = next(c for c in reg if c["english_name"])
    q.write_text(f'name,address\n{named["name"]},\n"{named["english_name"]}",\n完全不存在的公司,\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    r = CliRunner().invoke(app, ["match-names", "--registry", str(paths.reference / "companies.parquet"),
                                 "--queries", str(q), "--out", str(out)])
    assert r.exit_code == 0, r.output
    import csv
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [x["band"] for x in rows][0] == "auto" and rows[2]["band"] == "none"
    assert json.loads(rows[0]["explanation"])["rule"] == rows[0]["rule"]
    r = CliRunner().invoke(app, ["match-names", "--registry", str(tmp_path / "nope.parquet"), "--queries", str(q),
                                 "--out", str(out)])
    assert r.exit_code == 2 and "not found" in r.output

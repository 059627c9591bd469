"""compute_index end to end: missing questionnaires, change since the previous period, reproducibility,
methodology errors, the CLI."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from transparency_env import IndexEnv, Scored, run_index

from greenchain.configfile import ConfigError
from transparency.methodology import load_methodology


def test_brand_without_questionnaire_scores_from_warehouse_evidence_only(scored_2025: Scored) -> None:
    gamma, delta = scored_2025.scores["gamma"], scored_2025.scores["delta"]
    assert gamma["evidence_basis"] == delta["evidence_basis"] == "warehouse only"
    assert gamma["questionnaire_note"] == "no questionnaire: scored from warehouse evidence only"
    assert "delta.yaml named in brands.yaml is missing" in delta["questionnaire_note"]
    assert gamma["questionnaire_sha256"] is None
    assert scored_2025.summary["warehouse_only"] == ["gamma", "delta"]
    # questionnaire facts are unknown, not false: no points, and the evidence says None
    row = scored_2025.points[("gamma", "citi", "respond_enquiries")]
    assert row["points"] == 0 and '"value": null' in row["evidence"]
    assert scored_2025.scores["alpha"]["evidence_basis"] == "questionnaire + warehouse"


def test_scores_record_versions_and_csv_copies_match(scored_2025: Scored) -> None:
    alpha = scored_2025.scores["alpha"]
    assert (alpha["citi_version"], alpha["cati_version"]) == ("2025.1", "2025.1")
    assert len(alpha["input_hash"]) == 64
    out = scored_2025.env.paths.index_period("2025")
    with (out / "scores.csv").open(encoding="utf-8") as f:
        rows = {r["brand_id"]: r for r in csv.DictReader(f)}
    assert float(rows["alpha"]["score"]) == pytest.approx(alpha["score"])
    with (out / "indicator_points.csv").open(encoding="utf-8") as f:
        assert sum(1 for _ in csv.DictReader(f)) == 4 * (14 + 12)


def test_change_since_previous_period_and_same_inputs_same_hash(index_env: IndexEnv) -> None:
    y2024 = run_index(index_env, "2024")
    assert all(s["previous_score"] is None for s in y2024.scores.values())
    y2025 = run_index(index_env, "2025")
    assert y2025.summary["previous_period"] == "2024"
    for b, s in y2025.scores.items():
        assert s["previous_score"] == y2024.scores[b]["score"]
        assert s["score_change"] == pytest.approx(s["score"] - y2024.scores[b]["score"])
        assert s["rank_change"] == y2024.scores[b]["rank_overall"] - s["rank_overall"]
    again = run_index(index_env, "2025")
    assert {b: s["score"] for b, s in again.scores.items()} == {b: s["score"] for b, s in y2025.scores.items()}
    assert again.summary["input_hash"] == y2025.summary["input_hash"]
    # an edited questionnaire is a different input
    index_env.edit_config("brands/questionnaires/beta.yaml", "renewable_electricity_pct: 15", "renewable_electricity_pct: 45")
    edited = run_index(index_env, "2025")
    assert edited.summary["input_hash"] != y2025.summary["input_hash"]
    assert edited.scores["beta"]["cati_score"] > y2025.scores["beta"]["cati_score"]


def test_methodology_error_names_file_line_and_key(index_env: IndexEnv) -> None:
    index_env.edit_config("methodology/citi.yaml", '"enquiry_response == detailed"', '"enquiry_respons == detailed"')
    with pytest.raises(ConfigError, match=r"citi\.yaml:\d+: key 'areas\.0\.indicators\.0\.tiers\.0\.requires.*unknown fact 'enquiry_respons'"):
        load_methodology("citi", index_env.config_dir)


def test_methodology_rejects_weights_missing_an_area(index_env: IndexEnv) -> None:
    index_env.edit_config("methodology/cati.yaml", "performance: 12, climate_action: 41}", "performance: 12}")
    with pytest.raises(ConfigError, match=r"cati\.yaml:\d+: key '\(top level\)'.*weights\.apparel"):
        load_methodology("cati", index_env.config_dir)


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "greenchain.cli.main", *args], capture_output=True, text=True,
                          env=env)


def test_cli_scores_a_period_and_rejects_a_bad_one_in_one_line(index_env: IndexEnv) -> None:
    import os

    env = {**os.environ, "GREENCHAIN_DATA_DIR": str(index_env.paths.root),
           "GREENCHAIN_CONFIG_DIR": str(index_env.config_dir), "GREENCHAIN_LOG_LEVEL": "WARNING"}
    ok = _cli("index", "--period", "2025", "--json", env=env)
    assert ok.returncode == 0, ok.stderr
    assert '"brand_id": "alpha"' in ok.stdout and (index_env.paths.index_period("2025") / "report.html").exists()
    bad = _cli("index", "--period", "last-year", env=env)
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == ["error: period must be a year such as 2025, got 'last-year'"]


def test_demo_questionnaires_load_and_lumen_home_has_none() -> None:
    from greenchain.brands import load_brands
    from transparency.questionnaire import load_answers

    for brand in load_brands().brands:
        answers, note = load_answers(brand, "2025")
        if brand.id == "lumen-home":
            assert answers is None and note.startswith("no questionnaire")
        else:
            assert answers is not None, note
    assert load_methodology("citi").version and load_methodology("cati").version


def test_methodology_doc_names_every_area_and_indicator() -> None:
    from greenchain.paths import PROJECT_ROOT

    doc = (PROJECT_ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    for name in ("citi", "cati"):
        m = load_methodology(name)
        for area in m.areas:
            assert f"`{area.id}`" in doc, area.id
            for ind in area.indicators:
                assert f"`{ind.id}`" in doc, ind.id


def test_tied_scores_share_a_rank() -> None:
    from transparency.outputs import competition_ranks

    assert competition_ranks({"a": 50.0, "b": 50.0000000001, "c": 40.0}) == {"a": 1, "b": 1, "c": 3}


def test_bad_questionnaire_answer_names_file_line_and_key(index_env: IndexEnv) -> None:
    index_env.edit_config("brands/questionnaires/beta.yaml", "screening_mechanism: periodic", "screening_mechanism: weekly")
    with pytest.raises(ConfigError, match=r"beta\.yaml:7: key 'periods\.2025\.screening_mechanism'.*'weekly'"):
        run_index(index_env, "2025")

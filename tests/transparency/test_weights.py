"""Changing one weight in the methodology YAML changes exactly the scores it should, and no others."""

from __future__ import annotations

import pytest
from transparency_env import IndexEnv, Scored, run_index


def _unchanged(before: Scored, after: Scored, brands: set[str]) -> None:
    for b in brands:
        assert after.scores[b]["score"] == before.scores[b]["score"], b
        assert after.scores[b]["cati_score"] == before.scores[b]["cati_score"], b


def test_apparel_area_weight_changes_only_the_apparel_brand(scored_2025: Scored, index_env: IndexEnv) -> None:
    index_env.edit_config(
        "methodology/citi.yaml",
        "apparel:     {responsiveness: 10, compliance: 18, green_supply_chain: 34,",
        "apparel:     {responsiveness: 10, compliance: 18, green_supply_chain: 44,",
    )
    after = run_index(index_env, "2025")
    # beta's area shares are unchanged; only the weighting is: weights now sum to 110.
    areas = {"responsiveness": 9 / 14, "compliance": 10 / 18, "green_supply_chain": 12 / 42,
             "energy_emissions": (20 * scored_2025.scores["beta"]["cati_score"] / 100 + 8) / 32, "disclosure": 4 / 18}
    weights = {"responsiveness": 10, "compliance": 18, "green_supply_chain": 44, "energy_emissions": 32, "disclosure": 6}
    expected = 100 * sum(weights[a] * s for a, s in areas.items()) / 110
    assert after.scores["beta"]["score"] == pytest.approx(expected)
    assert after.scores["beta"]["score"] != pytest.approx(scored_2025.scores["beta"]["score"])
    assert after.scores["beta"]["cati_score"] == scored_2025.scores["beta"]["cati_score"]
    _unchanged(scored_2025, after, {"alpha", "gamma", "delta"})
    # indicator points do not depend on weights; only weight_pct and contribution move
    for key, row in after.points.items():
        assert row["points"] == scored_2025.points[key]["points"], key
    # a different methodology file → a different input hash, recorded with the score
    assert after.scores["beta"]["input_hash"] != scored_2025.scores["beta"]["input_hash"]


def test_cati_weight_moves_cati_and_the_citi_indicator_it_feeds(scored_2025: Scored, index_env: IndexEnv) -> None:
    index_env.edit_config(
        "methodology/cati.yaml",
        "electronics: {governance: 16, measurement: 14, targets: 14, performance: 12, climate_action: 44}",
        "electronics: {governance: 16, measurement: 14, targets: 14, performance: 42, climate_action: 44}",
    )
    after = run_index(index_env, "2025")
    # alpha: performance 60 % of its area; weights now sum to 130
    cati = (16 * 0.8 + 14 + 14 + 42 * 0.6 + 44 * 24 / 28) / 130 * 100
    assert after.scores["alpha"]["cati_score"] == pytest.approx(cati)
    before_pts = scored_2025.points[("alpha", "citi", "energy_carbon")]["points"]
    after_pts = after.points[("alpha", "citi", "energy_carbon")]["points"]
    assert after_pts == pytest.approx(20 * cati / 100)
    assert after.scores["alpha"]["score"] == pytest.approx(scored_2025.scores["alpha"]["score"] + after_pts - before_pts)
    # delta is electronics too, but earns no CATI points, so nothing moves; other industries are untouched
    _unchanged(scored_2025, after, {"beta", "gamma", "delta"})

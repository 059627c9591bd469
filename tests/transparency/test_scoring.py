"""Hand-computed examples: the fixture warehouse and questionnaires through the real methodology.

Alpha (electronics) answers a full questionnaire; beta (apparel) a partial one; gamma (home) has
none; delta (electronics) names a questionnaire file that does not exist. Every expected value
below is worked out by hand from fixtures/warehouse.sql and the questionnaires (see comments).
"""

from __future__ import annotations

import json

import pytest
from transparency_env import Scored

# (brand, index, area, {indicator: points}, area score 0..100)
AREA_EXAMPLES = [
    # alpha answered "detailed"; upstream list but pollutant disclosure 2/8 = 0.25 < 0.3, screened 8/10 = 0.8 → 6
    ("alpha", "citi", "responsiveness", {"respond_enquiries": 6, "transparency_promotion": 6}, 12 / 14 * 100),
    # automated + screened 0.8 → 6. Explained 3/4, corrected 2/4, audited 1/4, median 91 d (r1 and its provincial
    # copy are one violation; c9 is only a review candidate of a10, not screened) but explained < 0.8 → 9
    ("alpha", "citi", "compliance", {"violation_screening": 6, "corrective_action": 9}, 15 / 18 * 100),
    ("alpha", "citi", "green_supply_chain",
     {"chemicals": 4, "wastewater": 12, "solid_waste": 6, "logistics": 6, "supplier_self_management": 6}, 34 / 42 * 100),
    # energy_carbon = 20 × CATI 85.714…/100; PRTR required and 0.25 ≥ 0.2 → 6
    ("alpha", "citi", "energy_emissions", {"energy_carbon": 20 * 0.8571428571428571, "pollutant_release": 6},
     (20 * 0.8571428571428571 + 6) / 32 * 100),
    # 4 of 8 screened companies violated: 0.5 > 0.15 → 0
    ("alpha", "citi", "disclosure", {"supplier_list": 6, "supplier_data": 6, "supplier_compliance": 0}, 12 / 18 * 100),
    ("alpha", "cati", "governance", {"climate_policy": 4, "board_oversight": 4, "exec_incentives": 0}, 80.0),
    ("alpha", "cati", "measurement", {"scope12": 5, "scope3": 5, "supplier_carbon_data": 5}, 100.0),
    ("alpha", "cati", "targets", {"scope12_target": 6, "scope3_target": 4}, 100.0),
    # 5000 → 4000 t = 20 % cut; 50 % due by 2030 from 2020, so 25 % due by 2025: progress 0.8 → 6
    ("alpha", "cati", "performance", {"target_progress": 6}, 60.0),
    ("alpha", "cati", "climate_action",
     {"renewable_electricity": 10, "supplier_targets": 6, "supplier_energy_program": 8}, 24 / 28 * 100),
    # beta: acknowledged → 3; tier1 list and 4/5 rows screened → 6
    ("beta", "citi", "responsiveness", {"respond_enquiries": 3, "transparency_promotion": 6}, 9 / 14 * 100),
    # periodic → 4; 1 of 2 violating suppliers explained (c4's explanation came after the grace period) → 6
    ("beta", "citi", "compliance", {"violation_screening": 4, "corrective_action": 6}, 10 / 18 * 100),
    # tier-3 row on the list → 2 for self-management without a requirement
    ("beta", "citi", "green_supply_chain",
     {"chemicals": 6, "wastewater": 4, "solid_waste": 0, "logistics": 0, "supplier_self_management": 2}, 12 / 42 * 100),
    # 2 of 3 screened companies disclose pollutant data (≥ 0.5, not required) → 8
    ("beta", "citi", "energy_emissions", {"pollutant_release": 8}, (20 * 0.20521428571428571 + 8) / 32 * 100),
    ("beta", "cati", "measurement", {"scope12": 3, "scope3": 0, "supplier_carbon_data": 3}, 40.0),
    ("beta", "cati", "climate_action",
     {"renewable_electricity": 3, "supplier_targets": 0, "supplier_energy_program": 2}, 5 / 28 * 100),
    # gamma: no questionnaire; 4/4 screened, no violations in 2025 (c5's is 2024, c6's 2026)
    ("gamma", "citi", "responsiveness", {"respond_enquiries": 0, "transparency_promotion": 2}, 2 / 14 * 100),
    ("gamma", "citi", "compliance", {"violation_screening": 2, "corrective_action": 0}, 2 / 18 * 100),
    ("gamma", "citi", "disclosure", {"supplier_list": 0, "supplier_data": 0, "supplier_compliance": 6}, 6 / 18 * 100),
    ("gamma", "cati", "measurement", {"scope12": 0, "scope3": 0, "supplier_carbon_data": 5}, 5 / 15 * 100),
]


@pytest.mark.parametrize(("brand", "index", "area", "expected", "area_score"), AREA_EXAMPLES,
                         ids=[f"{b}-{i}-{a}" for b, i, a, *_ in AREA_EXAMPLES])
def test_each_area_matches_the_hand_computed_points(
    scored_2025: Scored, brand: str, index: str, area: str, expected: dict[str, float], area_score: float
) -> None:
    scores, points = scored_2025.scores, scored_2025.points
    for indicator, pts in expected.items():
        row = points[(brand, index, indicator)]
        assert row["area_id"] == area
        assert row["points"] == pytest.approx(pts, abs=1e-9), (indicator, row["tier"], row["evidence"])
    assert json.loads(scores[brand]["area_scores"])[index][area] == pytest.approx(area_score, abs=1e-9)


def test_totals_ranks_and_the_cati_share_match_the_hand_computation(scored_2025: Scored) -> None:
    scores, points = scored_2025.scores, scored_2025.points
    # CATI electronics weights 16/14/14/12/44: 16×0.8 + 14 + 14 + 12×0.6 + 44×24/28
    assert scores["alpha"]["cati_score"] == pytest.approx(12.8 + 14 + 14 + 7.2 + 44 * 24 / 28)
    # CITI electronics weights 12/22/26/32/8 over the area shares above
    alpha = 12 * 12 / 14 + 22 * 15 / 18 + 26 * 34 / 42 + (20 * 0.8571428571428571 + 6) + 8 * 12 / 18
    assert scores["alpha"]["score"] == pytest.approx(alpha)
    # apparel weights 10/18/34/32/6; CATI apparel 16×0.4 + 17×0.4 + 41×5/28
    beta_cati = 6.4 + 6.8 + 41 * 5 / 28
    assert scores["beta"]["cati_score"] == pytest.approx(beta_cati)
    assert scores["beta"]["score"] == pytest.approx(
        10 * 9 / 14 + 18 * 10 / 18 + 34 * 12 / 42 + (20 * beta_cati / 100 + 8) + 6 * 4 / 18)
    # home uses the default weights: 12×2/14 + 20×2/18 + 32×(20×CATI/100)/32 + 8×6/18, CATI 5 + 43×2/28
    gamma_cati = 5 + 43 * 2 / 28
    assert scores["gamma"]["score"] == pytest.approx(12 * 2 / 14 + 20 * 2 / 18 + 20 * gamma_cati / 100 + 8 * 6 / 18)
    assert scores["delta"]["score"] == pytest.approx(12 * 2 / 14 + 22 * 6 / 18 + 8)
    assert {b: s["rank_overall"] for b, s in scores.items()} == {"alpha": 1, "beta": 2, "delta": 3, "gamma": 4}
    assert {b: s["rank_in_industry"] for b, s in scores.items()} == {"alpha": 1, "beta": 1, "delta": 2, "gamma": 1}
    # CATI can earn at most 20 % of CITI in every industry, as at IPE
    assert all(points[(b, "citi", "energy_carbon")]["weight_pct"] == pytest.approx(20.0) for b in scores)
    # contributions add up to the total
    for b, s in scores.items():
        total = sum(p["contribution"] for (pb, idx, _), p in points.items() if pb == b and idx == "citi")
        assert total == pytest.approx(s["score"])


def test_indicator_points_carry_the_evidence_behind_them(scored_2025: Scored) -> None:
    points = scored_2025.points
    row = points[("alpha", "citi", "corrective_action")]
    evidence = json.loads(row["evidence"])
    assert evidence["explained_share"] == {"value": 0.75, "source": "warehouse"}
    assert evidence["corrected_share"]["value"] == 0.5
    assert evidence["audited_share"]["value"] == 0.25
    assert evidence["median_days_to_resolution"]["value"] == 91.0
    assert evidence["requires_public_explanation"] == {"value": True, "source": "questionnaire"}
    assert row["tier"] == "most corrected"
    assert json.loads(row["conditions_met"]) == ["explained_share >= 0.6", "corrected_share >= 0.4"]
    assert row["methodology_version"] == "2025.1"

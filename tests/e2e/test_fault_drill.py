"""The fault drill on a slice of the registry: killed and resumed runs end where a clean run ends."""

from __future__ import annotations

import pytest

from bench.drill import run_drill

pytestmark = pytest.mark.e2e


def test_run_killed_at_random_points_then_resumed_equals_a_clean_run() -> None:
    result = run_drill(n_sources=40, kills=2, fault_share=0.2, seed=11)
    assert result["killed_at_s"], "the drill must actually kill the pipeline at least once"
    assert result["tables_equal"] == {t: True for t in result["tables_equal"]}
    assert result["duplicate_violation_ids"] == 0
    assert result["rows"]["core.violations"] > 0
    # every failed source is listed with its reason
    assert result["failed_sources"] and not result["failed_without_reason"]

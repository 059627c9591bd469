"""The real penalty pages of ../shared/realdata/penalty-pages, read end to end against their
hand-read truth (bench/parse_real.py scores them). Skipped only when the folder is absent."""

import pytest

from bench.parse_real import CORPUS, load, score, summary

pytestmark = pytest.mark.skipif(not (CORPUS / "manifest.jsonl").is_file(), reason=f"{CORPUS} is absent")


@pytest.fixture(scope="module")
def result():
    return score(load(CORPUS))


def test_stated_values_are_read_and_wrong_values_are_rare(result):
    dev, whole = summary(result["table"]["dev"]), summary(result["table"]["all"])
    assert dev["correct_share"] >= 0.97, dev
    assert whole["correct_share"] >= 0.93 and whole["wrong_share"] <= 0.01, whole


def test_no_prior_notice_ever_becomes_a_violation_and_negative_pages_yield_nothing(result):
    assert result["extra"]["all"].get("prior_notices_as_violations", 0) == 0
    assert result["extra"]["all"]["spurious_records"] == 0

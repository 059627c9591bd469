"""The static HTML report: ranking, every brand, charts; no scripts or external resources."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from transparency_env import Scored


def test_report_has_the_ranking_in_rank_order(scored_2025: Scored) -> None:
    soup = BeautifulSoup(scored_2025.report, "html.parser")
    rows = soup.select("table#ranking tr[data-brand]")
    assert [r["data-brand"] for r in rows] == ["alpha", "beta", "delta", "gamma"]
    first = [td.get_text(strip=True) for td in rows[0].find_all("td")]
    assert first[:5] == ["1", "Alpha Devices", "electronics", "1 of 2", "78.1"]
    assert [td.get_text(strip=True) for td in rows[2].find_all("td")][3] == "2 of 2"


def test_report_has_a_section_and_charts_for_each_brand(scored_2025: Scored) -> None:
    soup = BeautifulSoup(scored_2025.report, "html.parser")
    for brand, name in [("alpha", "Alpha Devices"), ("beta", "Beta Apparel"), ("gamma", "Gamma Home"),
                        ("delta", "Delta Tech")]:
        section = soup.find("section", id=f"brand-{brand}")
        assert section is not None and name in section.h2.get_text()
        assert section.find("svg", id=f"chart-citi-{brand}") is not None
        # one row per indicator (14 CITI, 12 CATI) plus a header row each
        assert len(section.select("table.points tr")) == 14 + 1 + 12 + 1
    chart = soup.find("svg", id="ranking-chart")
    assert chart is not None
    labels = [t.get_text() for t in chart.find_all("text")]
    assert {"Alpha Devices", "Beta Apparel", "Gamma Home", "Delta Tech", "78.1"} <= set(labels)
    # stacked bars are as long as the scores: 340 viewBox units = 100 points
    bars = [float(r["width"]) for r in chart.find_all("rect")]
    total = sum(s["score"] for s in scored_2025.scores.values())
    assert sum(bars) == pytest.approx(total * 3.4, abs=0.5)


def test_report_states_missing_questionnaires_and_is_self_contained(scored_2025: Scored) -> None:
    html = scored_2025.report
    soup = BeautifulSoup(html, "html.parser")
    notes = [p.get_text() for p in soup.select("p.note")]
    assert any("Gamma Home" in n and "no questionnaire" in n for n in notes)
    assert any("Delta Tech" in n and "delta.yaml named in brands.yaml is missing" in n for n in notes)
    assert soup.find("script") is None and soup.find("link") is None
    assert "http://" not in html and "https://" not in html
    assert scored_2025.summary["input_hash"] in html

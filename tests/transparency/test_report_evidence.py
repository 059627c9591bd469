"""A report a brand can use: tiers shown, every indicator's evidence linked to the rows behind it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pyarrow as pa
from bs4 import BeautifulSoup
from transparency_env import IndexEnv, Scored

from transparency.evidence_page import render_page, write_evidence_csv
from transparency.methodology import load_methodology
from transparency.run import data_period


def _evidence_csv(scored: Scored, brand: str) -> list[dict[str, str]]:
    path = scored.env.paths.index_period("2025") / "evidence" / f"{brand}.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_report_shows_every_tier_of_every_indicator(scored_2025: Scored) -> None:
    soup = BeautifulSoup(scored_2025.report, "html.parser")
    for name in ("citi", "cati"):
        m = load_methodology(name, scored_2025.env.config_dir)
        for area in m.areas:
            for ind in area.indicators:
                block = soup.find(id=f"tiers-{name}-{ind.id}")
                assert block is not None, ind.id
                if ind.tiers:
                    rows = block.select("table.tiers tr")[1:]
                    assert [r.find("b").get_text() for r in rows] == [t.level for t in ind.tiers]
    corrective = soup.find(id="tiers-citi-corrective_action").get_text(" ")
    assert "explained share ≥ 80 %" in corrective  # conditions in words, shares in percent
    # a brand has no docs/ folder: the report explains itself
    assert "docs/methodology.md" not in scored_2025.report
    # each indicator row links to its tier definitions
    first = soup.select_one("section#brand-alpha table.points tr:nth-of-type(2) td[data-label=indicator] a")
    assert first["href"] == "#tiers-citi-respond_enquiries"


def test_every_fact_in_an_indicator_links_to_its_rows_on_the_brand_evidence_page(scored_2025: Scored) -> None:
    out = scored_2025.env.paths.index_period("2025")
    soup = BeautifulSoup(scored_2025.report, "html.parser")
    links = 0
    for brand in ("alpha", "beta", "gamma", "delta"):
        page = BeautifulSoup((out / "evidence" / f"{brand}.html").read_text(encoding="utf-8"), "html.parser")
        for cell in soup.select(f"section#brand-{brand} td[data-label=evidence]"):
            for a in cell.find_all("a"):
                target, _, anchor = a["href"].partition("#")
                assert target == f"evidence/{brand}.html"
                row = page.find(id=anchor)
                assert row is not None, anchor
                # the fact's row says where its rows are, and that section exists
                section = row.find_all("a")[-1]["href"].lstrip("#")
                assert page.find(id=section) is not None
                links += 1
    assert links > 100


def test_evidence_rows_reproduce_the_warehouse_facts(scored_2025: Scored) -> None:
    rows = _evidence_csv(scored_2025, "alpha")
    facts = json.loads(scored_2025.points[("alpha", "citi", "violation_screening")]["evidence"])
    suppliers = [r for r in rows if r["kind"] == "supplier"]
    screened = [r for r in suppliers if r["company_id"]]
    assert len(screened) / len(suppliers) == facts["screened_share"]["value"] == 0.8
    violations = [r for r in rows if r["kind"] == "violation"]
    violating = {r["company_id"] for r in violations}
    assert len(violating) == scored_2025.scores["alpha"]["violating_suppliers"]
    # every violation row points at the bureau page it was read from
    assert all(r["source_url"].startswith("https://sthjj.example.gov.cn/") for r in violations)
    # r1 was republished by the province: two records, one violation key, both listed
    assert sorted(r["record_id"] for r in violations if r["violation_key"] == "k-r1") == ["r1", "r1-prov"]
    assert all("explained_share" in r["counts_towards"] for r in violations)


def test_the_main_report_reads_on_a_phone(scored_2025: Scored) -> None:
    soup = BeautifulSoup(scored_2025.report, "html.parser")
    assert soup.find("meta", attrs={"name": "viewport"})["content"].startswith("width=device-width")
    for svg in soup.select("svg.chart"):
        assert svg.get("viewbox") and not svg.get("width")  # scales to its container
    # the area legend is HTML that wraps, not SVG text laid out at fixed places
    assert [li.get_text() for li in soup.select("ul.legend li")][0] == "Responsiveness & transparency"
    assert soup.find("script") is None


def test_evidence_csv_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    table = pa.table({"kind": ["supplier"], "supplier_name": ['=HYPERLINK("http://x.test","click")'], "tier": [1]})
    path = write_evidence_csv(tmp_path / "b.csv", table)
    with path.open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert row["supplier_name"] == "'=HYPERLINK(\"http://x.test\",\"click\")" and row["tier"] == "1"


def test_evidence_page_escapes_names_and_links_only_web_pages() -> None:
    rows = [{"kind": "violation", "company_name": "<img src=x onerror=alert(1)>", "company_id": "c1",
             "decision_no": "x", "decided": "2025-01-01", "fine_yuan": "1", "explained": True, "corrected": False,
             "audited": False, "resolved_at": None, "source_url": "javascript:alert(1)"}]
    html = render_page({"brand_id": "b", "brand_name": "B"}, "2025", {}, rows, None, [])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("img") is None
    assert not [a for a in soup.find_all("a") if a["href"].startswith("javascript:")]


def test_index_period_comes_from_the_data_not_the_clock(index_env: IndexEnv) -> None:
    # fixture: the newest decision is r7 (2026-01-05, fetched 2026-01-07)
    assert data_period(index_env.paths) == "2026"
    con = duckdb.connect(str(index_env.paths.warehouse))
    con.execute("INSERT INTO core.violations (record_id, company_id, decision_date, publish_date, fetched_at) "
                "VALUES ('misread', 'c1', '2099-01-01', NULL, '2026-01-08 10:00:00+08')")
    con.close()
    assert data_period(index_env.paths) == "2026"  # a date after its own fetch is a misread date

"""Per-brand evidence: data/index/<period>/evidence/<brand>.csv and .html, the rows behind every fact.

The CSV holds every supplier row, violation and disclosure the brand's warehouse facts were computed
from (transparency/sql/evidence_rows.sql), each with the facts it counts towards. The HTML page shows
the same rows for a reader, with an anchor per fact that the report's indicator tables link to, and
the questionnaire answers with the sources the brand gave.
"""

from __future__ import annotations

import csv
import json
from html import escape
from pathlib import Path
from typing import Any

import pyarrow as pa

from transparency.facts import FACTS, WAREHOUSE_FACTS

# Which section of the page holds the rows a warehouse fact is computed from.
FACT_SECTION = {
    "suppliers_listed": "suppliers", "suppliers_screened": "suppliers", "screened_share": "suppliers",
    "max_tier_listed": "suppliers", "upstream_tier_share": "suppliers",
    "violating_suppliers": "violations", "violating_share": "violations", "explained_share": "violations",
    "corrected_share": "violations", "audited_share": "violations", "resolved_share": "violations",
    "median_days_to_resolution": "violations",
    "pollutant_disclosure_share": "disclosures", "energy_carbon_disclosure_share": "disclosures",
}
assert set(FACT_SECTION) == set(WAREHOUSE_FACTS), "every warehouse fact needs its evidence section"

# A cell starting with one of these is a formula to a spreadsheet: a supplier name from a hostile
# list must not run in a brand analyst's Excel (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:1em auto;
max-width:1100px;color:#222;padding:0 .8em;line-height:1.4}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border-bottom:1px solid #ddd;padding:.25em .5em;
text-align:left;vertical-align:top}th{background:#f3f6f4}.scroll{overflow-x:auto}.meta{color:#555;font-size:.88em}
td,th{overflow-wrap:break-word}:target{background:#fff7e0}.nw{white-space:nowrap}
"""


def page_href(brand_id: str, fact: str | None = None) -> str:
    """Relative link from report.html to the brand's evidence page (at the fact's anchor)."""
    return f"evidence/{brand_id}.html" + (f"#fact-{fact}" if fact else "")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_evidence_csv(path: Path, rows: pa.Table) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel reads UTF-8 Chinese names right
        w = csv.writer(f)
        w.writerow(rows.column_names)
        for r in rows.to_pylist():
            w.writerow(["" if v is None else safe_cell(v) for v in r.values()])
    tmp.replace(path)
    return path


def _link(url: str | None) -> str:
    # Only web links: a hostile page could hand us "javascript:" as its own URL.
    if not url or not url.startswith(("http://", "https://")):
        return escape(url or "")
    return f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">source</a>'


def _table(headers: list[str], body: list[list[str]], row_ids: list[str] | None = None) -> str:
    """A table that scrolls sideways on a narrow screen; cells are HTML already escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    ids = row_ids or [""] * len(body)
    trs = "".join((f'<tr id="{i}">' if i else "<tr>") + "".join(f"<td>{c}</td>" for c in r) + "</tr>"
                  for i, r in zip(ids, body, strict=True))
    return f'<div class="scroll"><table><tr>{head}</tr>{trs}</table></div>'


def _yes(v: Any) -> str:
    return "" if v is None else ("yes" if v else "no")


def _e(v: Any) -> str:
    return "" if v is None else escape(str(v))


def _nw(v: Any) -> str:
    """A value that must not wrap at its hyphens (a date, a time)."""
    return "" if v is None else f'<span class="nw">{escape(str(v))}</span>'


def render_page(brand: dict[str, Any], period: str, facts: dict[str, Any], rows: list[dict[str, Any]],
                answers: dict[str, Any] | None, sources: list[str]) -> str:
    by_kind: dict[str, list[dict[str, Any]]] = {"supplier": [], "violation": [], "disclosure": []}
    for r in rows:
        by_kind[r["kind"]].append(r)
    fact_rows = []
    for name, (source, desc) in FACTS.items():
        where = (f'<a href="#{FACT_SECTION[name]}">{FACT_SECTION[name]}</a>' if source == "warehouse"
                 else '<a href="#questionnaire">questionnaire</a>')
        fact_rows.append([f"<code>{name}</code>", _e(json.dumps(facts.get(name), default=str)), escape(source),
                          escape(desc), where])
    fact_ids = [f"fact-{name}" for name in FACTS]
    sup = [[_e(r["supplier_name"]), _e(r["tier"]), _e(r["match_band"]), _e(r["company_name"] or r["company_id"]),
            _yes(r["company_id"] is not None)] for r in by_kind["supplier"]]
    vio = [[_e(r["company_name"] or r["company_id"]), _e(r["decision_no"]), _nw(r["decided"]), _nw(r["fine_yuan"]),
            _yes(r["explained"]), _yes(r["corrected"]), _yes(r["audited"]), _nw(r["resolved_at"]),
            _link(r["source_url"])] for r in by_kind["violation"]]
    dis = [[_e(r["company_name"] or r["company_id"]), _e(r["title"]), _nw(r["decided"]), _yes(r["pollutant_release"]),
            _yes(r["energy_carbon"]), _link(r["source_url"])] for r in by_kind["disclosure"]]
    ans = [[f"<code>{escape(k)}</code>", _e(json.dumps(v, default=str))] for k, v in (answers or {}).items()]
    src = "".join(f"<li>{escape(s)}</li>" for s in sources) or "<li>none given</li>"
    bid = escape(brand["brand_id"])
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Evidence: {escape(brand["brand_name"])} {escape(period)}</title><style>{_CSS}</style></head><body>'
        f'<p><a href="../report.html#brand-{bid}">← back to the report</a></p>'
        f'<h1>Evidence behind {escape(brand["brand_name"])}\'s {escape(period)} scores</h1>'
        f'<p class="meta">Every figure below is computed from the rows on this page; the same rows are in '
        f'<a href="{bid}.csv">{bid}.csv</a> (one row each, with the facts it counts towards).</p>'
        f'<h2 id="facts">Facts</h2>{_table(["fact", "value", "source", "meaning", "rows"], fact_rows, fact_ids)}'
        f'<h2 id="suppliers">Supplier list ({len(sup)} rows)</h2>'
        '<p class="meta">Screened: matched to a registered company and the match accepted.</p>'
        f'{_table(["supplier as listed", "tier", "match", "registered company", "screened"], sup)}'
        f'<h2 id="violations">Violations of screened suppliers decided in {escape(period)} ({len(vio)})</h2>'
        '<p class="meta">One row per published record; the same decision on several sites counts once. '
        'Feedback counts when published by the cutoff (the methodology\'s grace period after the year).</p>'
        f'{_table(["company", "decision no.", "decided", "fine (yuan)", "explained", "corrected", "audited", "resolved", "bureau page"], vio)}'
        f'<h2 id="disclosures">Disclosure reports for {escape(period)} ({len(dis)})</h2>'
        f'{_table(["company", "title", "published", "pollutant data", "energy/carbon data", "page"], dis)}'
        f'<h2 id="questionnaire">Questionnaire answers</h2><p>Sources the brand gave:</p><ul>{src}</ul>'
        f'{_table(["answer", "value"], ans) if ans else "<p>No questionnaire answers for this period.</p>"}'
        '</body></html>')


def write_evidence(out_dir: Path, period: str, brand: dict[str, Any], facts: dict[str, Any], rows: pa.Table,
                   answers: dict[str, Any] | None, sources: list[str]) -> list[Path]:
    """Write evidence/<brand>.csv and evidence/<brand>.html; return both paths."""
    d = out_dir / "evidence"
    csv_path = write_evidence_csv(d / f"{brand['brand_id']}.csv", rows)
    html = render_page(brand, period, facts, rows.to_pylist(), answers, sources)
    page = d / f"{brand['brand_id']}.html"
    tmp = page.with_name(page.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(page)
    return [csv_path, page]

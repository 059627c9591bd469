"""A static, self-contained HTML report per period: ranking, charts (inline SVG), per-brand detail,
and the methodology a brand needs to read its score (every tier of every indicator).

No scripts, no external fonts or styles: it opens from disk in any browser with no server and no
network, and reads on a phone (viewport meta, charts that scale, tables that reflow or scroll).
Each indicator's evidence links to the brand's evidence page (evidence/<brand>.html), which lists
the rows every figure was computed from.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from transparency.charts import legend, svg_area_chart, svg_bar, svg_ranking_chart
from transparency.evidence_page import page_href
from transparency.facts import FACTS
from transparency.methodology import Condition, Methodology

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:1.5em auto;
max-width:1100px;color:#222;padding:0 .8em;line-height:1.4}
h1{margin-bottom:.2em;font-size:1.6em}table{border-collapse:collapse;margin:.8em 0;font-size:.92em}
th,td{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#f3f6f4}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.meta{color:#555;font-size:.88em}.note{background:#fff7e0;border-left:4px solid #c98a0b;padding:.4em .8em}
section.brand{border-top:2px solid #1b7f5b;margin-top:2.5em}.up{color:#1b7f5b}.down{color:#c8553d}
code{font-size:.85em;background:#f4f4f4;padding:0 .2em}.scroll{overflow-x:auto}.hash{word-break:break-all}
svg.chart{display:block;width:100%;max-width:560px;height:auto;margin:.5em 0}
ul.legend{list-style:none;padding:0;margin:.4em 0;display:flex;flex-wrap:wrap;gap:.3em 1.2em;font-size:.9em}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.35em;vertical-align:-.05em}
@media (max-width:640px){
 table.points,table.points tbody,table.points tr,table.points td{display:block}
 table.points tr:first-child{display:none}table.points tr{border-bottom:2px solid #ccc;padding:.3em 0}
 table.points td{border:none;padding:.1em 0}table.points td.num{text-align:left}
 table.points td::before{content:attr(data-label) ": ";font-weight:600;color:#555}
 #ranking .wide{display:none}
}
"""
_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "is", "!=": "is not", "in": "is one of"}


def _fmt(v: Any, nd: int = 1) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.{nd}f}"
    return str(v)


def _change(v: float | None) -> str:
    if v is None:
        return '<span class="meta">new</span>'
    cls = "up" if v > 0.05 else "down" if v < -0.05 else "meta"
    return f'<span class="{cls}">{v:+.1f}</span>'


def condition_text(c: Condition) -> str:
    """A tier condition in words a brand can read: "screened share ≥ 80 %"."""
    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "yes" if v else "no"
        if c.fact.endswith("_share") and isinstance(v, int | float):
            return f"{v * 100:g} %"
        return str(v)

    shown = ", ".join(map(value, c.value)) if isinstance(c.value, list) else value(c.value)
    return f"{c.fact.replace('_', ' ')} {_OPS[c.op]} {shown}"


def _ranking_table(scores: list[dict[str, Any]]) -> str:
    # .wide columns are left out on a phone: the industry and evidence basis are in each brand's section.
    head = ('<tr><th>rank</th><th>brand</th><th class="wide">industry</th><th>rank in industry</th><th>CITI</th>'
            '<th class="wide"></th><th>CATI</th><th>change</th><th class="wide">evidence</th></tr>')
    body = []
    for s in sorted(scores, key=lambda s: (s["rank_overall"], s["brand_id"])):
        body.append(
            f'<tr data-brand="{escape(s["brand_id"])}"><td class="num">{s["rank_overall"]}</td>'
            f'<td><a href="#brand-{escape(s["brand_id"])}">{escape(s["brand_name"])}</a></td>'
            f'<td class="wide">{escape(s["industry"])}</td>'
            f'<td class="num">{s["rank_in_industry"]} of {s["brands_in_industry"]}</td>'
            f'<td class="num">{s["score"]:.1f}</td><td class="wide">{svg_bar(s["score"])}</td>'
            f'<td class="num">{s["cati_score"]:.1f}</td><td class="num">{_change(s["score_change"])}</td>'
            f'<td class="wide">{escape(s["evidence_basis"])}</td></tr>')
    return f'<div class="scroll"><table id="ranking">{head}{"".join(body)}</table></div>'


def _industry_tables(scores: list[dict[str, Any]]) -> str:
    out = []
    for ind in sorted({s["industry"] for s in scores}):
        rows = sorted((s for s in scores if s["industry"] == ind), key=lambda s: (s["rank_in_industry"], s["brand_id"]))
        trs = "".join(f'<tr><td class="num">{s["rank_in_industry"]}</td><td>{escape(s["brand_name"])}</td>'
                      f'<td class="num">{s["score"]:.1f}</td></tr>' for s in rows)
        out.append(f'<h3>{escape(ind)}</h3><table class="industry"><tr><th>rank</th><th>brand</th>'
                   f'<th>score</th></tr>{trs}</table>')
    return "".join(out)


def _evidence_cell(evidence: str, brand_id: str) -> str:
    """Each fact an indicator tests, its value, and a link to the rows (or answers) behind it."""
    ev = json.loads(evidence)
    parts = []
    for k, v in ev.items():
        value = f'<code>{escape(k)}</code> = {escape(_fmt(v["value"], 3))}'
        if k in FACTS:
            parts.append(f'<a href="{escape(page_href(brand_id, k))}">{value}</a> '
                         f'<span class="meta">({escape(str(v["source"]))})</span>')
        else:  # another index's total (CATI feeding CITI): shown in the brand's section
            parts.append(f'{value} <span class="meta">({escape(str(v["source"]))})</span>')
    return "; ".join(parts)


def _points_table(rows: list[dict[str, Any]], m: Methodology, brand_id: str) -> str:
    names = {a.id: a.name for a in m.areas}
    cols = ("area", "indicator", "tier reached", "points", "weight %", "contribution", "evidence")
    head = "<tr>" + "".join(f"<th>{c}</th>" for c in cols) + "</tr>"

    def td(label: str, html: str, cls: str = "") -> str:
        return f'<td{f" class={cls!r}" if cls else ""} data-label="{label}">{html}</td>'

    trs = "".join(
        "<tr>" + td("area", escape(names[r["area_id"]]))
        + td("indicator", f'<a href="#tiers-{m.id}-{escape(r["indicator_id"])}">{escape(r["indicator_name"])}</a>')
        + td("tier reached", escape(r["tier"]) + (f'<br><span class="meta">{escape(r["note"])}</span>' if r["note"] else ""))
        + td("points", f'{r["points"]:.1f} / {r["max_points"]:.0f}', "num")
        + td("weight %", f'{r["weight_pct"]:.1f}', "num")
        + td("contribution", f'{r["contribution"]:.2f}', "num")
        + td("evidence", _evidence_cell(r["evidence"], brand_id)) + "</tr>"
        for r in rows)
    return f'<table class="points">{head}{trs}</table>'


def _brand_section(s: dict[str, Any], points: list[dict[str, Any]], facts: dict[str, Any],
                   citi: Methodology, cati: Methodology) -> str:
    bid = s["brand_id"]
    areas = json.loads(s["area_scores"])
    mine = [p for p in points if p["brand_id"] == bid]
    note_cls = "note" if s["evidence_basis"] == "warehouse only" else "meta"
    counts = (f'{_fmt(facts.get("suppliers_listed"))} suppliers listed, {_fmt(facts.get("suppliers_screened"))} screened '
              f'(matched to a registered company), {_fmt(facts.get("violating_suppliers"))} with violations in the period, '
              f'of which {_fmt(facts.get("explained_suppliers"))} explained, {_fmt(facts.get("corrected_suppliers"))} corrected '
              f'and {_fmt(facts.get("resolved_suppliers"))} resolved every violation; '
              f'{_fmt(facts.get("resolved_violations"))} violations resolved, median '
              f'{_fmt(facts.get("median_days_to_resolution"), 0)} days after the decision.')
    return (
        f'<section class="brand" id="brand-{escape(bid)}"><h2>{escape(s["brand_name"])} '
        f'<span class="meta">({escape(bid)}, {escape(s["industry"])})</span></h2>'
        f'<p>CITI <b>{s["score"]:.1f}</b> (rank {s["rank_overall"]}, {s["rank_in_industry"]} of '
        f'{s["brands_in_industry"]} in {escape(s["industry"])}; change {_change(s["score_change"])}) · CATI '
        f'<b>{s["cati_score"]:.1f}</b></p><p class="{note_cls}">Evidence: {escape(s["questionnaire_note"])}</p>'
        f'<p class="meta">Warehouse: {escape(counts)}</p>'
        f'<p>The rows behind every figure: <a href="{escape(page_href(bid))}">evidence page</a> · '
        f'<a href="evidence/{escape(bid)}.csv">CSV</a></p>'
        f'<h3>CITI areas</h3>{svg_area_chart(areas["citi"], citi, f"chart-citi-{bid}")}'
        f'{_points_table([p for p in mine if p["index"] == "citi"], citi, bid)}'
        f'<h3>CATI areas</h3>{svg_area_chart(areas["cati"], cati, f"chart-cati-{bid}")}'
        f'{_points_table([p for p in mine if p["index"] == "cati"], cati, bid)}</section>')


def _weights_table(m: Methodology) -> str:
    inds = sorted(m.weights)
    head = "<tr><th>area</th><th>max points</th>" + "".join(f"<th>{escape(i)}</th>" for i in inds) + "</tr>"
    trs = "".join(f'<tr><td>{escape(a.name)}</td><td class="num">{a.max_points:.0f}</td>'
                  + "".join(f'<td class="num">{m.weights[i][a.id]:g}</td>' for i in inds) + "</tr>" for a in m.areas)
    return (f"<h3>{escape(m.name)} v{escape(m.version)}: area weights by industry (percent)</h3>"
            f'<div class="scroll"><table>{head}{trs}</table></div>')


def _tier_definitions(m: Methodology) -> str:
    """Every indicator's tiers, highest first, with the evidence each needs: how a score is earned."""
    out = [f"<h3>{escape(m.name)} v{escape(m.version)}: indicators and tiers</h3>"]
    for area in m.areas:
        out.append(f"<h4>{escape(area.name)} <span class='meta'>({area.max_points:g} points)</span></h4>")
        for ind in area.indicators:
            anchor = f"tiers-{m.id}-{escape(ind.id)}"
            if ind.from_index:
                other = escape(ind.from_index.upper())
                rows = (f"<tr><td>{ind.points:g} × {other} / 100</td><td>the brand's {other} total (0–100), "
                        f"scored by its own indicators and tiers, below</td></tr>")
            else:
                rows = "".join(
                    f'<tr><td class="num">{t.points:g}</td><td><b>{escape(t.level)}</b>: '
                    + (" and ".join(escape(condition_text(c)) for c in t.requires) or "otherwise")
                    + (f'<br><span class="meta">{escape(t.note)}</span>' if t.note else "") + "</td></tr>"
                    for t in ind.tiers)
            out.append(f'<div id="{anchor}"><p><b>{escape(ind.name)}</b> <span class="meta">'
                       f'(<code>{escape(ind.id)}</code>, up to {ind.points:g} points)</span></p>'
                       f'<table class="tiers"><tr><th>points</th><th>tier: evidence needed</th></tr>{rows}</table></div>')
    return "".join(out)


def _facts_glossary() -> str:
    trs = "".join(f"<tr><td><code>{escape(k)}</code></td><td>{escape(src)}</td><td>{escape(desc)}</td></tr>"
                  for k, (src, desc) in FACTS.items())
    return (f'<h3 id="facts">Facts the tiers test</h3><div class="scroll"><table><tr><th>fact</th><th>source</th>'
            f"<th>meaning</th></tr>{trs}</table></div>")


HOW = (
    "<p>Each indicator earns the points of the <b>first</b> tier below (highest first) whose conditions all "
    "hold; the last tier needs nothing. A fact with no evidence (no questionnaire answer, no violating "
    "supplier to compute a share over) makes its condition false: no evidence, no points. An area scores "
    "its earned points over its maximum; the total is 100 × the weighted mean of the area scores, with the "
    "weights of the brand's industry. Warehouse facts are computed in China time from the published "
    "warehouse; a violation belongs to the year of its decision, and supplier feedback published up to "
    "{grace} days after the year still counts. Facts marked questionnaire are what the brand stated.</p>"
)


def render_report(period: str, scores: list[dict[str, Any]], points: list[dict[str, Any]],
                  facts: dict[str, dict[str, Any]], citi: Methodology, cati: Methodology,
                  snapshot: list[dict[str, Any]]) -> str:
    """The whole report as one HTML string."""
    contrib: dict[str, dict[str, float]] = {s["brand_id"]: {} for s in scores}
    for p in points:
        if p["index"] == "citi":
            c = contrib[p["brand_id"]]
            c[p["area_id"]] = c.get(p["area_id"], 0.0) + p["contribution"]
    first = scores[0] if scores else {}
    snap = "".join(f'<tr><td>{escape(r["input"])}</td><td class="num">{r["n_rows"]}</td><td><code class="hash">{r["md5"]}</code></td></tr>'
                   for r in snapshot)
    missing = [s for s in scores if s["evidence_basis"] == "warehouse only"]
    missing_html = "".join(f'<p class="note">{escape(s["brand_name"])}: {escape(s["questionnaire_note"])}</p>'
                           for s in missing)
    ordered = sorted(scores, key=lambda s: (s["rank_overall"], s["brand_id"]))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>greenchain transparency index {escape(period)}</title>'
        f'<style>{CSS}</style></head><body><h1>Supply-chain transparency index {escape(period)}</h1>'
        f'<p class="meta">CITI-style methodology v{escape(citi.version)}, CATI-style v{escape(cati.version)} '
        f'(CATI feeds CITI\'s energy/carbon indicator at 20%). Scores are 0–100; how they are made, and every '
        f'tier of every indicator, is in <a href="#methodology">Methodology</a> below. Input hash '
        f'<code class="hash">{escape(first.get("input_hash", ""))}</code>, computed {escape(first.get("computed_at", ""))}.</p>'
        f'{missing_html}<h2>Ranking</h2>{_ranking_table(scores)}'
        f'<h2>Scores by area</h2>{legend(citi)}{svg_ranking_chart(scores, contrib, citi)}'
        f'<h2>Ranking within industry</h2>{_industry_tables(scores)}'
        + "".join(_brand_section(s, points, facts[s["brand_id"]], citi, cati) for s in ordered)
        + f'<h2 id="methodology">Methodology</h2>{HOW.format(grace=citi.resolution_grace_days)}'
        f'{_weights_table(citi)}{_tier_definitions(citi)}{_weights_table(cati)}{_tier_definitions(cati)}'
        f'{_facts_glossary()}'
        f'<h2>Input snapshot</h2><div class="scroll"><table><tr><th>input</th><th>rows</th><th>md5</th></tr>{snap}'
        '</table></div></body></html>')


def write_report(path: Path, period: str, scores: list[dict[str, Any]], points: list[dict[str, Any]],
                 facts: dict[str, dict[str, Any]], citi: Methodology, cati: Methodology,
                 snapshot: list[dict[str, Any]]) -> Path:
    html = render_report(period, scores, points, facts, citi, cati, snapshot)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path

"""A static, self-contained HTML report per period: ranking, charts (inline SVG) and per-brand detail.

No scripts, no external fonts or styles: it opens from disk in any browser with no server and no network.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from transparency.methodology import Methodology

PALETTE = ["#1b7f5b", "#3a9bd9", "#e0a526", "#c8553d", "#7b5ea7", "#5c7d8a"]

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;
max-width:1100px;color:#222;padding:0 1em}
h1{margin-bottom:.2em}table{border-collapse:collapse;margin:.8em 0;font-size:.92em}
th,td{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f3f6f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#555;font-size:.88em}.note{background:#fff7e0;border-left:4px solid #e0a526;padding:.4em .8em}
section.brand{border-top:2px solid #1b7f5b;margin-top:2.5em}.up{color:#1b7f5b}.down{color:#c8553d}
code{font-size:.85em;background:#f4f4f4;padding:0 .2em}
"""


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


def svg_bar(value: float, width: int = 160, height: int = 14, color: str = PALETTE[0]) -> str:
    """One 0..100 bar, for table cells."""
    w = max(0.0, min(value, 100.0)) / 100 * width
    return (f'<svg class="bar" width="{width}" height="{height}" role="img" aria-label="{value:.1f} of 100">'
            f'<rect width="{width}" height="{height}" fill="#eee"/>'
            f'<rect width="{w:.1f}" height="{height}" fill="{color}"/></svg>')


def svg_ranking_chart(scores: list[dict[str, Any]], contrib: dict[str, dict[str, float]], m: Methodology) -> str:
    """Horizontal stacked bars: each brand's CITI total split into what each area contributed."""
    label_w, bar_w, row_h, top = 190, 620, 26, 30
    rows = sorted(scores, key=lambda s: (s["rank_overall"], s["brand_id"]))
    h = top + row_h * len(rows) + 40
    parts = [f'<svg id="ranking-chart" width="{label_w + bar_w + 60}" height="{h}" role="img" '
             f'aria-label="CITI scores by brand, split by area" '
             f'font-size="12" font-family="sans-serif">']
    for i, area in enumerate(m.areas):  # legend
        x = label_w + i * 130
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                     f'<text x="{x + 16}" y="14">{escape(area.short)}</text>')
    for r, s in enumerate(rows):
        y = top + r * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(s["brand_name"])}</text>')
        x = float(label_w)
        for i, area in enumerate(m.areas):
            w = contrib[s["brand_id"]].get(area.id, 0.0) / 100 * bar_w
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
                             f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(area.name)}: '
                             f'{contrib[s["brand_id"]][area.id]:.1f}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{s["score"]:.1f}</text>')
    axis_y = top + row_h * len(rows) + 4
    for t in range(0, 101, 20):
        tx = label_w + t / 100 * bar_w
        parts.append(f'<line x1="{tx}" y1="{top}" x2="{tx}" y2="{axis_y}" stroke="#ccc" stroke-dasharray="2,3"/>'
                     f'<text x="{tx}" y="{axis_y + 14}" text-anchor="middle" fill="#666">{t}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_area_chart(area_scores: dict[str, float], m: Methodology, chart_id: str) -> str:
    """Vertical bars: each area's share of its maximum (0..100)."""
    bw, gap, h = 100, 16, 150
    width = len(m.areas) * (bw + gap) + gap
    parts = [f'<svg id="{escape(chart_id)}" width="{width}" height="{h + 50}" role="img" '
             f'aria-label="{escape(m.id.upper())} area scores" '
             f'font-size="11" font-family="sans-serif"><line x1="0" y1="{h}" x2="{width}" y2="{h}" stroke="#999"/>']
    for i, area in enumerate(m.areas):
        v = area_scores.get(area.id, 0.0)
        x, bh = gap + i * (bw + gap), v / 100 * (h - 20)
        parts.append(f'<rect x="{x}" y="{h - bh:.1f}" width="{bw}" height="{bh:.1f}" fill="{PALETTE[i % len(PALETTE)]}">'
                     f'<title>{escape(area.name)}: {v:.1f}</title></rect>'
                     f'<text x="{x + bw / 2}" y="{h - bh - 4:.1f}" text-anchor="middle">{v:.0f}</text>'
                     f'<text x="{x + bw / 2}" y="{h + 14}" text-anchor="middle">{escape(area.short)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ranking_table(scores: list[dict[str, Any]]) -> str:
    head = ("<tr><th>rank</th><th>brand</th><th>industry</th><th>rank in industry</th><th>CITI score</th>"
            "<th></th><th>CATI</th><th>change</th><th>evidence</th></tr>")
    body = []
    for s in sorted(scores, key=lambda s: (s["rank_overall"], s["brand_id"])):
        body.append(
            f'<tr data-brand="{escape(s["brand_id"])}"><td class="num">{s["rank_overall"]}</td>'
            f'<td><a href="#brand-{escape(s["brand_id"])}">{escape(s["brand_name"])}</a></td>'
            f'<td>{escape(s["industry"])}</td><td class="num">{s["rank_in_industry"]} of {s["brands_in_industry"]}</td>'
            f'<td class="num">{s["score"]:.1f}</td><td>{svg_bar(s["score"])}</td>'
            f'<td class="num">{s["cati_score"]:.1f}</td><td class="num">{_change(s["score_change"])}</td>'
            f'<td>{escape(s["evidence_basis"])}</td></tr>')
    return f'<table id="ranking">{head}{"".join(body)}</table>'


def _industry_tables(scores: list[dict[str, Any]]) -> str:
    out = []
    for ind in sorted({s["industry"] for s in scores}):
        rows = sorted((s for s in scores if s["industry"] == ind), key=lambda s: (s["rank_in_industry"], s["brand_id"]))
        trs = "".join(f'<tr><td class="num">{s["rank_in_industry"]}</td><td>{escape(s["brand_name"])}</td>'
                      f'<td class="num">{s["score"]:.1f}</td></tr>' for s in rows)
        out.append(f'<h3>{escape(ind)}</h3><table class="industry"><tr><th>rank</th><th>brand</th>'
                   f'<th>score</th></tr>{trs}</table>')
    return "".join(out)


def _evidence_text(evidence: str) -> str:
    ev = json.loads(evidence)
    return "; ".join(f'<code>{escape(k)}</code> = {escape(_fmt(v["value"], 3))} '
                     f'<span class="meta">({escape(str(v["source"]))})</span>' for k, v in ev.items())


def _points_table(rows: list[dict[str, Any]], m: Methodology) -> str:
    names = {a.id: a.name for a in m.areas}
    head = ("<tr><th>area</th><th>indicator</th><th>tier reached</th><th>points</th><th>weight %</th>"
            "<th>contribution</th><th>evidence</th></tr>")
    trs = "".join(
        f'<tr><td>{escape(names[r["area_id"]])}</td><td>{escape(r["indicator_name"])}</td>'
        f'<td>{escape(r["tier"])}{"<br><span class=meta>" + escape(r["note"]) + "</span>" if r["note"] else ""}</td>'
        f'<td class="num">{r["points"]:.1f} / {r["max_points"]:.0f}</td><td class="num">{r["weight_pct"]:.1f}</td>'
        f'<td class="num">{r["contribution"]:.2f}</td><td>{_evidence_text(r["evidence"])}</td></tr>'
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
        f'<h3>CITI areas</h3>{svg_area_chart(areas["citi"], citi, f"chart-citi-{bid}")}'
        f'{_points_table([p for p in mine if p["index"] == "citi"], citi)}'
        f'<h3>CATI areas</h3>{svg_area_chart(areas["cati"], cati, f"chart-cati-{bid}")}'
        f'{_points_table([p for p in mine if p["index"] == "cati"], cati)}</section>')


def _weights_table(m: Methodology) -> str:
    inds = sorted(m.weights)
    head = "<tr><th>area</th><th>max points</th>" + "".join(f"<th>{escape(i)}</th>" for i in inds) + "</tr>"
    trs = "".join(f'<tr><td>{escape(a.name)}</td><td class="num">{a.max_points:.0f}</td>'
                  + "".join(f'<td class="num">{m.weights[i][a.id]:g}</td>' for i in inds) + "</tr>" for a in m.areas)
    return f"<h3>{escape(m.name)} v{escape(m.version)}: area weights by industry</h3><table>{head}{trs}</table>"


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
    snap = "".join(f'<tr><td>{escape(r["input"])}</td><td class="num">{r["n_rows"]}</td><td><code>{r["md5"]}</code></td></tr>'
                   for r in snapshot)
    missing = [s for s in scores if s["evidence_basis"] == "warehouse only"]
    missing_html = "".join(f'<p class="note">{escape(s["brand_name"])}: {escape(s["questionnaire_note"])}</p>'
                           for s in missing)
    ordered = sorted(scores, key=lambda s: (s["rank_overall"], s["brand_id"]))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>greenchain transparency index {escape(period)}</title>'
        f'<style>{CSS}</style></head><body><h1>Supply-chain transparency index {escape(period)}</h1>'
        f'<p class="meta">CITI-style methodology v{escape(citi.version)}, CATI-style v{escape(cati.version)} '
        f'(CATI feeds CITI\'s energy/carbon indicator at 20%). Input hash <code>{escape(first.get("input_hash", ""))}</code>, '
        f'computed {escape(first.get("computed_at", ""))}. Scores are 0–100; see docs/methodology.md.</p>'
        f'{missing_html}<h2>Ranking</h2>{_ranking_table(scores)}'
        f'<h2>Scores by area</h2>{svg_ranking_chart(scores, contrib, citi)}'
        f'<h2>Ranking within industry</h2>{_industry_tables(scores)}'
        + "".join(_brand_section(s, points, facts[s["brand_id"]], citi, cati) for s in ordered)
        + f'<h2>Methodology</h2>{_weights_table(citi)}{_weights_table(cati)}'
        f'<h2>Input snapshot</h2><table><tr><th>input</th><th>rows</th><th>md5</th></tr>{snap}</table>'
        '</body></html>')


def write_report(path: Path, period: str, scores: list[dict[str, Any]], points: list[dict[str, Any]],
                 facts: dict[str, dict[str, Any]], citi: Methodology, cati: Methodology,
                 snapshot: list[dict[str, Any]]) -> Path:
    html = render_report(period, scores, points, facts, citi, cati, snapshot)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path

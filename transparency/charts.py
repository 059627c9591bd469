"""Inline SVG charts for the report, laid out so no two labels can meet at any width.

Every chart has a viewBox and scales to the width of its container (a phone's 360 px included);
each label sits on its own line above its bar, so long brand or area names never run into
another label or bar. Legends are HTML (they wrap), not SVG.
"""

from __future__ import annotations

from html import escape
from typing import Any

from transparency.methodology import Methodology

PALETTE = ["#1b7f5b", "#3a9bd9", "#c98a0b", "#c8553d", "#7b5ea7", "#5c7d8a"]
WIDTH = 400  # viewBox units; a phone scales them to ~0.85 px each
BAR = 340  # units for 100 points; the rest holds the value label
MAX_LABEL = 56  # characters shown of a name (the full name is in the <title>)


def _text(name: str) -> str:
    """A label's content: the name, or its first MAX_LABEL characters with the whole name as a tooltip."""
    if len(name) <= MAX_LABEL:
        return escape(name)
    return f"<title>{escape(name)}</title>{escape(name[: MAX_LABEL - 1])}…"


def _svg_open(chart_id: str, height: float, label: str) -> str:
    return (f'<svg id="{escape(chart_id)}" class="chart" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(label)}" '
            f'font-size="13" font-family="system-ui, sans-serif">')


def legend(m: Methodology) -> str:
    items = "".join(f'<li><span class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></span>'
                    f'{escape(a.name)}</li>' for i, a in enumerate(m.areas))
    return f'<ul class="legend">{items}</ul>'


def svg_bar(value: float, width: int = 120, height: int = 12, color: str = PALETTE[0]) -> str:
    """One 0..100 bar, for table cells."""
    w = max(0.0, min(value, 100.0)) / 100 * width
    return (f'<svg class="bar" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-label="{value:.1f} of 100"><rect width="{width}" height="{height}" fill="#eee"/>'
            f'<rect width="{w:.1f}" height="{height}" fill="{color}"/></svg>')


def svg_ranking_chart(scores: list[dict[str, Any]], contrib: dict[str, dict[str, float]], m: Methodology) -> str:
    """Each brand's CITI total as a bar split into what each area contributed; the name above its bar."""
    row_h, bar_h, top = 40, 14, 4
    rows = sorted(scores, key=lambda s: (s["rank_overall"], s["brand_id"]))
    axis_y = top + row_h * len(rows)
    parts = [_svg_open("ranking-chart", axis_y + 22, "CITI scores by brand, split by area")]
    for r, s in enumerate(rows):
        y = top + r * row_h
        parts.append(f'<text x="0" y="{y + 12}">{_text(s["brand_name"])}</text>')
        x = 0.0
        for i, area in enumerate(m.areas):
            v = contrib[s["brand_id"]].get(area.id, 0.0)
            w = v / 100 * BAR
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 18}" width="{w:.1f}" height="{bar_h}" '
                             f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(area.name)}: {v:.1f}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 29}">{s["score"]:.1f}</text>')
    for t in range(0, 101, 20):
        tx = t / 100 * BAR
        anchor = "start" if t == 0 else "middle"
        parts.append(f'<line x1="{tx}" y1="{top}" x2="{tx}" y2="{axis_y}" stroke="#ccc" stroke-dasharray="2,3"/>'
                     f'<text x="{tx}" y="{axis_y + 16}" text-anchor="{anchor}" fill="#555">{t}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_area_chart(area_scores: dict[str, float], m: Methodology, chart_id: str) -> str:
    """Each area's share of its maximum (0..100), one bar per area under its full name."""
    row_h, bar_h = 36, 12
    parts = [_svg_open(chart_id, row_h * len(m.areas) + 4, f"{m.id.upper()} area scores")]
    for i, area in enumerate(m.areas):
        v = area_scores.get(area.id, 0.0)
        y = i * row_h
        w = max(0.0, min(v, 100.0)) / 100 * BAR
        parts.append(f'<text x="0" y="{y + 12}">{_text(area.name)}</text>'
                     f'<rect x="0" y="{y + 17}" width="{BAR}" height="{bar_h}" fill="#eee"/>'
                     f'<rect x="0" y="{y + 17}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE[i % len(PALETTE)]}">'
                     f'<title>{escape(area.name)}: {v:.1f}</title></rect>'
                     f'<text x="{BAR + 4}" y="{y + 28}">{v:.0f}</text>')
    parts.append("</svg>")
    return "".join(parts)

"""The report at phone width in a real browser (headless Chromium from Debian's `chromium` package).

Chromium will not open a window narrower than 500 px, so the page is shown in a 360 px wide iframe
(a common phone width): inside it the viewport, media queries and SVG scaling are a phone's.
layout_check.js measures what Chromium laid out: overlapping labels, content wider than the screen,
words split across lines, the smallest chart text.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from transparency_env import Scored

PHONE_WIDTH = 360
CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser")) if p), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium); "
    "the phone-width layout and screenshot checks need a real browser")
CHECK_JS = (Path(__file__).parent / "layout_check.js").read_text(encoding="utf-8")
HOST = ('<!DOCTYPE html><html><body style="margin:0"><iframe src="{page}" style="width:{w}px;height:2400px;'
        'border:0"></iframe><script>addEventListener("message", (e) => {{ const p = document.createElement("pre");'
        ' p.id = "layout-check"; p.textContent = e.data; document.body.appendChild(p); }});</script></body></html>')


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"  # a fresh profile for every start
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--window-size=500,2400", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def _phone_layout(page: Path, tmp: Path) -> dict:
    """Open `page` (a copy with the measuring script) at phone width; return the measurements."""
    checked = page.with_name(page.stem + "-check.html")
    script = CHECK_JS.replace("document.body.appendChild(pre);",
                              "document.body.appendChild(pre);\n  parent.postMessage(pre.textContent, '*');")
    checked.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<script>{script}</script></body>"),
                       encoding="utf-8")
    host = page.with_name(page.stem + "-host.html")
    host.write_text(HOST.format(page=checked.name, w=PHONE_WIDTH), encoding="utf-8")
    out = _chromium(tmp, "--virtual-time-budget=5000", "--dump-dom", host.as_uri())
    found = re.search(r'<pre id="layout-check">(.*?)</pre>', out.stdout)
    assert found, f"no measurements from chromium: {out.stderr[-2000:]}"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def _assert_readable(m: dict) -> None:
    assert m["innerWidth"] == PHONE_WIDTH
    assert m["overlaps"] == [], "labels overlap"
    assert m["offscreen"] == [], "content wider than the phone outside a scrolling box"
    assert m["scrollWidth"] <= PHONE_WIDTH, "the page scrolls sideways"
    assert m["brokenWords"] == [], "words split over lines (a squeezed table)"


def test_report_at_phone_width_has_no_overlap_or_overflow(scored_2025: Scored, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(scored_2025.report, encoding="utf-8")
    m = _phone_layout(page, tmp_path)
    _assert_readable(m)
    assert m["charts"] == 1 + 2 * 4  # the ranking chart and two per brand, all measured
    assert m["minFontPx"] >= 9, "chart labels too small to read on a phone"


def test_evidence_page_at_phone_width_has_no_overflow(scored_2025: Scored, tmp_path: Path) -> None:
    src = scored_2025.env.paths.index_period("2025") / "evidence" / "alpha.html"
    page = tmp_path / "alpha.html"
    page.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    _assert_readable(_phone_layout(page, tmp_path))


def test_report_screenshot_at_phone_width(scored_2025: Scored, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(scored_2025.report, encoding="utf-8")
    host = tmp_path / "host.html"
    host.write_text(HOST.format(page=page.name, w=PHONE_WIDTH), encoding="utf-8")
    shot = tmp_path / "report-phone.png"
    out = _chromium(tmp_path, f"--screenshot={shot}", host.as_uri())
    assert shot.exists(), out.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (500, 2400)
    assert len(data) > 20_000  # a rendered page, not a blank one

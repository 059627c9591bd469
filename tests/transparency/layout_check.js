// Injected into a copy of the report by test_report_browser.py: measures the page as Chromium laid it
// out and writes the findings as JSON into <pre id="layout-check"> (read back with --dump-dom).
(function () {
  const W = window.innerWidth;
  const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
                         Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  const name = (el) => (el.textContent || el.tagName).trim().slice(0, 40);
  const out = {innerWidth: W, scrollWidth: document.documentElement.scrollWidth, overlaps: [],
               offscreen: [], minFontPx: 1e9, charts: 0};
  for (const svg of document.querySelectorAll('svg.chart')) {
    out.charts += 1;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll('text')];
    const shapes = [...texts, ...svg.querySelectorAll('rect')];
    for (const t of texts) {
      out.minFontPx = Math.min(out.minFontPx, parseFloat(getComputedStyle(t).fontSize) * scale);
      const a = t.getBoundingClientRect();
      for (const s of shapes) {
        if (s === t || (s.tagName === 'text' && texts.indexOf(s) < texts.indexOf(t))) continue;
        if (meet(a, s.getBoundingClientRect())) out.overlaps.push([svg.id, name(t), name(s)]);
      }
    }
  }
  for (const ul of document.querySelectorAll('ul.legend')) {
    const items = [...ul.children];
    items.forEach((x, i) => items.slice(i + 1).forEach((y) => {
      if (meet(x.getBoundingClientRect(), y.getBoundingClientRect())) out.overlaps.push(['legend', name(x), name(y)]);
    }));
  }
  // A word split over two lines (a table squeezed to a letter per line) is unreadable.
  out.brokenWords = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const words = n.textContent.trim().split(/\s+/).filter(Boolean);
    // CJK text wraps between any two characters by design; hashes are marked .hash and may break.
    if (!words.length || /[\u3400-\u9fff]/.test(n.textContent) || n.parentElement.closest('svg, .hash, pre')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (lines.size > words.length) out.brokenWords.push(n.textContent.trim().slice(0, 40));
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.scroll') || el.closest('svg') && el.tagName !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > W + 1) out.offscreen.push([el.tagName, el.id || el.className || name(el)]);
  }
  const pre = document.createElement('pre');
  pre.id = 'layout-check';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();

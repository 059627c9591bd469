"""Real list pages read end to end: every snippet of ../shared/realdata/list-pages/ through the
reader `sources check` and the crawl use (family, items, pager, jcms proxy), scored against
bench/gold/list_pages.json, which says by hand what each page holds.

Figures: items found / expected (recall), items read that are not on the page (extra), titles and
dates right among the items found, next list page right, and the TRS pager calls of snippet 09
read right. Snippets without a gold line are listed as not scored. The folder is small, so
`quick` reads all of it too.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from crawlers.pages.jcms import proxy_request
from crawlers.pages.pager import parse_trs_call
from crawlers.pages.reading import PageSummary, summarize_list_page
from greenchain.paths import SHARED_REALDATA

GOLD = Path(__file__).parent / "gold" / "list_pages.json"
UNDO = {  # damage done to a snippet after the site served it (the folder's README says which)
    "html_comments": lambda t: t.replace("<!--", "").replace("-->", ""),
    "sql_quotes": lambda t: t.replace("\\'", "'"),
}


def next_list_url(s: PageSummary, url: str) -> str | None:
    """The next list page as the crawl would ask for it: the pager's, or the jcms proxy's range."""
    if s.jcms is not None:
        start = s.jcms.n_records + 1
        if s.jcms.total_records is not None and start > s.jcms.total_records:
            return None
        req = proxy_request(s.jcms, url, start)
        return req.url if req else None
    return s.pager.next_url if s.pager else None


def _score_page(text: str, want: dict[str, Any], served_on: date) -> dict[str, Any]:
    s = summarize_list_page(text.encode("utf-8"), "text/html; charset=utf-8", want["url"], served_on=served_on)
    got = {e.url: e for e in s.entries}
    expected = {u: (t, d) for u, t, d in want["items"]}
    found = [u for u in expected if u in got]
    titles = sum(1 for u in found if expected[u][0] is None or got[u].title == expected[u][0])
    dates = sum(1 for u in found if got[u].date is not None and got[u].date.isoformat() == expected[u][1])
    nxt = next_list_url(s, want["url"])
    return {"family": s.family.value, "items_expected": len(expected), "items_found": len(found),
            "items_extra": len(got.keys() - expected.keys()), "titles_right": titles, "dates_right": dates,
            "next_right": nxt == want["next"], "next_read": nxt, "next_expected": want["next"]}


def _score_calls(text: str, calls: dict[str, str | None]) -> dict[str, Any]:
    body = text[text.index("-->"):] if "-->" in text else text  # after the collector's header
    right = 0
    for inner in re.findall(r"createPageHTML\((.*?)\)", body, re.S):
        if inner not in calls:
            continue
        c = parse_trs_call(inner)
        at_end = c is None or c.count is None or c.current >= c.count
        right += c is not None and (None if at_end else c.page_name(c.current + 1)) == calls[inner]
    return {"calls_expected": len(calls), "calls_right": right}


def run(quick: bool = False) -> dict[str, Any]:
    folder = SHARED_REALDATA / "list-pages"
    if not folder.is_dir():
        print(f"list pages: {folder} is absent; nothing measured")
        return {"skipped": f"{folder} is absent"}
    gold = json.loads(GOLD.read_text("utf-8"))
    served_on = date.fromisoformat(gold["served_on"])
    per: dict[str, dict[str, Any]] = {}
    unscored: list[str] = []
    for f in sorted(folder.glob("*.html")):
        key = f.name.split("_", 1)[0]
        want = gold["pages"].get(key)
        if want is None:
            unscored.append(f.name)
            continue
        text = UNDO[want["undo"]](f.read_text("utf-8")) if "undo" in want else f.read_text("utf-8")
        per[f.name] = _score_calls(text, want["calls"]) if "calls" in want else _score_page(text, want, served_on)
    pages = [p for p in per.values() if "items_expected" in p]
    calls = [p for p in per.values() if "calls_expected" in p]
    expected, found = sum(p["items_expected"] for p in pages), sum(p["items_found"] for p in pages)
    figures = {
        "snippets": len(per), "snippets_not_scored": unscored,
        "items_expected": expected, "items_found": found,
        "item_recall": round(found / expected, 4) if expected else None,
        "items_extra": sum(p["items_extra"] for p in pages),
        "titles_right": sum(p["titles_right"] for p in pages), "dates_right": sum(p["dates_right"] for p in pages),
        "next_page_right": sum(p["next_right"] for p in pages), "pages_with_pager_truth": len(pages),
        "pager_calls_right": sum(p["calls_right"] for p in calls),
        "pager_calls": sum(p["calls_expected"] for p in calls),
        "all_read_correctly": all(p["items_found"] == p["items_expected"] and not p["items_extra"]
                                  and p["titles_right"] == p["items_found"] and p["dates_right"] == p["items_found"]
                                  and p["next_right"] for p in pages)
                              and all(p["calls_right"] == p["calls_expected"] for p in calls),
        "per_snippet": per,
    }
    print("real list pages (../shared/realdata/list-pages, gold in bench/gold/list_pages.json)")
    for k, v in figures.items():
        if k != "per_snippet":
            print(f"  {k:<28} {v}")
    for name, p in per.items():
        print(f"    {name:<58} {p if 'calls_expected' in p else {k: p[k] for k in list(p)[:7]}}")
    return figures


if __name__ == "__main__":
    import sys

    run(quick="--quick" in sys.argv)

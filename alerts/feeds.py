"""Per-brand Atom (feedgen), JSON Feed 1.1 and HTML files under data/alerts/feeds/, built from the outbox."""

from __future__ import annotations

import html
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from alerts import outbox
from alerts.config import AlertsConfig, FeedSettings
from alerts.private_files import private_dir, write_private
from alerts.sqlfiles import query
from alerts.tally import Tally
from greenchain.paths import DataPaths

_KIND_LABEL = {
    "new": "New violation",
    "revised": "Revised",
    "taken_down": "Taken down at source",
    "restored": "Back online at source",
    "resolution": "Resolution status",
    "match_confirmed": "Match confirmed",
    "match_rejected": "RETRACTED (match rejected)",
}


FEED_SUFFIXES = (".atom", ".json", ".html")


def feed_paths(out_dir: Path, brand_id: str) -> tuple[Path, Path, Path]:
    """The brand's Atom feed, JSON Feed and the HTML page both name as their alternate."""
    atom, json_, html_ = (out_dir / f"{brand_id}{suffix}" for suffix in FEED_SUFFIXES)
    return atom, json_, html_


def link_prefix(base_url: str, brand_id: str) -> str:
    """How every link between a brand's feed files starts (`<base>/feeds/<brand>.`); the feed service
    swaps it for the secret-URL form when a reader fetched the feed by its secret URL."""
    return f"{base_url.rstrip('/')}/feeds/{brand_id}."


def about_url(settings: FeedSettings) -> str:
    return settings.about_url or f"{settings.base_url.rstrip('/')}/about"


def title(body: dict[str, Any], retracted: bool = False) -> str:
    v = body["violation"]
    label = _KIND_LABEL[body["event"]] + (" [retracted]" if retracted else "")
    return f"{label}: {body['supplier']['name_as_listed']} — {v['decision_no'] or v['party_name']}"


def _relation_text(company: dict[str, Any], violation: dict[str, Any]) -> str:
    if company["relation"] == "branch":
        return f"branch of {company['parent_company_name']}"
    if company["relation"] == "branch_of":
        return f"the decision names {violation['party_name']}, a unit of it that is not registered itself"
    return company["relation"]


def summary(body: dict[str, Any]) -> str:
    """A few plain lines a person can read in a feed reader or an email."""
    v, c, m = body["violation"], body["company"], body["match"]
    fine = f"¥{v['fine_yuan']:,.0f}" if v["fine_yuan"] is not None else "no fine"
    lines = [
        f"Supplier (as listed): {body['supplier']['name_as_listed']}",
        f"Matched company: {c['name']} ({_relation_text(c, v)})",
        f"Match: {m['band']} score {m['score']} rule {m['rule']} review {m['judgement'] or '-'}",
        f"Decision {v['decision_no']} by {v['authority']} on {v['decision_date']}: "
        f"{', '.join(v['violation_types']) or '-'}; pollutants {', '.join(v['pollutants']) or '-'}; {fine}",
        f"Source: {body['source']['url']} (snapshot sha256 {body['source']['snapshot_sha256']})",
    ]
    if body["event"] == "resolution":
        lines.append(f"Resolution stage: {body['resolution']['stage']} at {body['resolution']['at']}")
    if body["event"] == "taken_down":
        lines.append(f"Taken down at the source on {v['taken_down_at']} (the violation is not resolved by this)")
    if body["retracts"]:
        lines.append(f"This retracts alert {body['retracts']}: a reviewer rejected the match.")
    return "\n".join(lines)


def write_brand_feeds(con: sqlite3.Connection, out_dir: Path, brand_id: str, settings: FeedSettings) -> int:
    """Rewrite one brand's Atom feed, JSON Feed and HTML page with its newest messages; returns the
    entry count. The files are 0600 (they hold the brand's alerts)."""
    rows = con.execute(query("brand_messages"), {"brand_id": brand_id, "limit": settings.max_entries}).fetchall()
    bodies = [json.loads(r["body"]) for r in rows]  # newest first
    # a retraction is newer than what it retracts, so both are in the window when the original is
    retracted = {b["retracts"] for b in bodies if b["retracts"]}
    entries = [(b, title(b, b["id"] in retracted), summary(b)) for b in bodies]
    links = link_prefix(settings.base_url, brand_id)
    feed_title = f"greenchain supplier alerts: {brand_id}"
    updated = bodies[0]["created_at"] if bodies else "1970-01-01T00:00:00+00:00"
    private_dir(out_dir)
    atom_path, json_path, html_path = feed_paths(out_dir, brand_id)
    write_private(atom_path, _atom(entries, brand_id, feed_title, links, updated))
    write_private(json_path, _json_feed(entries, feed_title, links, about_url(settings)))
    write_private(html_path, _html_page(entries, feed_title, links))
    return len(bodies)


Entry = tuple[dict[str, Any], str, str]  # message, title, summary


def _atom(entries: list[Entry], brand_id: str, feed_title: str, links: str, updated: str) -> bytes:
    fg = FeedGenerator()
    fg.id(f"urn:greenchain:alerts:{brand_id}")
    fg.title(feed_title)
    fg.author({"name": "greenchain"})
    fg.link(href=links + "atom", rel="self", type="application/atom+xml")
    fg.link(href=links + "html", rel="alternate", type="text/html")
    fg.link(href=links + "json", rel="alternate", type="application/feed+json")
    fg.updated(updated)
    for b, entry_title, text in reversed(entries):  # feedgen prepends, so add oldest first
        e = fg.add_entry()
        e.id(f"urn:greenchain:alert:{b['id']}")
        e.title(entry_title)
        e.updated(b["created_at"])
        e.published(b["created_at"])
        e.link(href=b["source"]["url"], rel="alternate")
        e.category(term=b["event"])
        e.summary(text)
    return fg.atom_str(pretty=True)


def _json_feed(entries: list[Entry], feed_title: str, links: str, about: str) -> bytes:
    """JSON Feed 1.1; `_greenchain` (an extension object, so it names its `about` page) is the full
    alert message as webhooks receive it."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_title,
        "home_page_url": links + "html",
        "feed_url": links + "json",
        "description": "New, revised, taken-down and resolved environmental violations of this brand's "
                       "suppliers, and matches confirmed or retracted in review.",
        "authors": [{"name": "greenchain"}],
        "items": [
            {
                "id": b["id"],
                "url": b["source"]["url"],
                "title": entry_title,
                "content_text": text,
                "date_published": b["created_at"],
                "tags": [b["event"]],
                "_greenchain": {"about": about, **b},
            }
            for b, entry_title, text in entries
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")


def _html_page(entries: list[Entry], feed_title: str, links: str) -> bytes:
    """The page the feeds name as their alternate: the same entries for a person, with feed autodiscovery."""
    e = html.escape
    items = "".join(
        f'<article><h2>{e(entry_title)}</h2><p><time datetime="{e(b["created_at"])}">{e(b["created_at"])}</time>'
        f' · <a href="{e(b["source"]["url"])}" rel="noreferrer">source</a> · id {e(b["id"])}</p>'
        f"<pre>{e(text)}</pre></article>\n"
        for b, entry_title, text in entries
    )
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{e(feed_title)}</title>
<link rel="alternate" type="application/atom+xml" href="{e(links)}atom" title="Atom">
<link rel="alternate" type="application/feed+json" href="{e(links)}json" title="JSON Feed">
<style>body{{font-family:sans-serif;max-width:50rem;margin:auto;padding:0 1rem}}pre{{white-space:pre-wrap}}</style>
</head><body><h1>{e(feed_title)}</h1>
<p><a href="{e(links)}atom">Atom feed</a> · <a href="{e(links)}json">JSON Feed</a></p>
{items or "<p>No alerts yet.</p>"}</body></html>
"""
    return page.encode("utf-8")


def feeds_dir(paths: DataPaths) -> Path:
    return paths.alerts / "feeds"


def deliver_feeds(con: sqlite3.Connection, paths: DataPaths, cfg: AlertsConfig) -> Tally:
    """Rewrite the feeds of brands with pending feed deliveries, then mark those delivered."""
    tally = Tally()
    pending = con.execute(query("pending"), {"channel": "feed"}).fetchall()
    by_brand: dict[str, list[str]] = {}
    for r in pending:
        by_brand.setdefault(r["brand_id"], []).append(r["key"])
    at = datetime.now(UTC).isoformat(timespec="seconds")
    for brand, keys in by_brand.items():
        write_brand_feeds(con, feeds_dir(paths), brand, cfg.feed)
        with outbox.transaction(con):
            for k in keys:
                con.execute(query("mark_delivered"), {"key": k, "channel": "feed", "at": at})
        tally.delivered += len(keys)
    return tally

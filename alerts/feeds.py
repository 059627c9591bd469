"""Per-brand Atom (feedgen) and JSON Feed 1.1 files under data/alerts/feeds/, built from the outbox."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from alerts import outbox
from alerts.config import AlertsConfig, FeedSettings
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


def feed_paths(out_dir: Path, brand_id: str) -> tuple[Path, Path]:
    return out_dir / f"{brand_id}.atom", out_dir / f"{brand_id}.json"


def title(body: dict[str, Any], retracted: bool = False) -> str:
    v = body["violation"]
    label = _KIND_LABEL[body["event"]] + (" [retracted]" if retracted else "")
    return f"{label}: {body['supplier']['name_as_listed']} — {v['decision_no'] or v['party_name']}"


def summary(body: dict[str, Any]) -> str:
    """A few plain lines a person can read in a feed reader or an email."""
    v, c, m = body["violation"], body["company"], body["match"]
    fine = f"¥{v['fine_yuan']:,.0f}" if v["fine_yuan"] is not None else "no fine"
    lines = [
        f"Supplier (as listed): {body['supplier']['name_as_listed']}",
        f"Matched company: {c['name']} ({c['relation']}"
        + (f" of {c['parent_company_name']}" if c["relation"] == "branch" else "") + ")",
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


def _atomic_write(path: Path, data: bytes) -> None:
    """Readers (the feed service) never see a half-written file."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_brand_feeds(con: sqlite3.Connection, out_dir: Path, brand_id: str, settings: FeedSettings) -> int:
    """Rewrite one brand's Atom and JSON feeds with its newest messages; returns the entry count."""
    rows = con.execute(query("brand_messages"), {"brand_id": brand_id, "limit": settings.max_entries}).fetchall()
    bodies = [json.loads(r["body"]) for r in rows]  # newest first
    # a retraction is newer than what it retracts, so both are in the window when the original is
    retracted = {b["retracts"] for b in bodies if b["retracts"]}
    base = settings.base_url.rstrip("/")
    atom_url, json_url = f"{base}/feeds/{brand_id}.atom", f"{base}/feeds/{brand_id}.json"
    updated = bodies[0]["created_at"] if bodies else "1970-01-01T00:00:00+00:00"

    fg = FeedGenerator()
    fg.id(f"urn:greenchain:alerts:{brand_id}")
    fg.title(f"greenchain supplier alerts: {brand_id}")
    fg.author({"name": "greenchain"})
    fg.link(href=atom_url, rel="self")
    fg.updated(updated)
    for b in reversed(bodies):  # feedgen prepends, so add oldest first
        e = fg.add_entry()
        e.id(f"urn:greenchain:alert:{b['id']}")
        e.title(title(b, b["id"] in retracted))
        e.updated(b["created_at"])
        e.published(b["created_at"])
        e.link(href=b["source"]["url"], rel="alternate")
        e.category(term=b["event"])
        e.summary(summary(b))
    feed_json = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"greenchain supplier alerts: {brand_id}",
        "home_page_url": base,
        "feed_url": json_url,
        "items": [
            {
                "id": b["id"],
                "title": title(b, b["id"] in retracted),
                "content_text": summary(b),
                "url": b["source"]["url"],
                "date_published": b["created_at"],
                "tags": [b["event"]],
                "_greenchain": b,  # the full alert message, as webhooks receive it
            }
            for b in bodies
        ],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    atom_path, json_path = feed_paths(out_dir, brand_id)
    _atomic_write(atom_path, fg.atom_str(pretty=True))
    _atomic_write(json_path, json.dumps(feed_json, ensure_ascii=False, indent=1).encode("utf-8"))
    return len(bodies)


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

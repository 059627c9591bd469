"""Registry rows from `greenchain sources discover`: config/sources/discovered.csv.

Rows found on a site carry `origin=observed`, the evidence in `notes`, and a verification entry
(method "sources discover"); a column already in the registry (same list URL) is reported, not
added again.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from greenchain.paths import CONFIG_DIR
from greenchain.registry import Level, Registry, Source, SourceOrigin
from greenchain.registry_build import (
    KIND_SLUG,
    REGISTRY_COLUMNS,
    division_for_authority,
    divisions_by_code,
)
from greenchain.registry_verification import Verification, write_verifications

if TYPE_CHECKING:
    from crawlers.discover import DiscoverReport

DISCOVERED_FILE = "discovered.csv"


def list_path(url: str) -> tuple[str, str]:
    """(base_url, list_path) of a list URL, as registry rows store them."""
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}", (p.path or "/") + (f"?{p.query}" if p.query else "")


@dataclass
class ProposedRow:
    id: str | None  # None: the division is unknown (give --division)
    kind: str
    template: str
    list_url: str
    items: int
    note: str
    source: Source | None
    registered_as: str | None = None


def proposed_rows(report: DiscoverReport, registry: Registry, division: str | None = None) -> list[ProposedRow]:
    """One row per proposal; ids are `<division>-<kind slug>`, made unique against the registry."""
    by_url = {s.list_url: s.id for s in registry.sources}
    taken = {s.id for s in registry.sources}
    out: list[ProposedRow] = []
    for p in report.proposals:
        base, path = list_path(p.list_url)
        note = "; ".join(p.evidence)
        if p.list_url in by_url:
            out.append(ProposedRow(by_url[p.list_url], p.kind.value, p.template.value, p.list_url, p.items,
                                   f"already registered as {by_url[p.list_url]}", None, by_url[p.list_url]))
            continue
        d = divisions_by_code().get(division) if division else (
            division_for_authority(p.authority) if p.authority else None)
        if d is None:
            out.append(ProposedRow(None, p.kind.value, p.template.value, p.list_url, p.items, note, None))
            continue
        sid = f"{d.code}-{KIND_SLUG[p.kind]}"
        n = 2
        while sid in taken:
            sid = f"{d.code}-{KIND_SLUG[p.kind]}-{n}"
            n += 1
        taken.add(sid)
        params = dict(p.params) if p.template.value == "hanweb_jcms" else {}
        src = Source(
            id=sid, authority=p.authority or d.name, division_code=d.code, province=d.province, city=d.city,
            county=d.county, level=d.level, kind=p.kind, template=p.template, base_url=base, list_path=path,
            params=params, encoding=p.encoding if p.encoding in ("gbk", "gb18030", "gb2312") else "utf-8",
            delay_s=2.0 if d.level == Level.COUNTY else 1.0, concurrency=1 if d.level == Level.COUNTY else 2,
            min_items=1 if p.items else 0, origin=SourceOrigin.OBSERVED,
            notes=f"found by sources discover from {report.start_url} on {report.started_at[:10]}: {note}"[:500],
        )
        out.append(ProposedRow(sid, p.kind.value, p.template.value, p.list_url, p.items, note, src))
    return out


def write_discovered(rows: list[ProposedRow], report: DiscoverReport,
                     config_dir: Path | None = None) -> tuple[Path, int]:
    """Append the new rows to config/sources/discovered.csv and record their verification."""
    path = (config_dir or CONFIG_DIR) / "sources" / DISCOVERED_FILE
    new = [r.source for r in rows if r.source is not None]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=REGISTRY_COLUMNS, lineterminator="\n")
    if not path.exists():
        buf.write("# Rows found on the sites by `greenchain sources discover --write` (origin=observed).\n")
        w.writeheader()
    for s in new:
        row = s.model_dump(mode="json")
        row["params"] = ";".join(f"{k}={v}" for k, v in s.params.items())
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    now = datetime.now(UTC).isoformat(timespec="seconds")
    write_verifications([Verification(source_id=s.id, origin="observed", verified_at=now, method="sources discover",
                                      result="observed", final_url=s.list_url, family_seen=s.template.value,
                                      items_seen=r.items, detail=r.note[:300])
                         for r in rows if (s := r.source) is not None], config_dir)
    return path, len(new)

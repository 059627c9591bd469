"""Ground truth: every record each source has published as of a day, with the exact values a
correct crawler + parser should produce (normalize/record.py field names)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from greenchain.progress import track
from greenchain.registry import Source, Template
from simulator.config import FaultMode
from simulator.publications import Item, Record
from simulator.render.detail import published_kind
from simulator.render.text import variant
from simulator.site import SimulatedWeb, truncated
from simulator.urls import attachment_files, detail_path, file_href
from simulator.vocab import normalized_decision_no, normalized_name

_HALF = str.maketrans({chr(c + 0xFEE0): chr(c) for c in range(0x21, 0x7F)})


def canonical_fields(record: Record, v: str, kind: str | None = None) -> dict[str, object]:
    """The CanonicalRecord values of one record printed with variant `v` (raw fields as printed);
    `kind` is the kind of the document it is published in (simulator.render.detail.published_kind)."""
    p = record.party
    printed = variant(record.penalty_content or "", v)
    # The raw fine is the substring the page prints: a stray space lands in only one of the fines.
    fines = [
        {
            "amount_yuan": float(f.amount_yuan),
            "raw": variant(f.raw, v) if variant(f.raw, v) in printed else f.raw,
        }
        for f in record.fines
    ]
    on_persons = [
        {"amount_yuan": float(f.amount_yuan), "raw": variant(f.raw, v) if variant(f.raw, v) in printed else f.raw}
        for f in record.fines_on_persons
    ]
    return {
        "doc_kind": kind or record.doc_kind,
        "title": variant(record.title, v),
        "decision_no_raw": variant(record.decision_no, v) if record.decision_no else None,
        "decision_no": normalized_decision_no(record.decision_no) if record.decision_no else None,
        "party_name_raw": variant(p.name, v),
        "party_name": normalized_name(p.name),
        "party_type": p.party_type,
        "uscc": p.uscc.translate(_HALF) if p.uscc else None,
        "uscc_status": p.uscc_status,
        "legal_rep": p.legal_rep,
        "address": p.address,
        "province": p.province,
        "city": p.city,
        "county": p.county,
        "division_code": p.division_code,
        "authority": record.authority,
        "decision_date": record.decision_date.isoformat() if record.decision_date else None,
        "publish_date": record.publish_date.isoformat(),
        "violation_types": list(record.violation_types),
        "pollutants": list(record.pollutants),
        "legal_basis": [{"law": law, "article": art} for law, art in record.legal_basis],
        "penalty_kinds": list(record.penalty_kinds),
        "fines": fines,
        "fine_yuan": float(record.fine_yuan) if record.fine_yuan is not None else None,
        "rectification_deadline": record.rectification_deadline.isoformat()
        if record.rectification_deadline
        else None,
        "facts": record.facts,
        "fines_on_persons": on_persons,
        "proposed_fine_yuan": float(record.proposed_fine_yuan) if record.proposed_fine_yuan is not None else None,
    }


def _lines_for_item(web: SimulatedWeb, s: Source, item: Item, day: int) -> Iterator[dict[str, object]]:
    records = web.publisher.records(item, day)
    style = web.publisher.style(s.id)
    mode = web.fault(s.id)
    crawlable, parseable = web.expectation(s.id)
    status = "live" if item.live(day) else "taken_down"
    article = s.base_url + detail_path(s, item)
    origin = None
    if item.republish_of is not None:
        osid, oseq = item.republish_of
        osrc = web.registry.get(osid)
        origin = {
            "source_id": osid,
            "url": osrc.base_url + detail_path(osrc, web.publisher.items(osid, 1)[oseq]),
        }
    common = {
        "source_id": s.id,
        "status": status,
        "fault_mode": mode.value,
        "crawlable": crawlable,
        "parseable": parseable,
        "item_key": item.key,
        "first_day": item.first_day,
        "revised": item.revised(day),
        "takedown_day": item.takedown_day,
        "republished_from": origin,
        "template": s.template.value,
        "layout": style["layout"],
        "print_variant": style["variant"],
    }
    if s.template == Template.ATTACHMENT:
        files = attachment_files(s, item, len(records))
        if mode == FaultMode.TRUNCATED_HTML:
            # Only the files whose links survive the cut can be found by any crawler.
            served = truncated(web.article(s, item, day).body)
            reachable = {p for p, _e, _r in files if file_href(p).encode("ascii") in served}
        else:
            reachable = {p for p, _e, _r in files}
        for path, ext, rows in files:
            for row_index, n in enumerate(rows):
                r = records[n]
                yield {
                    **common,
                    "crawlable": crawlable and path in reachable,
                    "url": s.base_url + path,
                    "article_url": article,
                    "doc_type": ext,
                    "row_index": row_index,
                    "print_variant": "",
                    **_extras(r),
                    **canonical_fields(r, ""),
                }
        return
    multi = len(records) > 1
    changed = mode == FaultMode.LAYOUT_CHANGE and day >= web.config.fault_params.layout_change_day
    for row_index, r in enumerate(records):
        yield {
            **common,
            "url": article,
            "article_url": article,
            "doc_type": "json" if s.template == Template.JSON_API else "html",
            "row_index": row_index if multi else None,
            **_extras(r),
            **canonical_fields(r, style["variant"], published_kind(s, r, style, changed)),
        }


def _extras(r: Record) -> dict[str, object]:
    return {
        "party_company_id": r.party.company_id,
        "id_no_raw": r.party.id_no,
        "measurements": [
            {"pollutant": m[0], "value": m[1], "limit": m[2], "unit": m[3]} for m in r.measurements
        ],
        "extra": r.extra,
    }


def truth_lines(
    web: SimulatedWeb, day: int, source_ids: Iterable[str] | None = None, progress: bool = True
) -> Iterator[dict[str, object]]:
    """One dict per record published by each source up to `day` (taken-down ones marked)."""
    sources = web.registry.active() if source_ids is None else [web.registry.get(i) for i in source_ids]
    it = track(sources, "truth", total=len(sources)) if progress else sources
    for s in it:
        for item in web.publisher.items(s.id, day):
            yield from _lines_for_item(web, s, item, day)


def write_truth(web: SimulatedWeb, day: int, out: Path, source_ids: Iterable[str] | None = None) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for line in truth_lines(web, day, source_ids):
            f.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
            n += 1
    return n


def source_lines(
    web: SimulatedWeb, day: int, source_ids: Iterable[str] | None = None
) -> Iterator[dict[str, object]]:
    """One dict per source: its fault and what a crawl on `day` should report (items, zero-item failure)."""
    sources = web.registry.active() if source_ids is None else [web.registry.get(i) for i in source_ids]
    for s in sources:
        items = web.publisher.items(s.id, day)
        live = [i for i in items if i.live(day)]
        mode = web.fault(s.id)
        crawlable, parseable = web.expectation(s.id)
        listed = 0 if mode.value == "empty_list" else len(live)
        yield {
            "source_id": s.id,
            "template": s.template.value,
            "kind": s.kind.value,
            "list_url": s.list_url,
            "fault_mode": mode.value,
            "crawlable": crawlable,
            "parseable": parseable,
            "items_live": len(live),
            "items_listed": listed,
            "items_taken_down": len(items) - len(live),
            "items_new_today": sum(1 for i in items if i.first_day == day),
            "min_items": s.min_items,
            "expected_health": "failed"
            if not crawlable
            else ("zero_items" if listed == 0 and s.min_items > 0 else "ok"),
        }


def write_source_truth(
    web: SimulatedWeb, day: int, out: Path, source_ids: Iterable[str] | None = None
) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for line in source_lines(web, day, source_ids):
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
            n += 1
    return n

"""Parse benchmark: field-level accuracy of normalize against the simulator's truth, and pages/s.

The gold set is rendered in-process by the simulator (`SimulatedWeb.handle`, no sockets): detail
pages of every template and kind, in every print variant and charset the registry assigns, plus the
attachment files (xls/xlsx/pdf) linked from attachment articles. Each page is parsed with
`normalize.read_document` and every record compared, field by field, with the record the simulator
published. A field is compared only where the page shows it (a label table of penalties prints no
address, so the address is not scored there); a truth record with no parsed record counts as wrong
on every field.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

SEED = 0
DAY = 1
FIELDS = (
    "decision_no", "party_name", "party_type", "uscc", "uscc_status", "legal_rep", "address", "division_code",
    "authority", "decision_date", "publish_date", "violation_types", "pollutants", "legal_basis",
    "penalty_kinds", "fine_yuan", "rectification_deadline", "facts",
)  # fmt: skip
# What a rendering does not print, by (parser, kind): taken from simulator/render (detail.py, files.py).
_ROWS = ("xls.rows", "xlsx.rows", "pdf.rows")
NOT_SHOWN: dict[tuple[str, str], set[str]] = {
    ("html.label_table", "penalty_decision"): {"address"},
    ("html.label_table", "order_to_correct"): {"address"},
    ("html.label_table", "monitoring_exceedance"): {"address", "legal_rep"},
    ("json.keys", "key_polluter_listing"): {"legal_rep"},
    ("json.keys", "monitoring_exceedance"): {"legal_rep", "address"},
    ("html.row_table", "key_polluter_listing"): {"legal_rep"},
    **{(p, "penalty_decision"): {"address"} for p in _ROWS},
    **{(p, "order_to_correct"): {"address"} for p in _ROWS},
    **{(p, "monitoring_exceedance"): {"address", "legal_rep"} for p in _ROWS},
    **{(p, "key_polluter_listing"): {"legal_rep"} for p in _ROWS},
}


@dataclass
class Page:
    source_id: str
    url: str
    doc_type: str
    declared: str | None
    raw: bytes
    kind: str
    truth: tuple  # simulator Records shown on this page
    label: str  # template/kind/charset/variant, for the coverage table
    list_date: str | None = None  # what the crawl's landing line carries from the list page


def _expected(r: Any) -> dict[str, Any]:
    from normalize.text import clean, drop_cjk_spaces
    from simulator.vocab import normalized_decision_no, normalized_name

    p = r.party
    return {
        "decision_no": normalized_decision_no(r.decision_no) if r.decision_no else None,
        "party_name": normalized_name(p.name),
        "party_type": p.party_type,
        "uscc": p.uscc if p.party_type != "individual" else None,
        "uscc_status": p.uscc_status if p.party_type != "individual" else "absent",
        "legal_rep": p.legal_rep,
        "address": drop_cjk_spaces(clean(p.address)) if p.address else None,
        "division_code": p.division_code,
        "authority": r.authority,
        "decision_date": r.decision_date,
        "publish_date": r.publish_date,
        "violation_types": set(r.violation_types),
        "pollutants": set(r.pollutants),
        "legal_basis": set(r.legal_basis),
        "penalty_kinds": set(r.penalty_kinds),
        "fine_yuan": float(r.fine_yuan) if r.fine_yuan is not None else None,
        "rectification_deadline": r.rectification_deadline,
        "facts": drop_cjk_spaces(clean(r.facts)) if r.facts else None,
    }


def _actual(rec: Any) -> dict[str, Any]:
    return {
        "decision_no": rec.decision_no,
        "party_name": rec.party_name.replace(" ", ""),
        "party_type": rec.party_type.value,
        "uscc": rec.uscc,
        "uscc_status": rec.uscc_status.value,
        "legal_rep": rec.legal_rep,
        "address": rec.address,
        "division_code": rec.division_code,
        "authority": rec.authority,
        "decision_date": rec.decision_date,
        "publish_date": rec.publish_date,
        "violation_types": set(rec.violation_types),
        "pollutants": set(rec.pollutants),
        "legal_basis": {(b.law, b.article) for b in rec.legal_basis},
        "penalty_kinds": set(rec.penalty_kinds),
        "fine_yuan": rec.fine_yuan,
        "rectification_deadline": rec.rectification_deadline,
        "facts": rec.facts,
    }


def gold_pages(n_pages: int) -> list[Page]:
    """About `n_pages` rendered documents, spread evenly over (template, kind) strata."""
    from greenchain.registry import Template, load_registry
    from simulator.config import FaultMode, load_simulator_config
    from simulator.render.files import RENDERERS
    from simulator.site import SimulatedWeb
    from simulator.urls import attachment_files, detail_path

    registry = load_registry()
    web = SimulatedWeb(registry, load_simulator_config(), seed=SEED, day=DAY)
    strata: dict[tuple[str, str], list] = defaultdict(list)
    for s in sorted(registry.active(), key=lambda s: s.id):
        # Sources whose fault makes every page fail (5xx, 412, truncation) are the crawler's business.
        if web.fault(s.id) not in (FaultMode.NONE, FaultMode.CHARSET_MISLABELLED, FaultMode.LAYOUT_CHANGE, FaultMode.SLOW):
            continue
        strata[(s.template.value, s.kind.value)].append(s)
    quota = max(1, n_pages // len(strata))
    pages: list[Page] = []
    for (template, kind), sources in sorted(strata.items()):
        got = 0
        for s in sources:
            if got >= quota:
                break
            style = web.publisher.style(s.id)
            for item in web.live(s):
                if got >= quota:
                    break
                records = web.publisher.records(item, DAY)
                path = detail_path(s, item)
                resp = web.handle("GET", s.host, path)
                if resp.status != 200:
                    continue
                ctype = resp.headers.get("Content-Type", "")
                declared = ctype.split("charset=")[-1] if "charset=" in ctype else None
                charset = "gbk" if s.encoding.lower() in ("gbk", "gb2312", "gb18030") else "utf-8"
                label = f"{template}/{kind}/{charset}{'/mislabelled' if web.fault(s.id) == FaultMode.CHARSET_MISLABELLED else ''}/{style['variant'] or 'plain'}"
                if s.template == Template.ATTACHMENT:
                    for fpath, ext, rows in attachment_files(s, item, len(records)):
                        # The renderer the site's file route calls (its cache needs hashable records).
                        body = RENDERERS[ext](records[0].title, records[rows.start : rows.stop])
                        pages.append(Page(s.id, s.base_url + fpath, ext, None, body, kind,
                                          records[rows.start : rows.stop], f"{template}/{kind}/{ext}",
                                          item.publish_date.isoformat()))
                        got += 1
                    continue
                doc_type = "json" if s.template == Template.JSON_API else "html"
                # A JSON detail document carries one record (json_detail renders records[0]).
                shown = records[:1] if doc_type == "json" else records
                pages.append(Page(s.id, s.base_url + path, doc_type, declared, resp.body, kind, shown, label,
                                  item.publish_date.isoformat()))
                got += 1
    return pages


def _pair(truth: tuple, records: list) -> list[tuple[Any, Any | None]]:
    """Truth records with their parsed records: by row order when counts agree, else by name."""
    if len(truth) == len(records):
        return list(zip(truth, records, strict=True))
    from simulator.vocab import normalized_name

    by_name = {r.party_name.replace(" ", ""): r for r in records}
    return [(t, by_name.get(normalized_name(t.party.name))) for t in truth]


def score(pages: list[Page]) -> dict[str, Any]:
    from normalize.document import read_document

    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    miss_by_label: dict[str, Counter[str]] = defaultdict(Counter)
    quarantined: Counter[str] = Counter()
    missing_records = 0
    t0 = time.perf_counter()
    parsed = [
        read_document(p.raw, url=p.url, doc_type=p.doc_type, declared_encoding=p.declared, source_id=p.source_id,
                      kind=p.kind, list_date=p.list_date)  # fmt: skip
        for p in pages
    ]
    seconds = time.perf_counter() - t0
    for page, res in zip(pages, parsed, strict=True):
        for q in res.quarantined:
            quarantined[q.reason.split(":")[0]] += 1
        for truth, rec in _pair(page.truth, res.records):
            exp = _expected(truth)
            got = _actual(rec) if rec is not None else None
            missing_records += rec is None
            hidden = set(NOT_SHOWN.get((rec.parser, rec.doc_kind.value), set())) if rec is not None else set()
            if "address" in hidden:
                hidden.add("division_code")  # without an address the page does not say where the party is
            if truth.doc_kind != "monitoring_exceedance" and truth.measurements \
                    and truth.measurements[0][0] not in (truth.facts or ""):
                hidden.add("pollutants")  # in the truth (falsified data) but printed nowhere on the page
            for f in FIELDS:
                if f in hidden:
                    continue
                total[f] += 1
                # facts are free text: a stray space is print noise, not a different fact
                same = (got is not None and got[f] == exp[f]) or (
                    f == "facts" and got is not None and got[f] and exp[f] and got[f].replace(" ", "") == exp[f].replace(" ", ""))
                if same:
                    right[f] += 1
                    continue
                miss_by_label[f][page.label] += 1
                if len(misses[f]) < 5:
                    misses[f].append(f"{page.url} [{page.label}] want {exp[f]!r} got {got[f] if got else None!r}")
    acc = {f: round(right[f] / total[f], 4) for f in FIELDS if total[f]}
    return {"accuracy": acc, "compared": dict(total), "seconds": seconds, "missing_records": missing_records,
            "quarantined": dict(quarantined), "examples_of_misses": dict(misses),
            "misses_by_label": {f: dict(c.most_common(5)) for f, c in miss_by_label.items()}}


def run(quick: bool = False) -> dict[str, Any]:
    """Build the gold set, parse it, print a per-field table; return the figures."""
    n = 240 if quick else 1200
    t0 = time.perf_counter()
    pages = gold_pages(n)
    render_s = time.perf_counter() - t0
    result = score(pages)
    coverage = Counter(p.label.split("/")[0] + "/" + p.doc_type for p in pages)
    variants = Counter(p.label.split("/")[-1] for p in pages if p.doc_type in ("html", "json"))
    charsets = Counter("/".join(p.label.split("/")[2:-1]) for p in pages if p.doc_type == "html")
    records = sum(len(p.truth) for p in pages)
    print(f"parse bench: {len(pages)} pages ({records} truth records), rendered in {render_s:.1f} s, "
          f"parsed in {result['seconds']:.1f} s = {len(pages) / result['seconds']:.0f} pages/s")
    print(f"{'field':<24}{'accuracy':>10}{'compared':>10}")
    for f, a in result["accuracy"].items():
        print(f"{f:<24}{a:>10.2%}{result['compared'][f]:>10}")
    if result["missing_records"] or result["quarantined"]:
        print(f"records not parsed: {result['missing_records']}; quarantined: {result['quarantined']}")
    for f, ex in result["examples_of_misses"].items():
        print(f"  misses of {f} by page kind: {result['misses_by_label'][f]}")
        for line in ex[:2]:
            print(f"    e.g. {line}")
    return {
        "pages": len(pages),
        "truth_records": records,
        "pages_per_s": round(len(pages) / result["seconds"], 1),
        "field_accuracy": result["accuracy"],
        "min_field_accuracy": min(result["accuracy"].values()),
        "records_not_parsed": result["missing_records"],
        "quarantined": result["quarantined"],
        "coverage": dict(coverage),
        "html_json_variants": dict(variants),
        "html_charsets": dict(charsets),
    }


if __name__ == "__main__":
    import argparse
    import json

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    print(json.dumps(run(quick=ap.parse_args().quick), ensure_ascii=False, indent=1, default=str))

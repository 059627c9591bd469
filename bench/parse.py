"""Parse benchmark: field-level accuracy of normalize against the simulator's truth, and pages/s.

The gold set is rendered in-process by the simulator (`SimulatedWeb.handle`, no sockets): detail
pages of every template and kind, in every print variant and charset the registry assigns, plus the
attachment files (xls/xlsx/pdf) linked from attachment articles. Each page is parsed with
`normalize.read_document` and every record compared, field by field, with the record the simulator
published. A field is compared only where the page shows it (a label table of penalties prints no
address, so the address is not scored there); a truth record with no parsed record counts as wrong
on every field.

The simulator is a test harness, not the truth: `run` also scores the real corpus
(bench/parse_real.py, ../shared/realdata/penalty-pages) and reports both, saying which is which.
Speed is CPU time per page by document type (wall time too), reference data loaded beforehand.
"""

from __future__ import annotations

import subprocess
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

SEED = 0
DAY = 1
FIELDS = (
    "doc_kind", "decision_no_raw", "decision_no", "party_name_raw", "party_name", "party_type", "uscc", "uscc_status", "legal_rep",
    "address", "division_code", "authority", "decision_date", "publish_date", "violation_types", "pollutants", "legal_basis",
    "penalty_kinds", "fines", "fine_yuan", "fines_on_persons", "proposed_fine_yuan", "rectification_deadline", "facts",
)  # fmt: skip
# Per-page CPU of the parser before #15 (README, quiet machine): the speed target is at most 2x these.
BEFORE_15_MS = {"html": 1.8, "json": 0.8}
# What a rendering does not print, by (parser, kind): taken from simulator/render (detail.py, files.py).
_ROWS = ("xls.rows", "xlsx.rows", "pdf.rows")
NOT_SHOWN: dict[tuple[str, str], set[str]] = {
    ("html.label_table", "penalty_decision"): {"address"},
    ("html.label_table", "credit_record"): {"address"},
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
    truth: list[dict[str, Any]]  # the simulator's truth lines of the records this page shows
    label: str  # template/kind/charset/variant, for the coverage table
    list_date: str | None = None  # what the crawl's landing line carries from the list page


def _norm_text(v: str | None) -> str | None:
    from normalize.text import clean, drop_cjk_spaces

    return drop_cjk_spaces(clean(v)) if v else None


def _expected(t: dict[str, Any]) -> dict[str, Any]:
    """Comparable values from one truth line (simulator/truth.py, CanonicalRecord field names)."""
    return {
        "doc_kind": t["doc_kind"],
        "fines_on_persons": [(f["amount_yuan"], f["raw"]) for f in t["fines_on_persons"]],
        "proposed_fine_yuan": t["proposed_fine_yuan"],
        "decision_no_raw": t["decision_no_raw"],
        "decision_no": t["decision_no"],
        "party_name_raw": t["party_name_raw"],
        "party_name": t["party_name"],
        "party_type": t["party_type"],
        "uscc": t["uscc"],
        "uscc_status": t["uscc_status"],
        "legal_rep": t["legal_rep"],
        "address": _norm_text(t["address"]),
        "division_code": t["division_code"],
        "authority": t["authority"],
        "decision_date": t["decision_date"],
        "publish_date": t["publish_date"],
        "violation_types": set(t["violation_types"]),
        "pollutants": set(t["pollutants"]),
        "legal_basis": {(b["law"], b["article"]) for b in t["legal_basis"]},
        "penalty_kinds": set(t["penalty_kinds"]),
        "fines": [(f["amount_yuan"], f["raw"]) for f in t["fines"]],
        "fine_yuan": t["fine_yuan"],
        "rectification_deadline": t["rectification_deadline"],
        # facts are free text: a stray space is print noise, not a different fact
        "facts": (_norm_text(t["facts"]) or "").replace(" ", "") or None,
    }


def _actual(rec: Any) -> dict[str, Any]:
    def iso(d: Any) -> str | None:
        return d.isoformat() if d else None

    return {
        "doc_kind": rec.doc_kind.value,
        "fines_on_persons": [(f.amount_yuan, f.raw) for f in rec.fines_on_persons],
        "proposed_fine_yuan": rec.proposed_fine_yuan,
        "decision_no_raw": rec.decision_no_raw,
        "decision_no": rec.decision_no,
        "party_name_raw": rec.party_name_raw,
        "party_name": rec.party_name.replace(" ", ""),
        "party_type": rec.party_type.value,
        "uscc": rec.uscc,
        "uscc_status": rec.uscc_status.value,
        "legal_rep": rec.legal_rep,
        "address": rec.address,
        "division_code": rec.division_code,
        "authority": rec.authority,
        "decision_date": iso(rec.decision_date),
        "publish_date": iso(rec.publish_date),
        "violation_types": set(rec.violation_types),
        "pollutants": set(rec.pollutants),
        "legal_basis": {(b.law, b.article) for b in rec.legal_basis},
        "penalty_kinds": set(rec.penalty_kinds),
        "fines": [(f.amount_yuan, f.raw) for f in rec.fines],
        "fine_yuan": rec.fine_yuan,
        "rectification_deadline": iso(rec.rectification_deadline),
        "facts": (rec.facts or "").replace(" ", "") or None,
    }


def gold_pages(n_pages: int) -> list[Page]:
    """About `n_pages` rendered documents, spread evenly over (template, kind) strata, with the
    simulator's truth lines for each (only sources the truth marks crawlable and parseable)."""
    from greenchain.registry import Template
    from simulator.config import FaultMode
    from simulator.truth import truth_lines
    from simulator.urls import attachment_files, detail_path
    from simulator.world import build_web

    web = build_web(day=DAY, seed=SEED)
    strata: dict[tuple[str, str], list] = defaultdict(list)
    for s in sorted(web.registry.active(), key=lambda s: s.id):
        if web.expectation(s.id) == (True, True):
            strata[(s.template.value, s.kind.value)].append(s)
    quota = max(1, n_pages // len(strata))
    pages: list[Page] = []
    for (template, kind), sources in sorted(strata.items()):
        got = 0
        for s in _interleaved(web, sources):
            if got >= quota:
                break
            truth: dict[tuple[str, int | None], dict[str, Any]] = {
                (t["url"], t["row_index"]): t for t in truth_lines(web, DAY, [s.id], progress=False) if t["status"] == "live"
            }
            style = web.publisher.style(s.id)
            charset = "gbk" if s.encoding.lower() in ("gbk", "gb2312", "gb18030") else "utf-8"
            mislabelled = "/mislabelled" if web.fault(s.id) == FaultMode.CHARSET_MISLABELLED else ""
            for item in web.live(s):
                if got >= quota:
                    break
                records = web.publisher.records(item, DAY)
                path = detail_path(s, item)
                url = s.base_url + path
                listed = item.publish_date.isoformat()
                if s.template == Template.ATTACHMENT:
                    for fpath, ext, rows in attachment_files(s, item, len(records)):
                        f = web.handle("GET", s.host, fpath)
                        if f.status != 200:
                            continue
                        body = f.body
                        furl = s.base_url + fpath
                        shown = [truth[(furl, i)] for i in range(len(rows))]
                        pages.append(Page(s.id, furl, ext, None, body, kind, shown, f"{template}/{kind}/{ext}", listed))
                        got += 1
                    continue
                resp = web.handle("GET", s.host, path)
                if resp.status != 200:
                    continue
                ctype = resp.headers.get("Content-Type", "")
                declared = ctype.split("charset=")[-1] if "charset=" in ctype else None
                doc_type = "json" if s.template == Template.JSON_API else "html"
                if len(records) == 1:
                    shown = [truth[(url, None)]]
                elif doc_type == "json":
                    # json_detail renders records[0] only, while the truth lists every row: score what is shown
                    shown = [{**truth[(url, 0)], "row_index": None}]
                else:
                    shown = [truth[(url, i)] for i in range(len(records))]
                label = f"{template}/{kind}/{charset}{mislabelled}/{style['variant'] or 'plain'}"
                pages.append(Page(s.id, url, doc_type, declared, resp.body, kind, shown, label, listed))
                got += 1
    return pages


def unparseable_share_quarantined(n_pages: int) -> dict[str, Any]:
    """Pages the truth marks crawlable but not parseable (truncated HTML): how many normalize
    quarantines instead of reading half a record."""
    from greenchain.registry import Template
    from normalize.document import read_document
    from simulator.urls import detail_path
    from simulator.world import build_web

    web = build_web(day=DAY, seed=SEED)
    seen = quarantined = 0
    for s in sorted(web.registry.active(), key=lambda s: s.id):
        if web.expectation(s.id) != (True, False) or s.template in (Template.JSON_API, Template.ATTACHMENT):
            continue
        for item in web.live(s)[:3]:
            resp = web.handle("GET", s.host, detail_path(s, item))
            if resp.status != 200:
                continue
            res = read_document(resp.body, url=s.base_url + detail_path(s, item), doc_type="html",
                                declared_encoding=None, source_id=s.id, kind=s.kind.value)  # fmt: skip
            seen += 1
            quarantined += bool(res.quarantined) and not res.records
        if seen >= n_pages:
            break
    return {"pages": seen, "quarantined": quarantined}


def nested_tables_ms(depths: tuple[int, ...]) -> dict[int, float]:
    """CPU ms to read a page of `depth` nested tables around one decision (a hostile input that
    took 106 s at depth 1,000 when every table re-read its nested rows)."""
    from normalize.document import read_document

    out = {}
    for depth in depths:
        html = ("<html><body>" + "<table><tr><td><p>x</p>" * depth + "当事人：某某有限公司</td></tr><tr><td>一、违法事实"
                + "</td></tr></table>" * depth + "</body></html>")  # fmt: skip
        c0 = time.process_time()
        read_document(html.encode(), url="http://bench/nested.html", doc_type="html", declared_encoding="utf-8",
                      source_id="bench", kind="penalty_decision")  # fmt: skip
        out[depth] = round(1000 * (time.process_time() - c0), 1)
    return out


def _interleaved(web: Any, sources: list) -> list:
    """Sources ordered so that every (charset, mislabelled, print variant, layout) mix comes early:
    round-robin over the groups, so a small quota still covers GBK, mislabelled and traditional pages."""
    from itertools import zip_longest

    from simulator.config import FaultMode

    groups: dict[tuple, list] = defaultdict(list)
    for s in sources:
        style = web.publisher.style(s.id)
        key = (s.encoding.lower(), web.fault(s.id) == FaultMode.CHARSET_MISLABELLED, style["variant"], style["layout"])
        groups[key].append(s)
    rounds = zip_longest(*(groups[k] for k in sorted(groups)))
    return [s for r in rounds for s in r if s is not None]


def _pair(truth: list[dict[str, Any]], records: list) -> list[tuple[dict[str, Any], Any | None]]:
    """Truth lines with their parsed records, by row index."""
    by_row = {r.row_index: r for r in records}
    return [(t, by_row.get(t["row_index"])) for t in truth]


def score(pages: list[Page]) -> dict[str, Any]:
    from normalize.document import read_document

    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    miss_by_label: dict[str, Counter[str]] = defaultdict(Counter)
    quarantined: Counter[str] = Counter()
    seconds_by_type: Counter[str] = Counter()
    cpu_by_type: Counter[str] = Counter()
    pages_by_type: Counter[str] = Counter()
    missing_records = 0
    parsed = []
    from normalize.document import preload_reference_data

    preload_reference_data()  # loaded once per process, as the normalize workers do: not a page's cost
    for p in pages:
        t0, c0 = time.perf_counter(), time.process_time()
        parsed.append(read_document(p.raw, url=p.url, doc_type=p.doc_type, declared_encoding=p.declared,
                                    source_id=p.source_id, kind=p.kind, list_date=p.list_date))  # fmt: skip
        seconds_by_type[p.doc_type] += time.perf_counter() - t0
        cpu_by_type[p.doc_type] += time.process_time() - c0
        pages_by_type[p.doc_type] += 1
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
            ms = truth["measurements"]
            if truth["doc_kind"] != "monitoring_exceedance" and ms and ms[0]["pollutant"] not in (truth["facts"] or ""):
                hidden.add("pollutants")  # in the truth (falsified data) but printed nowhere on the page
            for f in FIELDS:
                if f in hidden:
                    continue
                total[f] += 1
                if got is not None and got[f] == exp[f]:
                    right[f] += 1
                    continue
                miss_by_label[f][page.label] += 1
                if len(misses[f]) < 5:
                    misses[f].append(f"{page.url} [{page.label}] want {exp[f]!r} got {got[f] if got else None!r}")
    acc = {f: round(right[f] / total[f], 4) for f in FIELDS if total[f]}
    speed = {t: round(pages_by_type[t] / seconds_by_type[t], 1) for t in sorted(pages_by_type)}
    cpu_ms = {t: round(1000 * cpu_by_type[t] / pages_by_type[t], 2) for t in sorted(pages_by_type)}
    return {"accuracy": acc, "compared": dict(total), "seconds": sum(seconds_by_type.values()),
            "pages_per_s_by_type": speed, "cpu_ms_per_page_by_type": cpu_ms, "missing_records": missing_records, "quarantined": dict(quarantined),
            "examples_of_misses": dict(misses),
            "misses_by_label": {f: dict(c.most_common(5)) for f, c in miss_by_label.items()}}


def run(quick: bool = False) -> dict[str, Any]:
    """Build the gold set, parse it, print a per-field table; return the figures."""
    n = 240 if quick else 1200
    t0 = time.perf_counter()
    pages = gold_pages(n)
    render_s = time.perf_counter() - t0
    result = score(pages)
    faulty = unparseable_share_quarantined(20 if quick else 100)
    print(f"truncated pages quarantined: {faulty['quarantined']}/{faulty['pages']}")
    coverage = Counter(p.label.split("/")[0] + "/" + p.doc_type for p in pages)
    variants = Counter(p.label.split("/")[-1] for p in pages if p.doc_type in ("html", "json"))
    charsets = Counter("/".join(p.label.split("/")[2:-1]) for p in pages if p.doc_type == "html")
    records = sum(len(p.truth) for p in pages)
    print(f"parse bench: {len(pages)} pages ({records} truth records), rendered in {render_s:.1f} s, "
          f"parsed in {result['seconds']:.1f} s = {len(pages) / result['seconds']:.0f} pages/s, "
          f"{records / result['seconds']:.0f} records/s "
          f"(by type: {result['pages_per_s_by_type']})")
    print(f"CPU ms per page by type: {result['cpu_ms_per_page_by_type']}")
    vs_before = {t: round(ms / BEFORE_15_MS[t], 2) for t, ms in result["cpu_ms_per_page_by_type"].items() if t in BEFORE_15_MS}
    print(f"vs before #15 ({BEFORE_15_MS} ms, quiet machine; at most 2x allowed; a busy machine inflates these): {vs_before}")
    print(f"{'field':<24}{'accuracy':>10}{'compared':>10}")
    for f, a in result["accuracy"].items():
        print(f"{f:<24}{a:>10.2%}{result['compared'][f]:>10}")
    if result["missing_records"] or result["quarantined"]:
        print(f"records not parsed: {result['missing_records']}; quarantined: {result['quarantined']}")
    for f, ex in result["examples_of_misses"].items():
        print(f"  misses of {f} by page kind: {result['misses_by_label'][f]}")
        for line in ex[:2]:
            print(f"    e.g. {line}")
    nesting = nested_tables_ms((250, 500, 1000) if quick else (500, 1000, 2000, 4000))
    print(f"nested HTML tables (depth → CPU ms, linear in depth): {nesting}")
    from bench import parse_real, parse_vs_before

    print("\n--- speed against the parser before #15, same pages, same run ---")
    try:
        vs_ref = parse_vs_before.run(n_pages=240 if quick else 1200, rounds=1 if quick else 3)
    except (OSError, subprocess.CalledProcessError) as e:  # no git history (an exported tree)
        print(f"skipped: {e}")
        vs_ref = {"skipped": str(e)}

    print("\n--- real corpus (not the simulator): ../shared/realdata/penalty-pages ---")
    real = parse_real.run(quick=quick)
    extra = {}
    for corpus in parse_real.extra_corpora():
        print(f"\n--- another real corpus with its own dev/check split: {corpus} ---")
        extra[str(corpus)] = parse_real.run(quick=quick, corpus=corpus)
    return {
        "real_corpus": real,
        "real_corpora_extra": extra,
        "cpu_ms_per_page_by_type": result["cpu_ms_per_page_by_type"],
        "cpu_vs_before_15": vs_before,
        "cpu_vs_before_15_same_run": vs_ref,
        "nested_tables_cpu_ms": nesting,
        "pages": len(pages),
        "truth_records": records,
        "pages_per_s": round(len(pages) / result["seconds"], 1),
        "records_per_s": round(records / result["seconds"], 1),
        "pages_per_s_by_type": result["pages_per_s_by_type"],
        "field_accuracy": result["accuracy"],
        "min_field_accuracy": min(result["accuracy"].values()),
        "records_not_parsed": result["missing_records"],
        "truncated_pages_quarantined": faulty,
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

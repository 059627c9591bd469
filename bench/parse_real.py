"""Real-corpus parse bench: how `normalize` reads real penalty pages, against the truth read off
each page by hand (../shared/realdata/penalty-pages/: pages/NNN.txt + manifest.jsonl; any folder
of that shape can be given, e.g. a held-out set).

Development and check parts: a page is in the check part when the first byte of sha256(its file
name) is divisible by 3, else in the development part (fixed, so the split never moves); a corpus
whose manifest gives each page a `part` (dev / check) keeps its own split. The
reading rules were developed by looking at failures of the development part only; the check part
measures how they generalize. Both parts and the whole are reported.

Scoring, per field of every truth row (a page's `truth`, or each of its `truth_rows`):
  correct / wrong / missing   the truth states a value; the record has the same / another / none
  not stated / spurious       the truth states none; the record has none / has one
  inferred                    the record's value is inferred (registry, page metadata), not read
                              from the document: it is never counted correct (counts as missing)
How values are compared:
  decision_no, party_name, uscc, legal_rep, address, authority, unit_name: the printed text the
      record's value was read from (its evidence), whitespace removed on both sides; otherwise
      exactly as printed: traditional script, injected pinyin, masks (*, X), brackets.
  laws_violated (as a set), penalty_basis_law: law names as the record stores them (simplified,
      half-width, no injected pinyin) against the truth's names normalized the same way.
  party_type: company (incl. sole proprietors) / individual / other (public institutions).
  fine_yuan, proposed_fine_yuan: equal to the cent. decision_date: the same day.
  doc_kind (per page): the kind of the page's records (none for a page without records) against
      the manifest's (other = a report, a no-penalty decision, or no penalty record at all).
Truth rows and records are paired by party name (then fine); an unpaired truth row counts every
stated field as missing; an unpaired record on a page is a spurious record.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greenchain.paths import SHARED_REALDATA

CORPUS = SHARED_REALDATA / "penalty-pages"
FIELDS = (
    "decision_no", "party_name", "party_type", "uscc", "legal_rep", "address", "fine_yuan", "proposed_fine_yuan",
    "decision_date", "authority", "laws_violated", "penalty_basis_law",
)  # fmt: skip
OUTCOMES = ("correct", "wrong", "missing", "not_stated", "spurious", "inferred")
_PARTY_TYPE = {"company": "company", "sole_proprietor": "company", "individual": "individual", "public_institution": "other"}
_KIND = {"key_polluter_listing": "key_polluter_list", "penalty_report": "other", "no_penalty_decision": "other",
         "enforcement_measure": "other"}
_PRINTED = {"decision_no": "decision_no_raw", "party_name": "party_name_raw"}


def part_of(file_name: str) -> str:
    """'check' or 'dev', fixed by the file name."""
    return "check" if hashlib.sha256(Path(file_name).name.encode()).digest()[0] % 3 == 0 else "dev"


@dataclass
class Page:
    file: str
    part: str
    raw: bytes
    doc_kind: str
    rows: list[dict[str, Any]]  # truth rows ([] for a page that must yield no penalty record)


def load(corpus: Path = CORPUS) -> list[Page]:
    pages = []
    with (corpus / "manifest.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            m = json.loads(line)
            rows = [m["truth"]] if m.get("truth") else list(m.get("truth_rows") or [])
            for r in rows:
                if "unit_name" in r:
                    r.setdefault("party_name", r["unit_name"])
            part = m.get("part") or part_of(m["file"])  # a corpus may fix its own split in its manifest
            pages.append(Page(m["file"], part, (corpus / m["file"]).read_bytes(), m["doc_kind"], rows))
    return pages


def _squash(v: str | None) -> str | None:
    return "".join(v.split()) if v else None


def _law(v: str) -> str:
    from normalize.reading.view import make_view

    return "".join(make_view(v).text.split()).strip("《》")


def _evidence(rec: Any, field: str) -> tuple[str | None, bool]:
    """(printed value, inferred) of a record's field."""
    for e in rec.evidence:
        if e.field == field:
            if e.inferred_from:
                return None, True
            return e.text.strip(), False
    return None, False


def actual(rec: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"_inferred": set()}
    for f in ("decision_no", "party_name"):
        out[f] = _squash(getattr(rec, _PRINTED[f]))
    for f in ("uscc", "legal_rep", "address", "authority"):
        v, inferred = _evidence(rec, f)
        out[f] = _squash(v)
        if inferred:
            out["_inferred"].add(f)
    out["party_type"] = _PARTY_TYPE[rec.party_type.value]
    out["fine_yuan"] = rec.fine_yuan
    out["proposed_fine_yuan"] = rec.proposed_fine_yuan
    out["decision_date"] = rec.decision_date.isoformat() if rec.decision_date else None
    out["laws_violated"] = {_law(x) for x in rec.laws_violated} or None
    out["penalty_basis_law"] = _law(rec.penalty_basis_law) if rec.penalty_basis_law else None
    return out


def expected(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in FIELDS:
        v = row.get(f)
        if f in ("decision_no", "party_name", "uscc", "legal_rep", "address", "authority"):
            v = _squash(v)
        elif f == "laws_violated":
            v = {_law(x) for x in v} if v else None
        elif f == "penalty_basis_law":
            v = _law(v) if v else None
        out[f] = v
    return out


def _same(f: str, want: Any, got: Any) -> bool:
    if f in ("fine_yuan", "proposed_fine_yuan"):
        return abs(float(want) - float(got)) < 0.01
    return want == got


def _pair(rows: list[dict[str, Any]], records: list[Any]) -> list[tuple[dict[str, Any], Any | None]]:
    """Truth rows with records: first every row whose party a record names exactly (the same fine
    breaking ties), then the rest by fine, so a record is never taken by an earlier row that only
    shares its fine while a later row names it."""
    left = list(records)
    acts = {id(r): actual(r) for r in records}
    exps = [expected(row) for row in rows]
    paired: dict[int, Any] = {}

    def fine_match(exp: dict[str, Any], r: Any) -> bool:
        have = acts[id(r)]["fine_yuan"]
        return exp["fine_yuan"] is not None and have is not None and _same("fine_yuan", exp["fine_yuan"], have)

    for k, exp in enumerate(exps):
        named = [r for r in left if acts[id(r)]["party_name"] == exp["party_name"]]
        if named:
            best = next((r for r in named if fine_match(exp, r)), named[0])
            left.remove(best)
            paired[k] = best
    for k, exp in enumerate(exps):
        if k in paired:
            continue
        best = next((r for r in left if fine_match(exp, r)), None)
        if best is None and len(rows) == 1 and left:
            best = left[0]
        if best is not None:
            left.remove(best)
            paired[k] = best
    return [(row, paired.get(k)) for k, row in enumerate(rows)]


def _page_kind(records: list[Any]) -> str:
    if not records:
        return "none"
    kind = records[0].doc_kind.value
    return _KIND.get(kind, kind)


def score(pages: list[Page], failures: str | None = None) -> dict[str, Any]:
    """Per part: per-field outcome counts, doc kinds, spurious records, notices loaded as violations."""
    from normalize.document import read_document
    from warehouse.config import load_warehouse_config

    violation_kinds = set(load_warehouse_config().violation_kinds)
    table: dict[str, dict[str, Counter[str]]] = {p: defaultdict(Counter) for p in ("dev", "check", "all")}
    kinds: dict[str, Counter[str]] = {p: Counter() for p in ("dev", "check", "all")}
    extra: dict[str, Counter[str]] = {p: Counter() for p in ("dev", "check", "all")}
    flags: Counter[str] = Counter()
    shown: list[str] = []
    seconds = 0.0
    for page in pages:
        t0 = time.process_time()
        res = read_document(page.raw, url=f"file:///{page.file}", doc_type="text", declared_encoding="utf-8",
                            source_id="realdata", kind=None)  # fmt: skip
        seconds += time.process_time() - t0
        records = res.records
        for r in records:
            flags.update(f.split(" (")[0] for f in r.flags)
        parts = (page.part, "all")
        # a page whose truth has no rows (a list notice, a negative table) is right when it yields none
        kind_ok = _page_kind(records) == page.doc_kind or (_page_kind(records) == "none" and (page.doc_kind == "other" or not page.rows))
        for p in parts:
            kinds[p]["correct" if kind_ok else "wrong"] += 1
            if page.doc_kind == "prior_notice":
                extra[p]["prior_notices_as_violations"] += sum(r.doc_kind.value in violation_kinds for r in records)
        if not kind_ok and failures == page.part:
            shown.append(f"{page.file}: doc_kind want {page.doc_kind} got {_page_kind(records)}"
                         + (f" ({res.quarantined[0].reason})" if res.quarantined and not records else ""))  # fmt: skip
        pairs = _pair(page.rows, records)
        if not records and page.rows and not any(r.get("party_name") for r in page.rows):
            # the truth names no party: no record can be made (quarantine, by design); its values count missing
            stated = sum(1 for r in page.rows for f in FIELDS if r.get(f) is not None)
            for p in parts:
                extra[p]["missing_in_pages_naming_no_party"] += stated
        for p in parts:
            extra[p]["records"] += len(records)
            extra[p]["spurious_records"] += len(records) - sum(1 for _, r in pairs if r is not None)
        for row, rec in pairs:
            exp = expected(row)
            got = actual(rec) if rec is not None else {"_inferred": set()}
            for f in FIELDS:
                want, have = exp[f], got.get(f)
                inferred = f in got["_inferred"]
                if want is None and f not in row:
                    continue  # a field the manifest does not give for this row (proposed fines of decisions)
                if want is None:
                    outcome = "not_stated" if have is None else "spurious"
                elif inferred:
                    outcome = "inferred"
                elif have is None:
                    outcome = "missing"
                else:
                    outcome = "correct" if _same(f, want, have) else "wrong"
                for p in parts:
                    table[p][f][outcome] += 1
                if outcome not in ("correct", "not_stated") and failures == page.part:
                    shown.append(f"{page.file}: {f} {outcome}: want {want!r} got {have!r}")
    return {"table": {p: {f: dict(c) for f, c in t.items()} for p, t in table.items()},
            "doc_kind": {p: dict(c) for p, c in kinds.items()}, "extra": {p: dict(c) for p, c in extra.items()},
            "flags": dict(flags.most_common()), "cpu_ms_per_page": round(1000 * seconds / max(1, len(pages)), 2),
            "failures": shown}  # fmt: skip


def summary(t: dict[str, dict[str, int]]) -> dict[str, Any]:
    tot = Counter()
    for c in t.values():
        tot.update(c)
    stated = tot["correct"] + tot["wrong"] + tot["missing"] + tot["inferred"]
    return {
        "stated": stated,
        "correct": tot["correct"],
        "wrong": tot["wrong"],
        "missing": tot["missing"] + tot["inferred"],
        "spurious": tot["spurious"],
        "correct_share": round(tot["correct"] / stated, 4) if stated else None,
        "wrong_share": round(tot["wrong"] / stated, 4) if stated else None,
    }


def print_table(result: dict[str, Any]) -> None:
    for part in ("dev", "check", "all"):
        t = result["table"][part]
        s = summary(t)
        if not s["stated"]:
            print(f"\nreal corpus, {part} part: no stated values")
            continue
        print(f"\nreal corpus, {part} part: {s['correct']}/{s['stated']} stated values correct "
              f"({s['correct_share']:.1%}), wrong {s['wrong']} ({s['wrong_share']:.1%}), missing {s['missing']}, "
              f"spurious {s['spurious']}; doc kind {result['doc_kind'][part]}; {result['extra'][part]}")  # fmt: skip
        print(f"{'field':<20}" + "".join(f"{o:>11}" for o in OUTCOMES))
        for f in FIELDS:
            c = t.get(f, {})
            print(f"{f:<20}" + "".join(f"{c.get(o, 0):>11}" for o in OUTCOMES))


# The same pages as other copies of them print them: a page flattened onto one line (archives and
# mirrors that drop line breaks), punctuation flattened to ASCII. Values must not change.
PERTURBATIONS = {
    "one_line": lambda t: t.replace("\n", " "),
    "ascii_punctuation": lambda t: t.translate(str.maketrans({"：": ":", "，": ",", "（": "(", "）": ")", "；": ";", "“": '"', "”": '"'})),
}


def perturbed(pages: list[Page]) -> dict[str, dict[str, Any]]:
    """Stated values correct / wrong per part when every page is printed another way."""
    out = {}
    for name, fn in PERTURBATIONS.items():
        alt = [Page(p.file, p.part, fn(p.raw.decode("utf-8")).encode("utf-8"), p.doc_kind, p.rows) for p in pages]
        res = score(alt)
        out[name] = {part: summary(res["table"][part]) for part in ("dev", "check", "all")}
        print(f"same pages, {name}: " + "; ".join(
            f"{part} {s['correct']}/{s['stated']} correct ({s['correct_share'] or 0:.1%}), wrong {s['wrong']}"
            for part, s in out[name].items()))  # fmt: skip
    return out


def extra_corpora() -> list[Path]:
    """Further corpora of the same shape that `make bench` scores too: the folders listed in
    GREENCHAIN_EXTRA_PENALTY_CORPORA (os.pathsep-separated), e.g. a second sample collected by hand
    whose manifest fixes its own dev/check split. Folders without a manifest are skipped."""
    listed = os.environ.get("GREENCHAIN_EXTRA_PENALTY_CORPORA", "")
    return [Path(p) for p in listed.split(os.pathsep) if p and (Path(p) / "manifest.jsonl").is_file()]


def run(quick: bool = False, corpus: Path = CORPUS, failures: str | None = None) -> dict[str, Any]:
    if not (corpus / "manifest.jsonl").is_file():
        print(f"real corpus absent ({corpus}): skipped")
        return {"skipped": f"{corpus} absent"}
    pages = load(corpus)
    result = score(pages, failures)
    print_table(result)
    for line in result["failures"]:
        print("  " + line)
    other_prints = perturbed(pages)
    return {
        "corpus": str(corpus),
        "pages": {p: sum(1 for x in pages if p in ("all", x.part)) for p in ("dev", "check", "all")},
        "split": "the manifest's own `part` per page" if any("part" in json.loads(x) for x in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if x.strip())
        else "check part: sha256(file name)[0] % 3 == 0; rules developed on the dev part only",
        "summary": {p: summary(result["table"][p]) for p in ("dev", "check", "all")},
        "fields": result["table"],
        "doc_kind": result["doc_kind"],
        "records": result["extra"],
        "flags": result["flags"],
        "cpu_ms_per_page": result["cpu_ms_per_page"],
        "perturbed": other_prints,
    }


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="a folder with manifest.jsonl and pages/")
    ap.add_argument("--failures", choices=("dev",), help="list the failures of the development part")
    args = ap.parse_args()
    out = run(corpus=args.corpus, failures=args.failures)
    print(json.dumps({k: v for k, v in out.items() if k != "fields"}, ensure_ascii=False, indent=1))

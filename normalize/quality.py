"""Data quality per source: what its documents did not state, what was inferred, what was masked,
and what could not become a record. Counted from the records' flags and the quarantine, so an
operator sees which sites publish without dates or authorities before an analyst trips on it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from normalize.record import CanonicalRecord, QuarantinedPage


def quality_by_source(records: Iterable[CanonicalRecord], quarantined: Iterable[QuarantinedPage]) -> dict[str, dict[str, Any]]:
    """source_id → {records, quarantined, kinds, and one count per flag (authority:missing,
    decision_date:missing, authority:inferred from source registry, party_name:masked, …)}."""
    out: dict[str, dict[str, Any]] = defaultdict(lambda: {"records": 0, "quarantined": 0, "kinds": Counter(), "flags": Counter()})
    for r in records:
        q = out[r.source_id]
        q["records"] += 1
        q["kinds"][r.doc_kind.value] += 1
        q["flags"].update(f.split(" (")[0] for f in r.flags)
    for page in quarantined:
        out[page.source_id]["quarantined"] += 1
    return {
        sid: {"records": q["records"], "quarantined": q["quarantined"], "kinds": dict(q["kinds"]), "flags": dict(q["flags"])}
        for sid, q in sorted(out.items())
    }


def flagged_sources(quality: dict[str, dict[str, Any]], top: int = 20) -> dict[str, dict[str, int]]:
    """The sources with the most flagged records (for a run summary): source → its flag counts."""
    ranked = sorted(quality.items(), key=lambda kv: -sum(kv[1]["flags"].values()))
    return {sid: q["flags"] for sid, q in ranked[:top] if q["flags"]}

"""Demo supplier feedback: explanations, corrective actions, audits and resolutions per violation.

In production these come from suppliers publishing on a feedback platform (IPE's Blue EcoChain);
here they are generated from the published warehouse so the index has a resolution workflow to
score. Rates follow what such platforms report: most violators never respond, suppliers under
brand pressure respond far more often, third-party audits are rare. Each decision's feedback is
drawn from its own random stream (seed, record_id), so adding violations never reshuffles others.
The warehouse loads data/reference/resolutions.jsonl into core.violation_resolutions.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb

from greenchain.paths import DataPaths

SQL = Path(__file__).resolve().parent.parent / "transparency" / "sql" / "demo_resolution_candidates.sql"
CHINA_TZ = timezone(timedelta(hours=8))

# Probability of each next step, for brand suppliers and for other companies.
RATES = {
    True: {"explanation": 0.55, "corrective_action": 0.65, "third_party_audit": 0.25, "resolved": 0.75},
    False: {"explanation": 0.06, "corrective_action": 0.5, "third_party_audit": 0.1, "resolved": 0.6},
}
# Days after the previous step (uniform range).
DELAYS = {"explanation": (3, 60), "corrective_action": (7, 75), "third_party_audit": (15, 60), "resolved": (7, 45)}


def feedback_for(record_id: str, company_id: str, decided: date, is_supplier: bool, seed: int,
                 as_of: date) -> list[dict[str, Any]]:
    """The feedback rows of one violation: explanation → corrective action → (audit) → resolved.

    Steps dated after `as_of` have not happened yet and are left out.
    """
    rng = random.Random(f"{seed}:{record_id}")
    rates = RATES[is_supplier]
    rows: list[dict[str, Any]] = []
    day = decided
    for stage in ("explanation", "corrective_action", "third_party_audit", "resolved"):
        if rng.random() >= rates[stage]:
            if stage == "third_party_audit":
                continue  # the audit is optional: a supplier can be resolved without one
            break
        day = day + timedelta(days=rng.randint(*DELAYS[stage]))
        if day > as_of:
            break
        at = datetime.combine(day, time(9 + rng.randint(0, 8), rng.randint(0, 59)), CHINA_TZ)
        rows.append({"record_id": record_id, "company_id": company_id, "stage": stage,
                     "at": at.isoformat(),
                     "url": f"https://feedback.greenchain.example/{company_id}/{record_id}/{stage}"})
    return rows


def write_demo_resolutions(paths: DataPaths, seed: int = 0, as_of: date | None = None) -> dict[str, Any]:
    """Write data/reference/resolutions.jsonl from the published warehouse's violations; return counts."""
    if not paths.warehouse.exists():
        raise FileNotFoundError(f"no published warehouse at {paths.warehouse}: run `greenchain load` first")
    as_of = as_of or datetime.now(UTC).date()
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        candidates = con.execute(SQL.read_text(encoding="utf-8")).fetchall()
    finally:
        con.close()
    rows: list[dict[str, Any]] = []
    for record_id, company_id, decided, is_supplier in candidates:
        rows += feedback_for(record_id, company_id, decided, bool(is_supplier), seed, as_of)
    out = paths.reference / "resolutions.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(out)
    by_stage = {s: sum(1 for r in rows if r["stage"] == s) for s in DELAYS}
    return {"path": str(out), "violations": len(candidates), "rows": len(rows), "by_stage": by_stage,
            "as_of": as_of.isoformat(), "seed": seed}

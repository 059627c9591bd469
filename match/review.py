"""Reviewer judgements: stored apart from the data (data/review/judgements.jsonl) and re-applied on
every run, so a confirmed or rejected match stays decided however the scores move.

One JSON object per line: {"left", "company_id", "judgement": positive|negative|unsure, "by", "at", "note"}.
"left" is a record_id or a supplier_row_id. The file is only appended to; for one (left, company_id)
the latest line wins, so a reviewer can change their mind.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from greenchain.paths import DataPaths
from match.bands import AUTO, REVIEW
from match.engine import MatchResult

JUDGEMENTS = ("positive", "negative", "unsure")


@dataclass(frozen=True)
class Judgement:
    left: str
    company_id: str
    judgement: str
    by: str
    at: str
    note: str | None = None


def judgements_file(paths: DataPaths) -> Path:
    return paths.review / "judgements.jsonl"


def record_judgement(paths: DataPaths, left: str, company_id: str, judgement: str, by: str,
                     note: str | None = None) -> Judgement:
    """Append one judgement (validated) and return it."""
    if judgement not in JUDGEMENTS:
        raise ValueError(f"judgement must be one of {', '.join(JUDGEMENTS)}, got {judgement!r}")
    if not left or not company_id:
        raise ValueError("a judgement needs both the left id (record or supplier row) and a company_id")
    if not by:
        raise ValueError("a judgement needs a reviewer name (--by)")
    j = Judgement(left, company_id, judgement, by, datetime.now(UTC).isoformat(timespec="seconds"), note)
    f = judgements_file(paths)
    f.parent.mkdir(parents=True, exist_ok=True)
    with f.open("a", encoding="utf-8") as out:
        out.write(json.dumps(asdict(j), ensure_ascii=False) + "\n")
    return j


def load_judgements(paths: DataPaths) -> dict[str, dict[str, Judgement]]:
    """left → company_id → latest judgement. A malformed line raises ValueError naming file and line."""
    f = judgements_file(paths)
    out: dict[str, dict[str, Judgement]] = {}
    if not f.exists():
        return out
    with f.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                j = Judgement(d["left"], d["company_id"], d["judgement"], d.get("by") or "", d.get("at") or "",
                              d.get("note"))
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise ValueError(f"{f}:{n}: not a judgement line ({e})") from None
            if j.judgement not in JUDGEMENTS:
                raise ValueError(f"{f}:{n}: judgement {j.judgement!r} is not one of {', '.join(JUDGEMENTS)}")
            out.setdefault(j.left, {})[j.company_id] = j  # later lines win
    return out


def apply_judgements(result: MatchResult, judged: dict[str, Judgement] | None) -> MatchResult:
    """A reviewer's judgement wins over the score. Negatives are applied before scoring (the rejected
    company is excluded from the candidates); here a positive fixes the match, an unsure keeps it in review."""
    if not judged:
        return result
    positives = [j for j in judged.values() if j.judgement == "positive"]
    if positives:
        j = max(positives, key=lambda x: x.at)
        expl = dict(result.explanation)
        expl["judgement"] = asdict(j)
        expl["model"] = {"company_id": result.company_id, "band": result.band, "score": result.score}
        return replace(result, company_id=j.company_id, band=AUTO, score=1.0, rule="review_confirmed",
                       explanation=expl)
    j = judged.get(result.company_id or "")
    if j is not None and j.judgement == "unsure":
        expl = dict(result.explanation)
        expl["judgement"] = asdict(j)
        band = REVIEW if result.band == AUTO else result.band
        return replace(result, band=band, explanation=expl)
    return result

"""When and how each registry URL was last verified: config/sources/verification/verified.csv.

One row per source (the latest verification), written by `greenchain sources check --write` and
`greenchain sources discover --write`: when, by which method, what was found (ok, moved, gone,
template_changed, zero_items, failing), the final URL after redirects, the CMS family the page
looked like, how many items it listed and its layout signature. Kept beside the registry rows
(which say whether a URL was generated, observed or is historical) and never rewrites them: a
moved or gone source stays as it is until someone edits its row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from greenchain.configfile import iter_csv_models
from greenchain.paths import CONFIG_DIR

Result = Literal["ok", "moved", "gone", "template_changed", "zero_items", "failing", "observed"]
LEDGER_DIR = "verification"
LEDGER_FILE = "verified.csv"


class Verification(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{2,63}$")
    origin: Literal["generated", "observed", "historical"]
    verified_at: str  # ISO timestamp, UTC
    method: Literal["sources check", "sources discover"]
    result: Result
    http_status: int | None = None
    final_url: str | None = None
    family_seen: str | None = None
    items_seen: int | None = None
    signature: str | None = None
    detail: str | None = None


COLUMNS = tuple(Verification.model_fields)


def ledger_path(config_dir: Path | None = None) -> Path:
    return (config_dir or CONFIG_DIR) / "sources" / LEDGER_DIR / LEDGER_FILE


def load_verifications(config_dir: Path | None = None) -> dict[str, Verification]:
    """The latest verification per source id (empty when nothing was ever verified)."""
    path = ledger_path(config_dir)
    if not path.exists():
        return {}
    return {v.source_id: v for v in iter_csv_models(path, Verification)}


def write_verifications(new: list[Verification], config_dir: Path | None = None) -> Path:
    """Merge `new` into the ledger (the latest per source wins) and write it, sorted by id."""
    path = ledger_path(config_dir)
    rows = load_verifications(config_dir)
    rows.update({v.source_id: v for v in new})
    buf = io.StringIO()
    buf.write("# When and how each registry URL was last verified (greenchain/registry_verification.py).\n")
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for sid in sorted(rows):
        w.writerow({k: ("" if v is None else v) for k, v in rows[sid].model_dump().items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(path)
    return path

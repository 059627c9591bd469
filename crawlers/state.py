"""Incremental crawl state per source: data/state/crawl/<source_id>.json.

Written only when a source's crawl has finished, atomically, so an interrupted run leaves the
previous state in place and the next run simply does the work again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from crawlers.atomic import write_atomic

STATE_VERSION = 3


@dataclass
class Pending:
    """A detail document that was listed but could not be fetched; retried first on the next run."""

    url: str
    list_url: str
    title: str | None
    date: str | None
    key: str
    doc_type: str | None = None


@dataclass
class SourceState:
    source_id: str
    # detail URL or item id -> the run that first landed it. Items first landed by the run being
    # crawled count as unseen, so re-running a run id reproduces its landing files.
    seen: dict[str, str] = field(default_factory=dict)
    # list URL -> {"etag": ..., "last_modified": ...} as the server gave them
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    # True once one run has paginated the whole list; until then every run walks all pages
    backfill_complete: bool = False
    pending: list[Pending] = field(default_factory=list)
    structure_signature: str | None = None
    last_full_listing: str | None = None  # ISO date of the last crawl that listed every page
    files_of: dict[str, list[str]] = field(default_factory=dict)  # attachment article -> its file URLs
    last_status: str | None = None  # health status of the last finished crawl
    updated_at: str | None = None

    def known(self, key: str, run_id: str) -> bool:
        """Landed by an earlier run (not by `run_id` itself)."""
        first = self.seen.get(key)
        return first is not None and first != run_id

    @classmethod
    def load(cls, path: Path, source_id: str) -> SourceState:
        if not path.exists():
            return cls(source_id=source_id)
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if data.pop("version") != STATE_VERSION:
            raise ValueError(f"{path}: unsupported crawl state version")
        return cls(
            source_id=data["source_id"],
            seen=data["seen"],
            validators=data["validators"],
            backfill_complete=data["backfill_complete"],
            pending=[Pending(**p) for p in data["pending"]],
            structure_signature=data["structure_signature"],
            last_full_listing=data["last_full_listing"],
            files_of=data["files_of"],
            last_status=data["last_status"],
            updated_at=data["updated_at"],
        )

    def save(self, path: Path) -> None:
        data = asdict(self)
        data["seen"] = dict(sorted(self.seen.items()))
        data["version"] = STATE_VERSION
        # Compact: a source's state holds every document it ever landed, and is rewritten daily.
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

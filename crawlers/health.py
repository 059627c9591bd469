"""Per-source health of one run: data/landing/<run_id>/health/<source_id>.json (see architecture.md)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawlers.atomic import write_atomic


@dataclass
class SourceHealth:
    source_id: str
    run_id: str
    template: str
    started_at: str
    finished_at: str | None = None
    duration_s: float = 0.0
    list_pages: int = 0
    list_pages_failed: int = 0  # list pages given up on (after retries)
    detail_pages: int = 0  # detail documents landed (pages, JSON documents, attachment files)
    article_pages: int = 0  # attachment articles: snapshotted, not landed
    items_listed: int = 0
    items_new: int = 0
    items_lost: int = 0  # new items whose document could not be fetched this run
    requests: int = 0
    not_modified: bool = False
    errors: Counter[str] = field(default_factory=Counter)
    status: str = "failed"
    reason: str = ""
    structure_signature: str | None = None
    structure_changed: bool = False
    family_seen: str | None = None  # the CMS family the first list page looked like
    refused: list[dict[str, str]] = field(default_factory=list)  # URLs not fetched, with the reason

    def as_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["errors"] = dict(sorted(self.errors.items()))
        return d

    def write(self, path: Path) -> None:
        write_atomic(path, json.dumps(self.as_json(), ensure_ascii=False, indent=1).encode("utf-8"))


def structure_signature(paths: list[str]) -> str:
    """A short hash of the distinct tag/class paths of a list page's items: a layout change moves it."""
    if not paths:
        return "empty"
    return hashlib.sha1("\n".join(sorted(set(paths))).encode("utf-8")).hexdigest()[:16]

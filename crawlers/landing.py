"""Landing lines for one source and run: data/landing/<run_id>/<source_id>.jsonl (see architecture.md).

Lines are kept in memory while the source is crawled and the file is written once, atomically,
when the source finishes: a re-run of the same run id rewrites the file, never appends to it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawlers.atomic import write_atomic

DOC_TYPES = ("html", "json", "xls", "xlsx", "pdf")


class LandingBuffer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []
        self.urls: set[str] = set()

    def add(self, line: dict[str, Any]) -> bool:
        """Append one landing line; False (and nothing written) if this URL was already landed."""
        if line["doc_type"] not in DOC_TYPES:
            raise ValueError(f"unknown doc_type {line['doc_type']!r}")
        if line["url"] in self.urls:
            return False
        self.urls.add(line["url"])
        self.lines.append(json.dumps(line, ensure_ascii=False))
        return True

    def flush(self) -> None:
        write_atomic(self.path, "".join(f"{ln}\n" for ln in self.lines).encode("utf-8"))

"""Content-addressed snapshot store: data/snapshots/<sha[0:2]>/<sha256>.gz holds the raw bytes, gzipped.

Sites take penalties down after the publicity period, so every fetched document is kept here
exactly as served (no decoding), and the landing line points at it by hash.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from crawlers.atomic import write_atomic


class SnapshotStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.gz"

    def put(self, raw: bytes) -> str:
        """Store `raw` (once) and return its sha256; identical bytes are stored a single time."""
        sha = hashlib.sha256(raw).hexdigest()
        path = self.path_for(sha)
        if not path.exists():
            # mtime=0 keeps the gzip bytes a pure function of the content.
            write_atomic(path, gzip.compress(raw, compresslevel=6, mtime=0))
        return sha

    def get(self, sha256: str) -> bytes:
        with gzip.open(self.path_for(sha256), "rb") as f:
            return f.read()

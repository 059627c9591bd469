"""Write a file so a reader (or a killed crawl) never sees half of it: tmp file in the same folder, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_MADE: set[Path] = set()


def write_atomic(path: Path, data: bytes) -> None:
    if path.parent not in _MADE:
        path.parent.mkdir(parents=True, exist_ok=True)
        _MADE.add(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

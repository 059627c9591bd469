"""Write a file so a reader (or a killed crawl) never sees half of it: tmp file in the same folder, then rename."""

from __future__ import annotations

import os
import threading
from pathlib import Path

_MADE: set[Path] = set()


def write_atomic(path: Path, data: bytes) -> None:
    if path.parent not in _MADE:
        path.parent.mkdir(parents=True, exist_ok=True)
        _MADE.add(path.parent)
    # Unique per process and thread (two crawlers may store the same snapshot at once); cheaper
    # than mkstemp's random names, which cost a third of a snapshot write.
    tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

"""Write a file so a reader (or a killed crawl) never sees half of it: tmp file in the same folder, then rename."""

from __future__ import annotations

import contextlib
import os
import threading

_MADE: set[str] = set()
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    # Plain os calls on string paths: a crawl writes one file per document, and pathlib objects
    # plus a buffered file object cost more CPU than the kernel's own work (measured).
    p = os.fspath(path)
    parent, _, name = p.rpartition(os.sep)
    if parent not in _MADE:
        os.makedirs(parent or ".", exist_ok=True)
        _MADE.add(parent)
    # Unique per process and thread (two crawlers may store the same snapshot at once); cheaper
    # than mkstemp's random names, which cost a third of a snapshot write.
    tmp = f"{parent}{os.sep}.{name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        fd = os.open(tmp, _FLAGS, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise

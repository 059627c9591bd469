"""data/reference/: the files the match stage reads, their versions, and how each got there.

    companies.parquet                      the company registry in use
    suppliers/<brand>.csv                  a brand's supplier list in use
    manifest.json                          per file: version, origin, source, rows (descriptive; bytes decide)
    versions/companies/<version>.parquet   the last imported versions (config/reference.yaml keep_versions)
    versions/suppliers/<brand>/<version>.csv
    imports.jsonl                          one line per import attempt, refused ones too
    import-errors/<import_id>.jsonl        every rejected or repaired row of one import, with file and line

A version id is the first 16 hex digits of the sha256 of the file's bytes, so the same content has
the same version however it got there (imported, generated for the demo, or dropped in by hand):
`sha256sum data/reference/companies.parquet | cut -c1-16`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from filelock import FileLock

from greenchain.paths import DataPaths

VERSION_CHARS = 16
Origin = Literal["imported", "demo", "realdata", "unmanaged", "missing"]


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def registry_path(paths: DataPaths) -> Path:
    return paths.reference / "companies.parquet"


def supplier_path(paths: DataPaths, brand_id: str) -> Path:
    return paths.reference / "suppliers" / f"{brand_id}.csv"


def manifest_path(paths: DataPaths) -> Path:
    return paths.reference / "manifest.json"


def read_manifest(paths: DataPaths) -> dict[str, Any]:
    p = manifest_path(paths)
    if not p.exists():
        return {"companies": None, "suppliers": {}}
    data = json.loads(p.read_text(encoding="utf-8"))
    data.setdefault("suppliers", {})
    return data


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    tmp.replace(path)


@contextlib.contextmanager
def locked(paths: DataPaths) -> Iterator[None]:
    """One writer of data/reference/ at a time (two imports started together run one after the other);
    an OS file lock, so a crashed import never leaves it held."""
    paths.reference.mkdir(parents=True, exist_ok=True)
    with FileLock(paths.reference / ".lock"):
        yield


def _stat_key(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def describe(path: Path | None, entry: dict[str, Any] | None, origin_if_unknown: Origin) -> dict[str, Any]:
    """What a reference file is: its version (from its bytes) and, if the manifest knows those bytes,
    how it got there. A file changed by hand since the manifest was written is "unmanaged"."""
    if path is None or not path.exists():
        return {"version": None, "origin": "missing", "path": str(path) if path else None}
    entry = entry or {}
    if entry.get("stat") == _stat_key(path) and entry.get("sha256"):
        sha = entry["sha256"]  # unchanged since recorded: no need to hash a large file again
    else:
        sha = file_sha256(path)
    if entry.get("sha256") == sha:
        return {**{k: v for k, v in entry.items() if k != "stat"}, "path": str(path), "version": sha[:VERSION_CHARS]}
    return {"version": sha[:VERSION_CHARS], "sha256": sha, "origin": origin_if_unknown, "path": str(path)}


def record(paths: DataPaths, kind: str, brand_id: str | None, path: Path, origin: Origin,
           **details: Any) -> dict[str, Any]:
    """Note in the manifest what the file at `path` now is; return the entry."""
    sha = file_sha256(path)
    entry = {"version": sha[:VERSION_CHARS], "sha256": sha, "origin": origin,
             "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"), **details, "stat": _stat_key(path)}
    manifest = read_manifest(paths)
    if kind == "companies":
        manifest["companies"] = entry
    else:
        assert brand_id is not None
        manifest["suppliers"][brand_id] = entry
    _write_json(manifest_path(paths), manifest)
    return {k: v for k, v in entry.items() if k != "stat"}


def publish(paths: DataPaths, written: Path, current: Path, history_dir: Path, keep: int) -> str:
    """Move a fully written file into versions/ and make it the one in use, atomically; return its version.

    Readers see the old file or the new one, never a half-written one (rename on one file system).
    """
    sha = file_sha256(written)
    version = sha[:VERSION_CHARS]
    history_dir.mkdir(parents=True, exist_ok=True)
    kept = history_dir / f"{version}{current.suffix}"
    written.replace(kept)
    staged = current.with_name(f".{current.name}.new")
    staged.unlink(missing_ok=True)
    current.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(kept, staged)  # same bytes, no copy; writers never modify a file in place
    except OSError:
        shutil.copyfile(kept, staged)
    staged.replace(current)
    _prune(history_dir, keep, keep_name=kept.name)
    return version


def _prune(history_dir: Path, keep: int, keep_name: str) -> None:
    files = sorted((p for p in history_dir.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for p in files[keep:]:
        if p.name != keep_name:
            p.unlink()


def log_import(paths: DataPaths, entry: dict[str, Any]) -> None:
    paths.reference.mkdir(parents=True, exist_ok=True)
    with (paths.reference / "imports.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")


def write_row_errors(paths: DataPaths, import_id: str, errors: list[dict[str, Any]]) -> Path | None:
    if not errors:
        return None
    d = paths.reference / "import-errors"
    d.mkdir(parents=True, exist_ok=True)
    out = d / f"{import_id}.jsonl"
    out.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors), encoding="utf-8")
    return out

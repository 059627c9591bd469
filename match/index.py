"""The registry's match index, kept between runs in data/match_index/.

Indexing a million-firm registry takes minutes (every name parsed, tens of millions of keys), so
the index is a DuckDB file that the match stage opens instead of rebuilding. `manifest.json` beside
it says which registry it indexes (the registry file's version: the first 16 hex digits of its
sha256, as data/reference/manifest.json writes it) and with what (a fingerprint of the code and
settings that shape the index). On a run:

- same registry version and fingerprint: the index is opened as it is;
- another registry version, same fingerprint: only the rows that changed are re-indexed
  (Matcher.update), and the manifest records the new version and what the update did;
- another fingerprint (the name parser, the SQL, the industry words or the blocking settings
  changed) or no usable index: it is built afresh, into a new file that replaces the old one
  only when complete.

match.latin's tables in the same file follow the registry the same way (LatinIndex.update); when
match.latin's own fingerprint changed, only they are dropped and built again on first use.

One match stage at a time holds the index (a lock file beside it).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from greenchain.paths import DataPaths
from match.config import MatchingConfig
from match.engine import Matcher
from match.latin.matcher import TABLES as LATIN_TABLES
from match.latin.matcher import fingerprint as latin_fingerprint

log = logging.getLogger("greenchain.match")

VERSION_CHARS = 16
# What an index built by this code depends on: change any of these files and the index is rebuilt.
_SHAPING = ("indexing.py", "features.py", "names.py", "regions.py", "sql/keys_macro.sql", "sql/registry_tables.sql",
            "sql/registry_index.sql", "sql/registry_update.sql")
_HERE = Path(__file__).resolve().parent


def index_dir(paths: DataPaths) -> Path:
    return paths.root / "match_index"


def registry_version(path: Path) -> str:
    """The registry file's version: the first 16 hex digits of the sha256 of its bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:VERSION_CHARS]


def fingerprint(config: MatchingConfig) -> str:
    """What shapes the index: the engine's parsing and indexing code, the industry words, blocking settings."""
    h = hashlib.sha256()
    for name in _SHAPING:
        h.update((_HERE / name).read_bytes())
    h.update(json.dumps([config.industry_terms, config.blocking.max_key_entities], sort_keys=True).encode())
    return h.hexdigest()[:VERSION_CHARS]


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    p = folder / "manifest.json"
    try:
        return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None
    except json.JSONDecodeError:
        return None


def _write_manifest(folder: Path, data: dict[str, Any]) -> None:
    tmp = folder / ".manifest.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(folder / "manifest.json")


@contextlib.contextmanager
def persisted_matcher(paths: DataPaths, registry: Callable[[], pa.Table], version: str, config: MatchingConfig,
                      progress: bool = False, memory_limit: str | None = None) -> Iterator[tuple[Matcher, dict[str, Any]]]:
    """A matcher on the index of this registry `version` (`registry` reads the table that version
    holds, only when the index must be updated or built), opened, updated or built as the module
    docstring says; with what was done to get it. `memory_limit` bounds DuckDB's buffer pool."""
    folder = index_dir(paths)
    with _locked(folder):
        fp = fingerprint(config)
        manifest = _read_manifest(folder)
        db = folder / "index.duckdb"
        t0 = time.monotonic()
        matcher: Matcher | None = None
        action: dict[str, Any]
        if manifest and manifest.get("fingerprint") == fp and db.exists():
            try:
                matcher = Matcher.open(db, config, registry=registry, memory_limit=memory_limit)
            except Exception as e:  # a damaged file is rebuilt, not trusted
                log.warning("match index %s unreadable (%s): rebuilding", db, e)
                matcher = None
        lfp = latin_fingerprint()
        if matcher is not None and manifest and manifest.get("latin_fingerprint") != lfp:
            # match.latin's code or settings changed: only its tables are stale (built again on first use)
            for t in LATIN_TABLES:
                matcher.con.execute(f"DROP TABLE IF EXISTS {t}")
        if matcher is not None and manifest and manifest.get("registry_version") == version:
            action = {"index": "reused"}
        elif matcher is not None and manifest:
            changes = matcher.update(registry(), progress=progress)
            action = {"index": "updated", "from_version": manifest.get("registry_version"), **changes}
        else:
            if matcher is not None:
                matcher.close()
            tmp = folder / "index.building.duckdb"
            tmp.unlink(missing_ok=True)
            built = Matcher.build(registry(), config, progress=progress, path=tmp, memory_limit=memory_limit)
            built.latin_index()  # English supplier lists meet the registry through it: kept in the file too
            built.con.execute("CHECKPOINT")
            built.close()
            tmp.replace(db)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
            matcher = Matcher.open(db, config, registry=registry, memory_limit=memory_limit)
            action = {"index": "built", "reason": "no index" if not manifest else
                      "the engine's parsing, SQL or settings changed" if manifest.get("fingerprint") != fp
                      else "index unreadable"}
        action.update(seconds=round(time.monotonic() - t0, 1), registry_version=version, companies=matcher.n_entities,
                      path=str(db))
        matcher.registry_version = version
        now = datetime.now(UTC).isoformat(timespec="seconds")
        _write_manifest(folder, {"registry_version": version, "fingerprint": fp, "latin_fingerprint": lfp,
                                 "companies": matcher.n_entities,
                                 "built_at": now if action["index"] == "built" else (manifest or {}).get("built_at"),
                                 "updated_at": now, "last_action": action})
        log.info("match index: %s in %.1f s (%s firms)", action["index"], action["seconds"], matcher.n_entities)
        try:
            yield matcher, action
        finally:
            matcher.close()

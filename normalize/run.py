"""normalize_run: every landing document of a crawl run → records.parquet + quarantine.parquet."""

from __future__ import annotations

import errno
import json
import logging
import re
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from greenchain.paths import DataPaths
from greenchain.progress import track
from greenchain.settings import DocumentLimits, load_settings
from normalize.document import DOC_TYPES, preload_reference_data, read_document
from normalize.layouts.base import QuarantineError
from normalize.limits import gunzip_capped
from normalize.limits import using as using_limits
from normalize.parquet import QUARANTINE_SCHEMA, RECORD_SCHEMA, write_table_atomic
from normalize.pool import Failure, WorkerPool
from normalize.quality import flagged_sources, quality_by_source
from normalize.record import CanonicalRecord, QuarantinedPage
from normalize.taxonomy import default_taxonomy

log = logging.getLogger("greenchain.normalize")
_UNKNOWN = re.compile(r"^unknown ([a-z ]+): (.*)$")
TOP_UNKNOWN = 20


def snapshot_path(paths: DataPaths, sha: str) -> Path:
    return paths.snapshots / sha[:2] / f"{sha}.gz"


# The errors Path.exists() takes for "not there".
_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _read_snapshot(path: Path) -> bytes | None:
    """The stored (gzipped) bytes, None when there is no such file. One unbuffered open: half the
    system calls of exists() + read_bytes()."""
    try:
        with open(path, "rb", buffering=0) as fh:
            return fh.readall()
    except OSError as e:
        if e.errno in _MISSING:
            return None
        raise


def landing_lines(paths: DataPaths, run_id: str) -> list[dict[str, Any]]:
    """Every landing line of the run, in a stable order (file name, then line)."""
    run_dir = paths.landing_run(run_id)
    if not run_dir.is_dir():
        raise FileNotFoundError(f"no landing files for run {run_id!r} under {run_dir}")
    lines: list[dict[str, Any]] = []
    for f in sorted(run_dir.glob("*.jsonl")):
        with f.open(encoding="utf-8") as fh:
            for n, ln in enumerate(fh, start=1):
                if not ln.strip():
                    continue
                try:
                    lines.append(json.loads(ln))
                except json.JSONDecodeError as e:
                    raise ValueError(f"{f}:{n}: landing line is not JSON: {e.msg}") from None
    return lines


def _quarantine(line: dict[str, Any], reason: str, parser: str | None = None, row_index: int | None = None) -> QuarantinedPage:
    return QuarantinedPage(
        source_id=line["source_id"], source_url=line["url"], snapshot_sha256=line.get("snapshot_sha256") or "",
        row_index=row_index, fetched_at=line["fetched_at"], reason=reason, parser=parser,
    )  # fmt: skip


_POISON = ("resource limit", "reader error", "worker crashed")


def _poison_counts(quarantined: list[QuarantinedPage]) -> dict[str, int]:
    by = Counter(q.reason.partition(": ")[0] for q in quarantined if q.reason.startswith(_POISON))
    return {"total": sum(by.values()), **{k.replace(" ", "_"): by[k] for k in _POISON}}


def _reason_kind(reason: str) -> str:
    """Group quarantine reasons: 'missing mandatory field: party_name' stays whole; details after a
    second colon (values) are cut."""
    head, _, _ = reason.partition(": ")
    if head.startswith("missing mandatory field"):
        return reason
    return head.split(" rec-")[0]


def normalize_document_line(
    line: dict[str, Any], paths: DataPaths
) -> tuple[list[CanonicalRecord], list[QuarantinedPage], str | None]:
    """Records, quarantines and (for documents without records by design) the reason, of one landing
    line. Whatever goes wrong inside a reader quarantines this document only (a MemoryError is left
    to the worker pool, which replaces the worker)."""
    sha = line.get("snapshot_sha256")
    if line.get("status", 200) != 200:
        return [], [_quarantine(line, f"fetch status {line.get('status')}")], None
    if line.get("doc_type") not in DOC_TYPES:
        return [], [_quarantine(line, f"unknown doc_type: {line.get('doc_type')}")], None
    stored = _read_snapshot(snapshot_path(paths, sha)) if sha else None
    if stored is None:
        return [], [_quarantine(line, "snapshot missing")], None
    try:
        raw = gunzip_capped(stored)
        res = read_document(
            raw, url=line["url"], doc_type=line["doc_type"], declared_encoding=line.get("declared_encoding"),
            source_id=line["source_id"], kind=line.get("kind"), snapshot_sha256=sha,
            fetched_at=datetime.fromisoformat(line["fetched_at"]), list_date=line.get("list_date"),
            list_title=line.get("list_title"),
        )  # fmt: skip
    except MemoryError:
        raise
    except QuarantineError as e:  # a resource limit on the stored bytes
        return [], [_quarantine(line, e.reason, e.parser)], None
    except ValueError as e:  # unknown kind, or a source missing from the registry: the document cannot be typed
        return [], [_quarantine(line, str(e))], None
    except Exception as e:  # a reader's bug or a poison document (RecursionError, …): this document only
        log.warning("normalize: %s (%s) quarantined: %s: %s", line["url"], line["source_id"], type(e).__name__, e)
        return [], [_quarantine(line, f"reader error: {type(e).__name__}: {e}")], None
    quarantined = [_quarantine(line, q.reason, q.parser, q.row_index) for q in res.quarantined]
    return res.records, quarantined, res.no_records


_Outcome = tuple[list[CanonicalRecord], list[QuarantinedPage], str | None]


def _outcomes(
    lines: list[dict[str, Any]],
    paths: DataPaths,
    run_id: str,
    workers: int,
    limits: DocumentLimits,
    counts: Counter[str],
    costs: list[dict[str, Any]] | None = None,
) -> list[_Outcome]:
    """Outcomes of every landing line, in landing order. Each document is read in a worker process
    under the time and memory limits (normalize.pool); a document that passes one, or kills its
    worker, is quarantined with the reason. `counts` gets the workers replaced and the slowest document."""
    preload_reference_data()  # forked workers inherit it: loaded once, not once per worker

    def one(i: int) -> _Outcome:
        return normalize_document_line(lines[i], paths)

    outcomes: list[_Outcome | None] = [None] * len(lines)
    slowest = (0.0, "")
    pool: WorkerPool[int, _Outcome] = WorkerPool(one, workers=workers, time_s=limits.time_s, memory_mb=limits.memory_mb)
    with using_limits(limits), pool:
        done = pool.map(range(len(lines)))
        for i, out, stats in track(done, description=f"normalize {run_id}", total=len(lines)):
            if costs is not None:
                failure = out.reason if isinstance(out, Failure) else None
                costs.append({"url": lines[i]["url"], "doc_type": lines[i].get("doc_type"), "wall_s": stats.wall_s,
                              "peak_mb": stats.peak_mb, "failure": failure})  # fmt: skip
            if isinstance(out, Failure):
                log.warning("normalize: %s (%s) quarantined: %s", lines[i]["url"], lines[i]["source_id"], out.reason)
                out = ([], [_quarantine(lines[i], out.reason)], None)
            slowest = max(slowest, (stats.wall_s, lines[i]["url"]))
            outcomes[i] = out
    counts["workers_replaced"] = pool.replaced
    if slowest[1]:
        log.info("normalize %s: slowest document %.2f s: %s", run_id, *slowest)
    return [o for o in outcomes if o is not None]


def normalize_run(
    run_id: str,
    paths: DataPaths | None = None,
    workers: int = 1,
    limits: DocumentLimits | None = None,
    costs: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Normalize every landing document of `run_id` in `workers` processes, each document under
    `limits` (default: normalize.limits in config/greenchain.yaml); write records.parquet and
    quarantine.parquet (atomically, overwriting a previous run of the same id) and return the counts.
    `costs`, when given, receives each document's wall time and peak memory (for benchmarks)."""
    paths = paths or DataPaths.default()
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    limits = limits or load_settings().normalize.limits
    default_taxonomy()  # load and validate config before touching data
    lines = landing_lines(paths, run_id)
    records: list[CanonicalRecord] = []
    quarantined: list[QuarantinedPage] = []
    without_records: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for recs, quar, none_reason in _outcomes(lines, paths, run_id, workers, limits, counts, costs):
        records.extend(recs)
        quarantined.extend(quar)
        if none_reason:
            without_records[re.sub(r"\(\d+ files? linked\)", "", none_reason).strip()] += 1

    # The same decision can be fetched twice in a run (two list pages, a re-try): one row per
    # record_id, the latest fetch wins; the duplicates are counted, not silently lost.
    by_id: dict[str, CanonicalRecord] = {}
    for r in sorted(records, key=lambda r: (r.fetched_at, r.source_url, r.row_index or 0)):
        prev = by_id.get(r.record_id)
        if prev is not None and prev.content_hash != r.content_hash:
            # Two different documents claim one decision (same source, number and party): the later
            # fetch wins and the other is kept in quarantine, so the conflict is visible.
            quarantined.append(QuarantinedPage(
                source_id=prev.source_id, source_url=prev.source_url, snapshot_sha256=prev.snapshot_sha256,
                row_index=prev.row_index, fetched_at=prev.fetched_at, parser=prev.parser,
                reason=f"duplicate record_id {r.record_id}: superseded by {r.source_url}",
            ))  # fmt: skip
        by_id[r.record_id] = r
    unique = sorted(by_id.values(), key=lambda r: (r.source_id, r.source_url, r.row_index or 0, r.record_id))
    quarantined.sort(key=lambda q: (q.source_id, q.source_url, q.row_index or 0, q.reason))

    out = paths.normalized_run(run_id)
    write_table_atomic(out / "records.parquet", unique, RECORD_SCHEMA)
    write_table_atomic(out / "quarantine.parquet", quarantined, QUARANTINE_SCHEMA)

    quality = quality_by_source(unique, quarantined)
    (out / "quality.json").write_text(json.dumps(quality, ensure_ascii=False, indent=1), encoding="utf-8")

    unknown: dict[str, Counter[str]] = defaultdict(Counter)
    warnings = Counter()
    for r in unique:
        for w in r.warnings:
            m = _UNKNOWN.match(w)
            if m:
                unknown[m.group(1)][m.group(2)] += 1
            warnings[w.split(":")[0].split("(")[0].strip()] += 1
    summary = {
        "run_id": run_id,
        "documents": len(lines),
        "records": len(unique),
        "duplicate_records": len(records) - len(unique),
        "documents_without_records": dict(without_records),
        "quarantined": len(quarantined),
        "quarantined_by_reason": dict(Counter(_reason_kind(q.reason) for q in quarantined).most_common()),
        # documents no reader could finish: the run went on without them (docs/operations.md)
        "poison_documents": _poison_counts(quarantined),
        "workers_replaced": counts["workers_replaced"],
        "unknown_values": {k: {"total": sum(c.values()), "top": dict(c.most_common(TOP_UNKNOWN))} for k, c in sorted(unknown.items())},
        "warnings": dict(warnings.most_common()),
        "parsers": dict(Counter(r.parser for r in unique).most_common()),
        "kinds": dict(Counter(r.doc_kind.value for r in unique).most_common()),
        "flags": dict(Counter(f.split(" (")[0] for r in unique for f in r.flags).most_common()),
        # per source in quality.json beside the records (thousands of sources); the worst here
        "data_quality": {"file": str(out / "quality.json"), "most_flagged": flagged_sources(quality)},
        "output": str(out),
    }
    log.info("normalize %s: %d documents → %d records, %d quarantined", run_id, len(lines), len(unique), len(quarantined))
    return summary

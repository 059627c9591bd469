"""`load_run`: load one run's files into the warehouse with write-audit-publish.

Write: copy the published file to a run-specific staging file and run the models on it.
Audit: run the assertions of config/warehouse.yaml on the staging file.
Publish: only if no error-severity assertion failed, os.replace the staging file over the
published one. Anything that fails before that leaves the published warehouse untouched.

Every attempt leaves data/warehouse/loads/<load_id>.json, whose status moves running → publishing
→ published (or failed). Only the last step, written after the swap, says published; a load that
died on the way is found by the next load (which holds the lock, so nothing else runs) and recorded
as interrupted, or as published if the published file says it got there (killed just after the swap).
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from greenchain.paths import DataPaths
from greenchain.progress import track
from warehouse import comments, inputs, models, publish
from warehouse.assertions import AssertionResult, blocking, run_assertions
from warehouse.config import WarehouseConfig, load_warehouse_config

log = logging.getLogger("greenchain.warehouse")
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class AssertionsFailedError(RuntimeError):
    """The audit failed: nothing was published. `results` holds every assertion evaluated."""

    def __init__(self, failed: list[AssertionResult], results: list[AssertionResult]):
        self.failed = failed
        self.results = results
        names = "; ".join(r.describe() for r in failed)
        super().__init__(f"{len(failed)} assertion(s) failed, warehouse not published: {names}")


def loads_dir(paths: DataPaths) -> Path:
    """Where every load attempt leaves its summary (meta.runs is filled from here)."""
    return paths.warehouse_dir / "loads"


def _now() -> datetime:
    return datetime.now(UTC)


_UNFINISHED = ("running", "publishing")


def _write_summary(paths: DataPaths, summary: dict[str, Any]) -> None:
    d = loads_dir(paths)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f".{summary['load_id']}.tmp"
    tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    tmp.replace(d / f"{summary['load_id']}.json")


def _read_summaries(paths: DataPaths) -> dict[str, dict[str, Any]]:
    return {f.stem: json.loads(f.read_text(encoding="utf-8")) for f in sorted(loads_dir(paths).glob("*.json"))}


def _settle_unfinished(con: duckdb.DuckDBPyConnection, paths: DataPaths, current: str) -> list[str]:
    """Loads that died before writing their outcome: published if the published file (copied into
    `con`) records them as its load, else interrupted. Returns the load ids settled."""
    unfinished = {k: v for k, v in _read_summaries(paths).items() if v.get("status") in _UNFINISHED and k != current}
    if not unfinished:
        return []
    published: set[str] = set()
    if con.execute(models.sql_file("load/has_meta_runs.sql")).fetchone()[0]:  # type: ignore[index]
        rows = con.execute(models.sql_file("load/published_loads.sql"), {"ids": list(unfinished)}).fetchall()
        published = {r[0] for r in rows}
    for load_id, summary in unfinished.items():
        was = summary["status"]
        if load_id in published:
            summary["status"] = "published"
        else:
            summary["status"] = "interrupted"
            summary["error"] = f"the load stopped while {was} (killed or crashed); it published nothing"
        _write_summary(paths, summary)
    return sorted(unfinished)


def _set_variables(con: duckdb.DuckDBPyConnection, run_id: str, cfg: WarehouseConfig, started: datetime) -> None:
    values: dict[str, Any] = {
        "run_id": run_id,
        "as_of": started.date(),
        "violation_kinds": cfg.violation_kinds,
        "takedown_statuses": cfg.takedown_statuses,
        "accepted_bands": cfg.accepted_bands,
    }
    template = models.sql_file("load/set_variable.sql")
    for name, value in values.items():
        con.execute(models.render(template, name=name), {"value": value})


def _table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [r[0] for r in con.execute(models.sql_file("load/list_tables.sql")).fetchall()]
    return {n: con.table(n).count("*").fetchall()[0][0] for n in names}


def _run_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rel = con.execute(models.sql_file("load/run_counts.sql"))
    cols = [d[0] for d in rel.description]
    return dict(zip(cols, rel.fetchall()[0], strict=True))


def _record_assertions(
    con: duckdb.DuckDBPyConnection, load_id: str, run_id: str, results: list[AssertionResult]
) -> None:
    rows = [{"load_id": load_id, "run_id": run_id, **r.as_dict()} for r in results]
    if rows:
        report = inputs.InputReport("meta.assertions")
        inputs.insert_batches(con, "meta.assertions", [pa.Table.from_pylist(rows)], report)


def _build(
    staged: Path, run_id: str, load_id: str, started: datetime, paths: DataPaths, cfg: WarehouseConfig,
    config_dir: Path | None,
) -> dict[str, Any]:  # fmt: skip
    """Run every layer on the staging file and audit it; returns the load summary."""
    con = duckdb.connect(str(staged), config={"storage_compatibility_version": cfg.storage_compatibility_version})
    try:
        settled = _settle_unfinished(con, paths, load_id)
        if settled:
            log.warning("warehouse: settled the record of loads that died: %s", ", ".join(settled))
        con.execute(models.sql_file("load/session.sql"))
        con.execute(models.render(models.sql_file("load/memory_limit.sql"), limit=cfg.memory_limit))
        _set_variables(con, run_id, cfg, started)
        models.create_schemas(con)
        models.run_migrations(con)
        before = _table_counts(con)
        timings = models.run_layer(con, "raw")
        reports = inputs.fill_raw(con, run_id, paths, cfg.batch_rows, config_dir, progress=_progress)
        for layer in ("staging", "core", "marts"):
            log.info("warehouse: building %s models", layer)
            timings |= models.run_layer(con, layer, on_model=_log_model)
        results = run_assertions(con, cfg)
        failed = blocking(results)
        if failed:
            raise AssertionsFailedError(failed, results)
        summary: dict[str, Any] = {
            "load_id": load_id,
            "run_id": run_id,
            "started_at": started.isoformat(),
            "status": "published",  # as the staged file records itself: true once it is the published file
            "error": None,
            "inputs": {name: r.as_dict() for name, r in reports.items()},
            "counts": _run_counts(con),
            "assertions": {"evaluated": len(results), "warnings": [r.describe() for r in results if not r.passed]},
        }
        summary["finished_at"] = _now().isoformat()
        _write_summary(paths, {**summary, "status": "publishing"})
        inputs.fill_load_log(con, loads_dir(paths), current=summary)
        timings |= models.run_layer(con, "meta")
        _record_assertions(con, load_id, run_id, results)
        read_in_place = inputs.materialize_inputs(con, keep_rows=cfg.keep_raw_rows)
        if not cfg.keep_raw_rows:
            for m in models.layer_models("raw"):
                if m.name not in read_in_place:
                    con.execute(models.render(models.sql_file("load/empty_table.sql"), table=m.name))
        comments.apply(con)
        after = _table_counts(con)
        summary["tables"] = {n: {"rows": c, "added": c - before.get(n, 0)} for n, c in after.items()}
        summary["model_seconds"] = timings
        con.execute(models.sql_file("load/checkpoint.sql"))
        return summary
    finally:
        con.close()


def _progress(items: Any, description: str, total: int | None) -> Any:
    return track(items, description, total=total)


def _log_model(model: models.Model, seconds: float) -> None:
    log.info("warehouse: %s built in %.2f s", model.name, seconds)


def load_run(run_id: str, paths: DataPaths | None = None, *, config_dir: Path | None = None) -> dict[str, Any]:
    """Load run `run_id`'s normalized and matched files; publish only if every assertion passes.

    Returns the load summary (load_id, counts, inputs, assertion warnings, table sizes, published
    path). Raises AssertionsFailedError (nothing published) or LoadLockedError (another load runs).
    """
    if not _RUN_ID.match(run_id):
        raise ValueError(f"invalid run id {run_id!r}: use letters, digits, '.', '_' or '-'")
    paths = paths or DataPaths.default()
    cfg = load_warehouse_config(config_dir)
    started = _now()
    load_id = f"{run_id}.{started.strftime('%Y%m%dT%H%M%S%fZ')}"
    t0 = time.perf_counter()
    with publish.writer_lock(paths.warehouse_dir, cfg.lock_timeout_s):
        stale = publish.remove_stale_staging(paths.warehouse_dir)
        if stale:
            log.warning("warehouse: removed staging files of interrupted loads: %s", ", ".join(stale))
        _write_summary(paths, {"load_id": load_id, "run_id": run_id, "started_at": started.isoformat(),
                               "status": "running", "error": None})  # fmt: skip
        staged = publish.staging_dir(paths.warehouse_dir) / f"{load_id}.duckdb"
        try:
            staged = publish.make_staging_copy(paths.warehouse, load_id, cfg.storage_compatibility_version)
            summary = _build(staged, run_id, load_id, started, paths, cfg, config_dir)
            publish.publish(staged, paths.warehouse)
            _write_summary(paths, summary)  # published: only now, after the swap
            publish.remove_stale_staging(paths.warehouse_dir)  # the spill directory, if any
        except BaseException as e:
            failure: dict[str, Any] = {
                "load_id": load_id, "run_id": run_id, "started_at": started.isoformat(),
                "finished_at": _now().isoformat(), "status": "failed", "error": str(e) or type(e).__name__,
            }  # fmt: skip
            if isinstance(e, AssertionsFailedError):
                failure["assertions"] = [r.as_dict() for r in e.results]
            _write_summary(paths, failure)
            staged.unlink(missing_ok=True)
            raise
    summary["published"] = str(paths.warehouse)
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    summary["file_bytes"] = os.path.getsize(paths.warehouse)
    log.info("warehouse: run %s published (%s) in %.1f s", run_id, load_id, summary["seconds"])
    return summary

"""The stages of a daily run as plain functions. The CLI and the Airflow DAGs both call these,
so no logic lives only in a DAG file. Each stage reads only what the previous one wrote
(see docs/architecture.md) and returns a JSON-serializable summary.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from greenchain.paths import DataPaths
from greenchain.reference import (
    IMPORT_SUPPLIERS,
    ReferenceMissingError,
    check_production,
    current_versions,
    store,
)
from greenchain.registry import load_registry
from greenchain.settings import Settings, load_settings
from greenchain.stagerun import recorded_stage

log = logging.getLogger("greenchain.pipeline")


def plan_crawl_shards(n_shards: int, source_ids: list[str] | None = None) -> list[list[str]]:
    """Split the active sources into at most `n_shards` balanced shards.

    A shard owns whole hosts, so per-host politeness (inside Scrapy) is never defeated by two
    shards hitting one host at once. Deterministic: the same registry gives the same shards.
    """
    registry = load_registry()
    sources = registry.select(source_ids)
    by_host: dict[str, list[str]] = defaultdict(list)
    for s in sources:
        by_host[s.host].append(s.id)
    shards: list[list[str]] = [[] for _ in range(max(1, min(n_shards, len(by_host))))]
    for host in sorted(by_host, key=lambda h: (-len(by_host[h]), h)):
        min(shards, key=len).extend(by_host[host])
    return [sorted(s) for s in shards if s]


@recorded_stage("crawl")
def crawl_shard(
    run_id: str, source_ids: list[str], paths: DataPaths | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """Crawl one shard of sources in Scrapy subprocesses; landing files and health go to landing/<run_id>/."""
    from crawlers.run import crawl

    settings = settings or load_settings()
    return crawl(
        run_id,
        source_ids,
        paths=paths or DataPaths.default(),
        profile=settings.crawl.profile,
        proxy=settings.crawl.proxy,
        processes=settings.crawl.processes(),
    )


@recorded_stage("normalize")
def normalize(run_id: str, paths: DataPaths | None = None, settings: Settings | None = None) -> dict[str, Any]:
    from normalize.run import normalize_run

    settings = settings or load_settings()
    return normalize_run(run_id, paths or DataPaths.default(), workers=settings.normalize.worker_count())


@recorded_stage("match")
def match(run_id: str, paths: DataPaths | None = None) -> dict[str, Any]:
    """Match the run's records and the brands' lists; the summary names the reference versions used."""
    from match.run import match_run

    paths = paths or DataPaths.default()
    before = current_versions(paths)
    out = match_run(run_id, paths)
    if current_versions(paths) != before:
        # An import landed while matching: the matches may mix two versions. Retrying matches again.
        raise RuntimeError("reference data changed while the match stage ran; re-run it")
    out["reference"] = _versions_brief(before)
    record_run_reference(paths, run_id, "match", before)
    return out


@recorded_stage("load")
def load(run_id: str, paths: DataPaths | None = None) -> dict[str, Any]:
    from warehouse.load import load_run

    return load_run(run_id, paths or DataPaths.default())


@recorded_stage("alerts")
def alerts(run_id: str, paths: DataPaths | None = None, deliver: bool = True) -> dict[str, Any]:
    from alerts.run import process_alerts

    return process_alerts(run_id, paths or DataPaths.default(), deliver=deliver)


@recorded_stage("index")
def index(period: str, paths: DataPaths | None = None) -> dict[str, Any]:
    """Score the brands for `period`, then republish the warehouse so marts.index_scores holds them.

    The republish re-loads the latest published run through the normal single-writer,
    write-audit-publish path: idempotent for every core table, it only rebuilds the marts.
    """
    from transparency.run import compute_index

    paths = paths or DataPaths.default()
    out = compute_index(period, paths)
    latest = _latest_published_run(paths)
    if latest is not None:
        out["republished_run"] = latest
        load.__wrapped__(latest, paths)  # not a new load of that day: keep its recorded figures
    return out


def data_period(paths: DataPaths | None = None) -> str:
    """The index period the published data is about (a year), read from the warehouse."""
    from transparency.run import data_period as period_of_data

    return period_of_data(paths or DataPaths.default())


def _latest_published_run(paths: DataPaths) -> str | None:
    import duckdb

    if not paths.warehouse.exists():
        return None
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        row = con.execute((Path(__file__).parent / "sql" / "latest_published_run.sql").read_text()).fetchone()
    finally:
        con.close()
    return row[0] if row else None


DEMO_MARKER = ".generated-demo-reference"  # written by earlier versions; the manifest says "demo" now


def prepare_reference(
    paths: DataPaths | None = None, settings: Settings | None = None, run_id: str | None = None
) -> dict[str, Any]:
    """Check the match inputs (company registry, brand supplier lists) and record the versions a run uses.

    Production (crawl profile "production"): the registry must be a real one, imported with
    `greenchain reference import companies FILE`; a missing or demo-generated registry (or a
    demo-generated supplier list) stops the run with ReferenceMissingError saying what to import.
    Demo (profile "simulator", as `make demo` and the tests run): a missing registry and lists are
    generated from the simulator's world, and once a warehouse is published the generated suppliers'
    feedback (explanations, corrective actions) is refreshed for the next load.
    """
    paths = paths or DataPaths.default()
    settings = settings or load_settings()
    out: dict[str, Any] = {"path": str(paths.reference)}
    demo = settings.crawl.profile == "simulator"
    if demo:
        out |= _prepare_demo_reference(paths, settings, run_id)
    versions = current_versions(paths)
    if not demo:
        problems = check_production(versions)
        if problems:
            raise ReferenceMissingError("; ".join(problems))
    for brand, v in versions["suppliers"].items():
        if v["origin"] == "missing":
            log.warning("brand %s has no supplier list (no alerts, no screening): import one with `%s`",
                        brand, IMPORT_SUPPLIERS)
    out["versions"] = _versions_brief(versions)
    if run_id:
        record_run_reference(paths, run_id, "prepare", versions)
    return out


def _prepare_demo_reference(paths: DataPaths, settings: Settings, run_id: str | None) -> dict[str, Any]:
    # Only the simulator profile reaches the simulator package: production code paths never import it.
    from simulator.reference import write_demo_reference
    from simulator.resolutions import write_demo_resolutions

    out: dict[str, Any] = {}
    registry = store.registry_path(paths)
    marker = paths.reference / DEMO_MARKER
    if not registry.exists():
        out["generated"] = gen = write_demo_reference(
            paths, seed=settings.simulator.seed, n_companies=settings.reference.demo_companies
        )
        store.record(paths, "companies", None, registry, "demo", rows=gen["companies"])
        for brand, b in gen["brands"].items():
            if b["source"] in ("generated", "stand-in"):
                store.record(paths, "suppliers", brand, store.supplier_path(paths, brand), "demo", rows=b["rows"])
    elif marker.exists():
        store.record(paths, "companies", None, registry, "demo")
    marker.unlink(missing_ok=True)
    if current_versions(paths)["companies"]["origin"] == "demo" and paths.warehouse.exists():
        out["resolutions"] = write_demo_resolutions(paths, seed=settings.simulator.seed, as_of=_date_or_none(run_id))
    return out


def _versions_brief(versions: dict[str, Any]) -> dict[str, Any]:
    """{"companies": "<version> (<origin>)", "suppliers": {brand: "<version> (<origin>)"}} for logs and XCom."""
    def one(v: dict[str, Any]) -> str:
        return f"{v['version']} ({v['origin']})" if v["version"] else "missing"

    return {"companies": one(versions["companies"]),
            "suppliers": {b: one(v) for b, v in versions["suppliers"].items()}}


def record_run_reference(paths: DataPaths, run_id: str, stage: str, versions: dict[str, Any]) -> Path:
    """data/runs/<run_id>/reference.json: the reference versions each stage of the run saw."""
    out = paths.runs / run_id / "reference.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"run_id": run_id}
    data[stage] = versions
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out)
    return out


def _date_or_none(run_id: str | None) -> date | None:
    try:
        return date.fromisoformat((run_id or "")[:10])
    except ValueError:
        return None


def source_health_summary(run_id: str, paths: DataPaths | None = None) -> dict[str, Any]:
    """Per-status counts and the failing sources with their reasons, from the crawl's health files."""
    paths = paths or DataPaths.default()
    health_dir = paths.landing_run(run_id) / "health"
    by_status: dict[str, int] = defaultdict(int)
    failing: list[dict[str, str]] = []
    for f in sorted(health_dir.glob("*.json")):
        h = json.loads(f.read_text(encoding="utf-8"))
        by_status[h["status"]] += 1
        if h["status"] not in ("ok",):
            failing.append({"source_id": h["source_id"], "status": h["status"], "reason": h.get("reason") or ""})
    return {"run_id": run_id, "sources": sum(by_status.values()), "by_status": dict(by_status), "failing": failing}


def write_run_record(run_id: str, stages: dict[str, Any], paths: DataPaths | None = None) -> Path:
    """Keep what each stage reported for this run in data/runs/<run_id>.json (rewritten, never appended)."""
    paths = paths or DataPaths.default()
    paths.runs.mkdir(parents=True, exist_ok=True)
    out = paths.runs / f"{run_id}.json"
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps({"run_id": run_id, "stages": stages}, ensure_ascii=False, indent=2, default=str))
    tmp.replace(out)
    return out


def run_daily(
    run_id: str,
    source_ids: list[str] | None = None,
    *,
    paths: DataPaths | None = None,
    settings: Settings | None = None,
    deliver_alerts: bool = True,
) -> dict[str, Any]:
    """The whole daily chain without Airflow: crawl → normalize → match → load → alerts."""
    paths = paths or DataPaths.default()
    settings = settings or load_settings()
    stages: dict[str, Any] = {}

    def timed(name: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = time.monotonic()
        log.info("stage %s: start (run %s)", name, run_id)
        out = fn(*args, **kwargs)
        stages[name] = {"seconds": round(time.monotonic() - t0, 2), "summary": out}
        log.info("stage %s: done in %.1f s", name, stages[name]["seconds"])
        return out

    timed("reference", prepare_reference, paths, settings, run_id)
    ids = source_ids if source_ids is not None else [s.id for s in load_registry().active()]
    timed("crawl", crawl_shard, run_id, ids, paths, settings)
    timed("health", source_health_summary, run_id, paths)
    timed("normalize", normalize, run_id, paths, settings)
    timed("match", match, run_id, paths)
    timed("load", load, run_id, paths)
    timed("alerts", alerts, run_id, paths, deliver_alerts)
    write_run_record(run_id, stages, paths)
    return stages

"""`greenchain sources list|show|validate|generate`: the source registry by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from greenchain.configfile import ConfigError
from greenchain.paths import CONFIG_DIR
from greenchain.registry import Level, SourceKind, SourceStatus, Template, load_registry, summarize

sources_app = typer.Typer(
    help="The source registry (config/sources/*.csv): list, show, validate, generate, discover, check.",
    no_args_is_help=True,
)
out = Console()
err = Console(stderr=True)


def _choice(value: str | None, enum: type, name: str) -> str | None:
    if value is None:
        return None
    allowed = [e.value for e in enum]
    if value not in allowed:
        raise typer.BadParameter(
            f"unknown {name} {value!r}; one of: {', '.join(allowed)}", param_hint=f"--{name}"
        )
    return value


def _load(config_dir: Path | None):  # noqa: ANN202 - Registry
    try:
        return load_registry(config_dir)
    except ConfigError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None


@sources_app.command("list")
def list_cmd(
    province: str = typer.Option(
        None, "--province", help="Province name or its prefix, e.g. 江苏 or 江苏省."
    ),
    template: str = typer.Option(
        None, "--template", help="trs_wcm, hanweb_jcms, json_api, html_table or attachment."
    ),
    kind: str = typer.Option(
        None,
        "--kind",
        help="penalty_decision, order_to_correct, monitoring_exceedance, "
        "key_polluter_list or enterprise_disclosure.",
    ),
    level: str = typer.Option(None, "--level", help="province, prefecture or county."),
    status: str = typer.Option(None, "--status", help="active, historical or disabled (default: all)."),
    limit: int = typer.Option(0, "--limit", min=0, help="Show at most this many rows (0 = all)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line instead of a table."),
    config_dir: Path = typer.Option(None, "--config-dir", help="Config folder (default: ./config)."),
) -> None:
    """List registry sources, filtered by province, template, kind, level and status."""
    _choice(template, Template, "template")
    _choice(kind, SourceKind, "kind")
    _choice(level, Level, "level")
    _choice(status, SourceStatus, "status")
    reg = _load(config_dir)
    rows = [
        s
        for s in reg.sources
        if (province is None or s.province.startswith(province))
        and (template is None or s.template == template)
        and (kind is None or s.kind == kind)
        and (level is None or s.level == level)
        and (status is None or s.status == status)
    ]
    shown = rows[:limit] if limit else rows
    if as_json:
        for s in shown:
            typer.echo(json.dumps(s.model_dump(mode="json"), ensure_ascii=False))
        return
    table = Table(show_lines=False)
    for col in ("id", "authority", "kind", "template", "list URL", "status"):
        table.add_column(col, overflow="fold")
    for s in shown:
        table.add_row(s.id, s.authority, s.kind.value, s.template.value, s.list_url, s.status.value)
    out.print(table)
    out.print(f"{len(rows)} sources" + (f" ({len(shown)} shown)" if len(shown) < len(rows) else ""))


@sources_app.command("show")
def show_cmd(
    source_id: str = typer.Argument(..., help="Source id, e.g. 320100-xzcf."),
    config_dir: Path = typer.Option(None, "--config-dir", help="Config folder (default: ./config)."),
) -> None:
    """Print every field of one source."""
    reg = _load(config_dir)
    try:
        s = reg.get(source_id)
    except KeyError as e:
        raise typer.BadParameter(str(e.args[0]), param_hint="SOURCE_ID") from None
    for k, v in [*s.model_dump(mode="json").items(), ("list_url", s.list_url)]:
        out.print(f"{k:>20}  {v if v not in (None, {}) else '-'}", markup=False, highlight=False)
    from greenchain.registry_verification import load_verifications

    v = load_verifications(config_dir).get(source_id)
    seen = (f"{v.result} ({v.method}, {v.verified_at}): {v.detail or ''}" if v else
            "never (run `greenchain sources check`)")
    out.print(f"{'last verified':>20}  {seen}", markup=False, highlight=False)


@sources_app.command("validate")
def validate_cmd(
    config_dir: Path = typer.Option(None, "--config-dir", help="Config folder (default: ./config)."),
) -> None:
    """Validate config/sources/*.csv: every row, unique ids, template parameters; errors name file:line."""
    from greenchain.registry_build import registry_problems

    reg = _load(config_dir)
    problems = registry_problems(config_dir or CONFIG_DIR)
    for p in problems:
        typer.echo(p, err=True)
    if problems:
        err.print(f"{len(problems)} problem(s)")
        raise typer.Exit(1)
    counts = summarize(reg)
    out.print(f"ok: {len(reg.sources)} sources ({len(reg.active())} active)")
    for key, c in counts.items():
        out.print(f"  {key}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())), highlight=False)


@sources_app.command("generate")
def generate_cmd(
    out_path: Path = typer.Option(None, "--out", help="Output CSV (default: config/sources/registry.csv)."),
) -> None:
    """Regenerate the registry from the GB/T 2260 division list (deterministic; overwrites the file)."""
    from greenchain.registry_build import write_registry

    path = out_path or CONFIG_DIR / "sources" / "registry.csv"
    n = write_registry(path)
    out.print(f"wrote {n} sources to {path}")


def _fetcher(profile: str | None, proxy: str | None):  # noqa: ANN202 - crawlers.fetch.SafeFetcher
    from crawlers.config import load_crawl_config, resolve_proxy
    from crawlers.fetch import SafeFetcher
    from greenchain.configfile import ConfigError

    try:
        cfg = load_crawl_config()
        prof = cfg.profile(profile)
        return SafeFetcher(cfg, prof, resolve_proxy(cfg, proxy))
    except ConfigError as e:
        raise typer.BadParameter(str(e), param_hint="--profile/--proxy") from None


@sources_app.command("discover")
def discover_cmd(
    url: str = typer.Argument(..., help="A bureau's home or section page, e.g. http://sthjj.nanjing.gov.cn/"),
    write: bool = typer.Option(False, "--write", help="Add the new rows to config/sources/discovered.csv."),
    division: str = typer.Option(None, "--division", help="GB/T 2260 code of the bureau when its name does not say."),
    profile: str = typer.Option(None, "--profile", help="Crawl profile (production by default; simulator for the local simulator)."),
    proxy: str = typer.Option(None, "--proxy", help="Loopback proxy, e.g. the simulator http://127.0.0.1:8765."),
    config_dir: Path = typer.Option(None, "--config-dir", help="Config folder (default: ./config)."),
) -> None:
    """Follow a site's navigation to its penalty, order, monitoring, key-polluter and disclosure
    columns; print the registry rows it would add with their evidence (a dry run unless --write)."""
    from crawlers.discover import discover
    from greenchain.registry_discovered import proposed_rows, write_discovered

    with _fetcher(profile, proxy) as fetcher:
        report = discover(fetcher, url)
    reg = _load(config_dir)
    rows = proposed_rows(report, reg, division)
    table = Table(title=f"{len(rows)} columns found from {url} ({report.pages_read} pages read)")
    for col in ("id", "kind", "template", "list URL", "items", "evidence"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r.id or "? (--division)", r.kind, r.template, r.list_url, str(r.items), r.note)
    out.print(table)
    for u, why in report.candidates_skipped[:20]:
        out.print(f"  skipped {u}: {why}", markup=False, highlight=False)
    if not write:
        out.print("dry run: nothing written (--write adds the new rows)")
        return
    path, added = write_discovered(rows, report, config_dir)
    out.print(f"added {added} rows to {path}")


@sources_app.command("check")
def check_cmd(
    sources: str = typer.Option(None, "--sources", "-s", help="Comma-separated source ids (default: every active source)."),
    province: str = typer.Option(None, "--province", help="Only sources of this province (prefix, e.g. 江苏)."),
    status: str = typer.Option("active", "--status", help="active, historical or disabled."),
    limit: int = typer.Option(0, "--limit", min=0, help="Check at most this many sources (0 = all)."),
    profile: str = typer.Option(None, "--profile", help="Crawl profile (production by default; simulator for the local simulator)."),
    proxy: str = typer.Option(None, "--proxy", help="Loopback proxy, e.g. the simulator http://127.0.0.1:8765."),
    workers: int = typer.Option(8, "--workers", min=1, max=64, help="Hosts checked at once (each host one request at a time)."),
    report: Path = typer.Option(None, "--report", help="JSONL report (default: data/checks/check-<time>.jsonl)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Do not record the results in the verification ledger."),
    config_dir: Path = typer.Option(None, "--config-dir", help="Config folder (default: ./config)."),
) -> None:
    """Fetch each source's list page once: ok / moved / gone / template_changed / zero_items /
    failing; write a report and record when and how each URL was verified
    (config/sources/verification/verified.csv). Historical rows stay historical."""
    from datetime import UTC, datetime

    from crawlers.check import RESULTS, check_sources, write_report
    from greenchain.paths import DataPaths
    from greenchain.progress import tracked_work
    from greenchain.registry_verification import load_verifications, write_verifications

    _choice(status, SourceStatus, "status")
    reg = _load(config_dir)
    if sources:
        ids = [i.strip() for i in sources.split(",") if i.strip()]
        try:
            chosen = [reg.get(i) for i in ids]
        except KeyError as e:
            raise typer.BadParameter(str(e.args[0]), param_hint="--sources") from None
    else:
        chosen = [s for s in reg.sources if s.status == status and (province is None or s.province.startswith(province))]
    chosen = chosen[:limit] if limit else chosen
    ledger = load_verifications(config_dir)
    paths = DataPaths.default()

    def work(done: Callable[[str], None]) -> list[Any]:
        with _fetcher(profile, proxy) as fetcher:
            return check_sources(chosen, fetcher, ledger=ledger, state_dir=paths.crawl_state, workers=workers,
                                 on_done=lambda r: done(r.source_id))

    results = tracked_work(work, "sources check", len(chosen))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    report = report or paths.root / "checks" / f"check-{stamp}.jsonl"
    write_report(results, report)
    by = {k: [r for r in results if r.result == k] for k in RESULTS}
    t = Table(title=f"sources check: {len(results)} sources")
    t.add_column("result")
    t.add_column("sources")
    for k in RESULTS:
        t.add_row(k, str(len(by[k])))
    out.print(t)
    for k in ("moved", "gone", "template_changed", "zero_items", "failing"):
        for r in by[k][:10]:
            out.print(f"  {k:<16} {r.source_id}: {r.detail}", markup=False, highlight=False)
    out.print(f"report: {report}")
    if not dry_run:
        origin = {s.id: s.origin.value for s in chosen}
        path = write_verifications([r.verification(origin[r.source_id]) for r in results], config_dir)
        out.print(f"recorded in {path}")


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")

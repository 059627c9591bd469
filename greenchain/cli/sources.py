"""`greenchain sources list|show|validate|generate`: the source registry by hand."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from greenchain.configfile import ConfigError
from greenchain.paths import CONFIG_DIR
from greenchain.registry import Level, SourceKind, SourceStatus, Template, load_registry, summarize

sources_app = typer.Typer(
    help="The source registry (config/sources/*.csv): list, show, validate, generate.", no_args_is_help=True
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


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")

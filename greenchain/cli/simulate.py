"""`greenchain simulate serve|truth|fetch`: the local source simulator."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer

simulate_app = typer.Typer(
    help="The local source simulator: every registry site on 127.0.0.1, with ground truth.",
    no_args_is_help=True,
)


def _web(day: int, seed: int | None, companies: int | None):  # noqa: ANN202 - SimulatedWeb
    from simulator.world import build_web

    if day < 1:
        raise typer.BadParameter("day must be >= 1", param_hint="--day")
    return build_web(day=day, seed=seed, n_companies=companies)


@simulate_app.command("serve")
def serve_cmd(
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port on 127.0.0.1 (0 = any free port)."),
    day: int = typer.Option(
        1, "--day", help="Simulated day to start at (1 = back catalogue); POST /_sim/day?d=N moves it."
    ),
    seed: int = typer.Option(
        None, "--seed", help="Seed (default: simulator.seed in config/greenchain.yaml)."
    ),
    companies: int = typer.Option(
        None, "--companies", min=100, help="Company universe size (default: reference.demo_companies)."
    ),
) -> None:
    """Serve every registry source on 127.0.0.1; use it as an HTTP proxy (GREENCHAIN_PROXY)."""
    from simulator.server import SimServer

    web = _web(day, seed, companies)

    async def main() -> None:
        server = SimServer(web, port=port)
        try:
            await server.start()
        except OSError as e:
            raise typer.BadParameter(
                f"cannot listen on 127.0.0.1:{port}: {e.strerror}", param_hint="--port"
            ) from None
        typer.echo(
            f"greenchain simulator: {len(web.registry.active())} sources on {server.url} "
            f"(day {web.day}, seed {web.seed}); use it as an HTTP proxy; control at {server.url}/_sim/health",
            err=True,
        )
        await server.serve_forever()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        typer.echo("simulator stopped", err=True)


@simulate_app.command("truth")
def truth_cmd(
    day: int = typer.Option(..., "--day", help="Export what every source has published up to this day."),
    out: Path = typer.Option(..., "--out", help="Output JSONL file (one line per published record)."),
    sources: str = typer.Option(
        None, "--sources", help="Comma-separated source ids (default: every active source)."
    ),
    province: str = typer.Option(
        None, "--province", help="Only sources whose province starts with this, e.g. 江苏."
    ),
    seed: int = typer.Option(
        None, "--seed", help="Seed (default: simulator.seed in config/greenchain.yaml)."
    ),
    companies: int = typer.Option(
        None, "--companies", min=100, help="Company universe size (default: reference.demo_companies)."
    ),
    sources_out: Path = typer.Option(
        None,
        "--sources-out",
        help="Also write one line per source: fault mode, items live/listed, expected health.",
    ),
) -> None:
    """Write the ground truth as of a day: source, URL, row, live/taken_down, canonical values, fault mode."""
    from simulator.truth import write_source_truth, write_truth

    web = _web(day, seed, companies)
    ids = None
    if sources:
        ids = [s.strip() for s in sources.split(",") if s.strip()]
        unknown = [i for i in ids if i not in web.publisher.sources]
        if unknown:
            raise typer.BadParameter(
                f"unknown source id(s): {', '.join(unknown[:5])}", param_hint="--sources"
            )
    if province:
        pool = ids or [s.id for s in web.registry.active()]
        ids = [i for i in pool if web.publisher.sources[i].province.startswith(province)]
        if not ids:
            raise typer.BadParameter(f"no active source in province {province!r}", param_hint="--province")
    n = write_truth(web, day, out, ids)
    typer.echo(f"wrote {n} truth records to {out}", err=True)
    if sources_out is not None:
        m = write_source_truth(web, day, sources_out, ids)
        typer.echo(f"wrote {m} source lines to {sources_out}", err=True)


@simulate_app.command("fetch")
def fetch_cmd(
    url: str = typer.Argument(
        ..., help="A registry URL, e.g. http://sthjj.suzhou.gov.cn/col/col62207/index.html"
    ),
    day: int = typer.Option(1, "--day", help="Simulated day."),
    method: str = typer.Option("GET", "--method", help="GET or POST."),
    data: str = typer.Option("", "--data", help="Request body (JSON for JSON APIs)."),
    seed: int = typer.Option(None, "--seed", help="Seed (default: simulator.seed)."),
) -> None:
    """Answer one request in-process (no server) and print status, headers and body: for debugging."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise typer.BadParameter(f"not an absolute http URL: {url!r}", param_hint="URL")
    if method.upper() not in ("GET", "POST"):
        raise typer.BadParameter("method must be GET or POST", param_hint="--method")
    web = _web(day, seed, None)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    ctype = {"content-type": "application/json"} if data.startswith("{") else {}
    resp = web.handle(method, parts.hostname, target, ctype, data.encode())
    typer.echo(
        json.dumps(
            {
                "status": resp.status,
                "headers": resp.headers,
                "fault": web.fault(resp.source_id).value if resp.source_id else None,
            },
            ensure_ascii=False,
        ),
        err=True,
    )
    ct = resp.headers.get("Content-Type", "")
    charset = ct.split("charset=")[-1] if "charset=" in ct else None
    if charset and resp.status != 0:
        typer.echo(resp.body.decode(charset, "replace"))
    else:
        typer.echo(f"<{len(resp.body)} bytes of {ct or 'no content type'}>")


def register(app: typer.Typer) -> None:
    app.add_typer(simulate_app, name="simulate")

"""`greenchain alerts …`: supplier alerts (outbox, feeds, webhooks, email digest, feed service)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from greenchain.paths import DataPaths

console = Console(stderr=True)

alerts_app = typer.Typer(
    help=(
        "Supplier alerts: after each warehouse load, tell every brand about new, revised, taken-down "
        "and resolved violations of its suppliers (and their branches), and about matches confirmed or "
        "rejected in review. Each (brand, record, event, version) becomes exactly one message in "
        "data/alerts/outbox.sqlite, delivered to the brand's Atom/JSON feed, signed webhook and daily "
        "email digest. Settings: config/alerts.yaml. Format and signature check: docs/alerts.md."
    ),
    no_args_is_help=True,
)


class State(StrEnum):
    pending = "pending"
    delivered = "delivered"
    dead = "dead"


class FeedFormat(StrEnum):
    atom = "atom"
    json = "json"


def _fail(msg: str) -> typer.Exit:
    """One line on stderr and exit code 2, like the top-level command's other argument errors."""
    typer.echo(f"error: {msg}", err=True)
    return typer.Exit(2)


def _one_line_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Configuration and input problems end the command with one line, not a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from greenchain.configfile import ConfigError

        try:
            return fn(*args, **kwargs)
        except (ConfigError, FileNotFoundError) as e:
            raise _fail(str(e)) from None

    return wrapper


def _check_brand(brand: str) -> str:
    """A brand must be declared in config/brands/brands.yaml or already have alerts."""
    from alerts import outbox
    from alerts.sqlfiles import query
    from greenchain.brands import load_brands

    known = {b.id for b in load_brands().brands}
    path = outbox.outbox_path(DataPaths.default())
    if path.exists():
        con = outbox.connect(DataPaths.default(), readonly=True)
        try:
            known |= {r[0] for r in con.execute(query("outbox_brands"))}
        finally:
            con.close()
    if brand not in known:
        raise _fail(f"--brand: unknown brand {brand!r}; known: {', '.join(sorted(known))}")
    return brand


@alerts_app.command("send")
@_one_line_errors
def send_cmd(
    run_id: str = typer.Option(None, "--run-id", help="Load run these events belong to (default: today's date)."),
    no_deliver: bool = typer.Option(False, "--no-deliver", help="Only write new events to the outbox."),
    pending_only: bool = typer.Option(
        False, "--pending-only", help="Skip the warehouse diff; only deliver what the outbox holds pending."),
    retry_dead: bool = typer.Option(
        False, "--retry-dead", help="Give dead-lettered webhook and email deliveries a fresh set of attempts first."),
) -> None:
    """Diff the published warehouse against the outbox, enqueue new events, deliver; prints counts as JSON."""
    from alerts.run import deliver_pending, process_alerts, requeue_dead

    if no_deliver and pending_only:
        raise _fail("--no-deliver and --pending-only together would do nothing")
    paths = DataPaths.default()
    requeued = requeue_dead(paths) if retry_dead else 0
    if pending_only:
        from alerts.config import load_alerts_config
        from greenchain.brands import load_brands

        out: dict = {"delivery": deliver_pending(paths, load_alerts_config(), load_brands())}
    else:
        out = process_alerts(run_id or date.today().isoformat(), paths, deliver=not no_deliver)
    if retry_dead:
        out["requeued_dead"] = requeued
    typer.echo(json.dumps(out, ensure_ascii=False, indent=2))


@alerts_app.command("list")
@_one_line_errors
def list_cmd(
    brand: str = typer.Option(None, "--brand", help="Only this brand's messages."),
    state: State = typer.Option(None, "--state", help="Only deliveries in this state (dead = dead-lettered)."),
    limit: int = typer.Option(50, "--limit", min=1, max=10_000, help="Newest N rows."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines instead of a table."),
) -> None:
    """Messages in the outbox, newest first, one row per delivery channel with its state and last error."""
    from alerts import outbox
    from alerts.sqlfiles import query

    paths = DataPaths.default()
    if brand:
        _check_brand(brand)
    if not outbox.outbox_path(paths).exists():
        typer.echo("no alerts yet (the outbox is created by `greenchain alerts send`)", err=True)
        return
    con = outbox.connect(paths, readonly=True)
    try:
        rows = con.execute(query("list_messages"), {"brand_id": brand, "state": state.value if state else None,
                                                    "limit": limit}).fetchall()
    finally:
        con.close()
    if as_json:
        for r in rows:
            typer.echo(json.dumps(dict(r), ensure_ascii=False))
        return
    table = Table(title=f"alerts ({len(rows)} rows)")
    for col in ("seq", "created", "brand", "record", "event", "v", "channel", "state", "tries", "last error"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["seq"]), r["created_at"], r["brand_id"], r["record_id"], r["kind"], str(r["version"]),
                      r["channel"] or "-", r["state"] or "-", str(r["attempts"] or 0), r["last_error"] or "")
    Console().print(table)


@alerts_app.command("feed")
@_one_line_errors
def feed_cmd(
    brand: str = typer.Option(..., "--brand", help="Brand id (config/brands/brands.yaml)."),
    fmt: FeedFormat = typer.Option(FeedFormat.atom, "--format", help="atom or json (JSON Feed 1.1)."),
) -> None:
    """Rewrite one brand's feed files from the outbox and print the feed."""
    from alerts import outbox
    from alerts.config import load_alerts_config
    from alerts.feeds import feed_paths, feeds_dir, write_brand_feeds

    _check_brand(brand)
    paths = DataPaths.default()
    con = outbox.connect(paths)
    try:
        write_brand_feeds(con, feeds_dir(paths), brand, load_alerts_config().feed)
    finally:
        con.close()
    path = feed_paths(feeds_dir(paths), brand)[0 if fmt is FeedFormat.atom else 1]
    typer.echo(path.read_text(encoding="utf-8"))


@alerts_app.command("serve")
@_one_line_errors
def serve_cmd(
    host: str = typer.Option(None, "--host", help="Bind address (default from config/alerts.yaml: 127.0.0.1)."),
    port: int = typer.Option(None, "--port", min=0, max=65535, help="Port (default from config/alerts.yaml)."),
) -> None:
    """Run the read-only feed service: GET /feeds/<brand>.atom|.json with `Authorization: Bearer <token>`."""
    from alerts.config import load_alerts_config
    from alerts.service import serve

    s = load_alerts_config().service
    serve(DataPaths.default(), host or s.host, port if port is not None else s.port)


@alerts_app.command("token")
@_one_line_errors
def token_cmd(
    brand: str = typer.Option(..., "--brand", help="Brand id the token may read (and nothing else)."),
    label: str = typer.Option(None, "--label", help="Note stored with the token, e.g. who received it."),
) -> None:
    """Issue a bearer token for one brand's feeds. Printed once: only its sha256 is stored."""
    from alerts import outbox
    from alerts.tokens import issue_token

    _check_brand(brand)
    con = outbox.connect(DataPaths.default())
    try:
        token = issue_token(con, brand, label)
    finally:
        con.close()
    typer.echo(token)
    console.print(f"token for {brand} issued; it is shown only now and stored hashed in data/alerts/outbox.sqlite")


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")

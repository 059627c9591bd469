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
    """Run the read-only feed service: /feeds/<brand>.atom|.json|.html with `Authorization: Bearer <token>`,
    or the secret feed URLs `alerts token issue` prints, for feed readers."""
    from alerts.config import load_alerts_config
    from alerts.service import serve

    s = load_alerts_config().service
    serve(DataPaths.default(), host or s.host, port if port is not None else s.port)


token_app = typer.Typer(
    help=(
        "Feed-service credentials. Each token is bound to one brand and comes with a secret feed URL for "
        "feed readers (which cannot send a header); revoking, expiring or rotating the token ends both. "
        "Only sha256 hashes are stored, so a token is shown once, when issued."
    ),
    no_args_is_help=True,
)
alerts_app.add_typer(token_app, name="token")


def _feed_urls(brand: str, feed_key: str) -> list[str]:
    from alerts.config import load_alerts_config

    base = load_alerts_config().feed.base_url.rstrip("/")
    return [f"{base}/s/{feed_key}/{brand}.{fmt}" for fmt in ("atom", "json", "html")]


def _print_issued(issued: Any, as_json: bool) -> None:
    urls = _feed_urls(issued.brand_id, issued.feed_key)
    if as_json:
        typer.echo(json.dumps({"token_id": issued.token_id, "brand_id": issued.brand_id, "token": issued.token,
                               "feed_urls": urls, "expires_at": issued.expires_at}, indent=2))
        return
    typer.echo(issued.token)
    for url in urls:
        typer.echo(url)
    until = f", valid until {issued.expires_at}" if issued.expires_at else ", no expiry"
    console.print(f"token {issued.token_id} for {issued.brand_id} issued{until}. Above: the bearer token, then "
                  "the secret feed URLs (Atom, JSON Feed, HTML) for feed readers. Shown only now; hand them "
                  "over like a password.")


def _expiry(days: int | None) -> Any:
    from datetime import timedelta

    return timedelta(days=days) if days is not None else None


@token_app.command("issue")
@_one_line_errors
def token_issue_cmd(
    brand: str = typer.Option(..., "--brand", help="Brand id the token may read (and nothing else)."),
    label: str = typer.Option(None, "--label", help="Note stored with the token, e.g. who received it."),
    expires_in_days: int = typer.Option(None, "--expires-in-days", min=1, help="Expire after N days (default: never)."),
    as_json: bool = typer.Option(False, "--json", help="Print token, id and feed URLs as JSON."),
) -> None:
    """Issue a bearer token and secret feed URLs for one brand's feeds (printed once)."""
    from alerts import outbox
    from alerts.tokens import issue_token

    _check_brand(brand)
    con = outbox.connect(DataPaths.default())
    try:
        issued = issue_token(con, brand, label, _expiry(expires_in_days))
    finally:
        con.close()
    _print_issued(issued, as_json)


@token_app.command("list")
@_one_line_errors
def token_list_cmd(
    brand: str = typer.Option(None, "--brand", help="Only this brand's tokens."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines instead of a table."),
) -> None:
    """Tokens issued, newest first: id, brand, label, issued, expires, state (live, expired, revoked)."""
    from alerts import outbox
    from alerts.tokens import list_tokens

    paths = DataPaths.default()
    if not outbox.outbox_path(paths).exists():
        typer.echo("no tokens yet (`greenchain alerts token issue --brand B` makes one)", err=True)
        return
    con = outbox.connect(paths)  # read-write: an older outbox gets the token columns first
    try:
        rows = list_tokens(con, brand)
    finally:
        con.close()
    if as_json:
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False))
        return
    table = Table(title=f"feed tokens ({len(rows)})")
    for col in ("id", "brand", "label", "issued", "expires", "state", "feed URL"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["token_id"]), str(r["brand_id"]), str(r["label"] or ""), str(r["issued_at"]),
                      str(r["expires_at"] or "never"), str(r["state"]), "yes" if r["feed_url"] else "no")
    Console().print(table)


@token_app.command("revoke")
@_one_line_errors
def token_revoke_cmd(token_id: str = typer.Argument(..., help="Token id from `alerts token list`.")) -> None:
    """Revoke a token and its secret feed URLs at once (the feed service refuses them from now on)."""
    from alerts import outbox
    from alerts.tokens import revoke_token

    con = outbox.connect(DataPaths.default())
    try:
        brand = revoke_token(con, token_id)
    except KeyError as e:
        raise _fail(e.args[0]) from None
    finally:
        con.close()
    console.print(f"token {token_id} of {brand} revoked")


@token_app.command("rotate")
@_one_line_errors
def token_rotate_cmd(
    token_id: str = typer.Argument(..., help="Token id from `alerts token list`."),
    expires_in_days: int = typer.Option(None, "--expires-in-days", min=1, help="Expiry of the new token."),
    as_json: bool = typer.Option(False, "--json", help="Print the new token, id and feed URLs as JSON."),
) -> None:
    """Replace a token: the old token and feed URLs stop working, new ones are printed (same brand, label)."""
    from alerts import outbox
    from alerts.tokens import rotate_token

    con = outbox.connect(DataPaths.default())
    try:
        issued = rotate_token(con, token_id, _expiry(expires_in_days))
    except KeyError as e:
        raise _fail(e.args[0]) from None
    finally:
        con.close()
    _print_issued(issued, as_json)


secret_app = typer.Typer(
    help=(
        "Webhook signing secrets (Standard Webhooks `whsec_` form) in the local secrets file "
        "(data/alerts/secrets.yaml, mode 0600). An environment variable set for a brand takes precedence."
    ),
    no_args_is_help=True,
)
alerts_app.add_typer(secret_app, name="secret")


@secret_app.command("rotate")
@_one_line_errors
def secret_rotate_cmd(brand: str = typer.Option(..., "--brand", help="Brand id.")) -> None:
    """Make a new secret for a brand and print it once; the previous one stays valid until `retire`."""
    from alerts.config import load_alerts_config
    from alerts.secrets_file import rotate_secret

    _check_brand(brand)
    path, kept = rotate_secret(load_alerts_config(), DataPaths.default(), brand)
    typer.echo(kept[0])
    console.print(f"new webhook secret for {brand} in {path}; "
                  + ("the previous one stays valid until `greenchain alerts secret retire`"
                     if len(kept) > 1 else "it is the only one"))


@secret_app.command("retire")
@_one_line_errors
def secret_retire_cmd(brand: str = typer.Option(..., "--brand", help="Brand id.")) -> None:
    """Stop signing with a brand's previous secret (once its receiver verifies with the new one)."""
    from alerts.config import load_alerts_config
    from alerts.secrets_file import retire_previous

    _check_brand(brand)
    dropped = retire_previous(load_alerts_config(), DataPaths.default(), brand)
    console.print(f"previous webhook secret of {brand} retired" if dropped else f"{brand} had no previous secret")


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")

"""`greenchain alerts …` commands: help, tokens, listing, feeds, one-line errors."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from greenchain.cli.alerts import register


@pytest.fixture
def cli(env, monkeypatch):
    monkeypatch.setenv("GREENCHAIN_DATA_DIR", str(env.paths.root))
    app = typer.Typer()
    register(app)
    app.callback()(lambda: None)  # a group, as in greenchain.cli.main
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["alerts", *args])


def test_help_explains_every_command(cli):
    out = cli("--help").output
    for command in ("send", "list", "feed", "serve", "token"):
        assert command in out
    assert "exactly one message" in out


def test_send_then_list_and_feed(cli):
    # the commands read the repo's config/ (as a user's shell would): there the fixture brands have
    # no webhook or email, so alerts go to their feeds; the other channels are tested with test config
    sent = cli("send", "--run-id", "2026-11-22")
    assert sent.exit_code == 0, sent.output
    assert json.loads(sent.output)["events"]["new"] == 5

    listed = cli("list", "--brand", "voltedge", "--json")
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert {r["record_id"] for r in rows} == {"rec-a", "rec-b"} and {r["state"] for r in rows} == {"delivered"}

    feed = cli("feed", "--brand", "voltedge", "--format", "json")
    assert feed.exit_code == 0 and "苏环罚字〔2026〕12号" in feed.output


def test_token_is_printed_once_and_unknown_brand_is_a_one_line_error(cli):
    ok = cli("token", "--brand", "voltedge")
    assert ok.exit_code == 0 and ok.stdout.strip().startswith("gca_")

    bad = cli("token", "--brand", "no-such-brand")
    assert bad.exit_code == 2
    assert bad.output.strip().splitlines() == [bad.output.strip()]
    assert "unknown brand 'no-such-brand'" in bad.output


def test_send_without_a_warehouse_is_a_one_line_error(cli, env):
    env.paths.warehouse.unlink()
    out = cli("send")
    assert out.exit_code == 2
    assert out.output.strip() == f"error: no published warehouse at {env.paths.warehouse}; run the load stage first"

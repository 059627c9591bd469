"""`greenchain alerts …` commands: help, tokens, listing, feeds, one-line errors."""

from __future__ import annotations

import json

import pytest
import typer
import yaml
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
    for command in ("send", "list", "feed", "serve", "token", "secret"):
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
    ok = cli("token", "issue", "--brand", "voltedge")
    assert ok.exit_code == 0, ok.output
    token, *urls = ok.stdout.strip().splitlines()
    assert token.startswith("gca_")
    assert [u.rsplit("/", 1)[1] for u in urls] == ["voltedge.atom", "voltedge.json", "voltedge.html"]
    assert all("/s/gcf_" in u for u in urls)

    bad = cli("token", "issue", "--brand", "no-such-brand")
    assert bad.exit_code == 2
    assert bad.output.strip().splitlines() == [bad.output.strip()]
    assert "unknown brand 'no-such-brand'" in bad.output


def test_send_without_a_warehouse_is_a_one_line_error(cli, env):
    env.paths.warehouse.unlink()
    out = cli("send")
    assert out.exit_code == 2
    assert out.output.strip() == f"error: no published warehouse at {env.paths.warehouse}; run the load stage first"


def test_token_list_revoke_and_rotate(cli):
    first = json.loads(cli("token", "issue", "--brand", "voltedge", "--label", "esg team", "--json").stdout)
    temp = json.loads(cli("token", "issue", "--brand", "voltedge", "--expires-in-days", "30", "--json").stdout)

    rows = [json.loads(line) for line in cli("token", "list", "--json").stdout.splitlines()]
    assert {r["token_id"]: (r["label"], r["state"]) for r in rows} == {
        first["token_id"]: ("esg team", "live"), temp["token_id"]: (None, "live")}
    assert temp["expires_at"] and not any(first["token"] in line or first["token"][4:] in line
                                          for line in cli("token", "list").output.splitlines())

    assert cli("token", "revoke", temp["token_id"]).exit_code == 0
    rotated = cli("token", "rotate", first["token_id"], "--json")
    new = json.loads(rotated.stdout)
    states = {json.loads(line)["token_id"]: json.loads(line)["state"]
              for line in cli("token", "list", "--json").stdout.splitlines()}
    assert states == {first["token_id"]: "revoked", temp["token_id"]: "revoked", new["token_id"]: "live"}

    again = cli("token", "revoke", temp["token_id"])
    assert again.exit_code == 2 and "no live token with id" in again.output


def test_secret_rotate_keeps_the_previous_secret_until_retired(cli, env):
    first = cli("secret", "rotate", "--brand", "voltedge").stdout.strip()
    second = cli("secret", "rotate", "--brand", "voltedge").stdout.strip()
    path = env.paths.root / env.config.secrets_file

    assert first.startswith("whsec_") and second.startswith("whsec_") and first != second
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert yaml.safe_load(path.read_text())["voltedge"] == [second, first]

    assert cli("secret", "retire", "--brand", "voltedge").exit_code == 0
    assert yaml.safe_load(path.read_text())["voltedge"] == second

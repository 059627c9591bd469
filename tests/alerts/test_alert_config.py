"""config/alerts.yaml is validated on load; errors name file, line and key."""

from __future__ import annotations

import pytest

from alerts.config import load_alerts_config, resolve_target
from greenchain.brands import load_brands
from greenchain.configfile import ConfigError


def test_repo_config_loads():
    cfg = load_alerts_config()
    assert cfg.service.host == "127.0.0.1"


def test_unknown_channel_is_an_error_naming_file_line_and_key(tmp_path):
    (tmp_path / "alerts.yaml").write_text("webhook:\n  max_attempts: 3\nbrands:\n  voltedge:\n    channels: [feed, pager]\n")

    with pytest.raises(ConfigError) as e:
        load_alerts_config(tmp_path)

    assert str(e.value).startswith(f"{tmp_path / 'alerts.yaml'}:5: key 'brands.voltedge.channels.1'")


def test_webhook_only_for_brands_with_a_url_and_email_only_with_an_address(env):
    volt = resolve_target("voltedge", env.config, env.brands)
    huaxin = resolve_target("huaxin-textile", env.config, env.brands)

    assert volt.channels == ("feed", "webhook") and volt.secret_env == "GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE"
    assert huaxin.channels == ("feed",)


def test_brands_yaml_webhook_url_is_used_when_alerts_yaml_has_none(env):
    brands = load_brands(env.config_dir)
    brands.brands[1].webhook_url = "http://127.0.0.1:9/hook"

    assert resolve_target("huaxin-textile", env.config, brands).webhook_url == "http://127.0.0.1:9/hook"

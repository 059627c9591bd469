"""Alert settings (config/alerts.yaml) and the per-brand delivery targets derived from them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from greenchain.brands import BrandsConfig
from greenchain.configfile import ConfigError, load_yaml_model
from greenchain.paths import CONFIG_DIR, DataPaths

Channel = Literal["feed", "webhook", "email"]
CHANNELS: tuple[Channel, ...] = ("feed", "webhook", "email")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FeedSettings(_Strict):
    max_entries: int = Field(default=200, ge=1)
    base_url: str = Field(default="http://127.0.0.1:8780", pattern=r"^https?://\S+$")


class WebhookSettings(_Strict):
    max_attempts: int = Field(default=6, ge=1, le=50)
    backoff_base_s: float = Field(default=2.0, ge=0)
    backoff_max_s: float = Field(default=600.0, ge=0)
    timeout_s: float = Field(default=10.0, gt=0)
    max_wait_s: float = Field(default=30.0, ge=0)


class EmailSettings(_Strict):
    enabled: bool = True
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    starttls: bool = False
    sender: str = Field(default="alerts@greenchain.invalid", pattern=r"^[^@\s]+@[^@\s]+$")
    username_env: str | None = None
    password_env: str | None = None
    timeout_s: float = Field(default=10.0, gt=0)
    max_attempts: int = Field(default=6, ge=1, le=50)  # failed daily sends before dead-lettering


class ServiceSettings(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=8780, ge=0, le=65535)


class BrandAlerts(_Strict):
    """Per-brand overrides; unset fields fall back to brands.yaml."""

    webhook_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    secret_env: str | None = None
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$")
    channels: list[Channel] = Field(default_factory=lambda: list(CHANNELS))


class AlertsConfig(_Strict):
    secrets_file: str = "alerts/secrets.yaml"
    feed: FeedSettings = Field(default_factory=FeedSettings)
    webhook: WebhookSettings = Field(default_factory=WebhookSettings)
    email: EmailSettings = Field(default_factory=EmailSettings)
    service: ServiceSettings = Field(default_factory=ServiceSettings)
    brands: dict[str, BrandAlerts] = Field(default_factory=dict)


def load_alerts_config(config_dir: Path | None = None) -> AlertsConfig:
    """Read config/alerts.yaml; a bad file raises ConfigError naming file, line and key."""
    return load_yaml_model((config_dir or CONFIG_DIR) / "alerts.yaml", AlertsConfig)


class Target(BaseModel):
    """Where one brand's alerts go, resolved from alerts.yaml over brands.yaml."""

    brand_id: str
    channels: tuple[str, ...]
    webhook_url: str | None = None
    secret_env: str
    email: str | None = None


def default_secret_env(brand_id: str) -> str:
    return "GREENCHAIN_WEBHOOK_SECRET_" + brand_id.upper().replace("-", "_")


def resolve_target(brand_id: str, cfg: AlertsConfig, brands: BrandsConfig) -> Target:
    """Channels a brand actually gets: a webhook only with a URL, email only with an address."""
    over = cfg.brands.get(brand_id, BrandAlerts())
    listed = next((b for b in brands.brands if b.id == brand_id), None)
    url = over.webhook_url or (listed.webhook_url if listed else None)
    email = over.email or (listed.email if listed else None)
    channels = tuple(
        c
        for c in CHANNELS
        if c in over.channels
        and (c != "webhook" or url)
        and (c != "email" or (email and cfg.email.enabled))
    )
    return Target(
        brand_id=brand_id,
        channels=channels,
        webhook_url=url,
        secret_env=over.secret_env or default_secret_env(brand_id),
        email=email,
    )


def webhook_secret(target: Target, cfg: AlertsConfig, paths: DataPaths) -> str | None:
    """The brand's HMAC secret: its env var first, then the local (git-ignored) secrets file."""
    if os.environ.get(target.secret_env):
        return os.environ[target.secret_env]
    path = paths.root / cfg.secrets_file
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of brand_id: secret")
    secret = data.get(target.brand_id)
    return str(secret) if secret else None

"""Alert settings (config/alerts.yaml) and the per-brand delivery targets derived from them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from alerts.private_files import readable_by_others
from alerts.signing import MAX_SECRETS, SecretError, signing_key
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
    # where the `_greenchain` JSON Feed extension (the alert message format) is described;
    # default: the feed service's own /about page
    about_url: str | None = Field(default=None, pattern=r"^https?://\S+$")


class WebhookSettings(_Strict):
    max_attempts: int = Field(default=6, ge=1, le=50)
    backoff_base_s: float = Field(default=2.0, ge=0)
    backoff_max_s: float = Field(default=600.0, ge=0)
    # total time of one attempt (resolve, connect, send, status line and headers), however the
    # receiver paces its bytes
    timeout_s: float = Field(default=10.0, gt=0)
    max_wait_s: float = Field(default=30.0, ge=0)
    concurrency: int = Field(default=8, ge=1, le=64)  # brands delivered to at the same time
    max_response_bytes: int = Field(default=65_536, ge=0)  # of an error answer's body; the rest is not read
    # Loopback, private, link-local and metadata addresses are refused as webhook targets (SSRF);
    # only a test or a local development setup turns this on.
    allow_private_targets: bool = False


class EmailSettings(_Strict):
    enabled: bool = True
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    # none | starttls (upgrade on the submission port, usually 587) | smtps (TLS from the first
    # byte, usually 465); both TLS modes verify the server's certificate and host name
    tls: Literal["none", "starttls", "smtps"] = "none"
    ca_file: str | None = None  # extra CA bundle to trust (a private CA); the system store otherwise
    sender: str = Field(default="alerts@greenchain.invalid", pattern=r"^[^@\s]+@[^@\s]+$")
    username_env: str | None = None
    password_env: str | None = None
    timeout_s: float = Field(default=10.0, gt=0)
    max_attempts: int = Field(default=6, ge=1, le=50)  # failed daily sends before dead-lettering
    # List-Unsubscribe target; {brand} is replaced. Default: a mail to the sender asking to stop.
    unsubscribe: str | None = Field(default=None, pattern=r"^(mailto:|https://)\S+$")


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


def secrets_path(cfg: AlertsConfig, paths: DataPaths) -> Path:
    return paths.root / cfg.secrets_file


def read_secrets_file(path: Path) -> dict[str, list[str]]:
    """{brand_id: [current, previous?]} from the secrets file; refused if other users can read it."""
    if not path.exists():
        return {}
    if readable_by_others(path):
        raise ConfigError(f"{path}: readable by other users; `chmod 600 {path}` (it holds webhook secrets)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of brand_id: secret (or [current, previous])")
    out: dict[str, list[str]] = {}
    for brand, value in data.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) and v for v in values):
            raise ConfigError(f"{path}: {brand}: expected a secret or a list [current, previous] of secrets")
        out[str(brand)] = [str(v) for v in values]
    return out


def webhook_secrets(target: Target, cfg: AlertsConfig, paths: DataPaths) -> list[str]:
    """The brand's signing secrets, current first: its env var (space-separated while rotating), else the
    local secrets file. Empty when none is set; SecretError when one is malformed or too short."""
    env = os.environ.get(target.secret_env, "").split()
    found = env or read_secrets_file(secrets_path(cfg, paths)).get(target.brand_id, [])
    if len(found) > MAX_SECRETS:
        raise SecretError(f"{len(found)} secrets for {target.brand_id}: at most {MAX_SECRETS} "
                          "(the current one and the previous one)")
    for s in found:
        signing_key(s)  # raises SecretError naming the problem
    return found

"""config/crawl.yaml: politeness and retry settings per profile, validated, turned into Scrapy settings."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from greenchain.configfile import ConfigError, load_yaml_model
from greenchain.paths import CONFIG_DIR

_LOOPBACK_PROXY = r"^http://(127\.\d+\.\d+\.\d+|localhost)(:\d+)?/?$"


class Profile(BaseModel):
    """How hard and how patiently to crawl."""

    model_config = ConfigDict(extra="forbid")
    obey_robots: bool
    delay_scale: float = Field(ge=0)
    autothrottle: bool
    autothrottle_target_concurrency: float = Field(gt=0)
    autothrottle_max_delay_s: float = Field(gt=0)
    concurrent_requests: int = Field(ge=1, le=512)
    download_timeout_s: float = Field(gt=0)
    retry_times: int = Field(ge=0, le=20)
    timeout_retries: int = Field(ge=0, le=20)
    backoff_base_s: float = Field(ge=0)
    backoff_max_s: float = Field(ge=0)
    retry_after_max_s: float = Field(ge=0)
    retry_http_codes: list[int]
    truncated_retries: int = Field(ge=0, le=5)
    # Loopback addresses may be fetched (the simulator profile: every simulated site is behind
    # 127.0.0.1); private, link-local and metadata addresses never are (crawlers/safety.py).
    allow_loopback: bool
    max_page_bytes: int = Field(ge=10_000)  # list pages, detail pages, JSON and XML answers
    max_attachment_bytes: int = Field(ge=10_000)  # xls, xlsx, pdf files


class CrawlConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_agent: str = Field(pattern=r"^greenchain/\S+ \(\+https?://\S+")
    proxy: str | None = Field(default=None, pattern=_LOOPBACK_PROXY)
    default_profile: str
    full_listing_every_days: int = Field(ge=1)
    robots_cache_hours: float = Field(ge=0, le=24)
    profiles: dict[str, Profile]

    @model_validator(mode="after")
    def _default_exists(self) -> CrawlConfig:
        if self.default_profile not in self.profiles:
            raise ValueError(f"default_profile {self.default_profile!r} is not one of {sorted(self.profiles)}")
        return self

    def profile(self, name: str | None) -> Profile:
        name = name or self.default_profile
        try:
            return self.profiles[name]
        except KeyError:
            raise ConfigError(f"unknown crawl profile {name!r}; known: {', '.join(sorted(self.profiles))}") from None


def load_crawl_config(config_dir: Path | None = None) -> CrawlConfig:
    return load_yaml_model((config_dir or CONFIG_DIR) / "crawl.yaml", CrawlConfig)


def resolve_proxy(cfg: CrawlConfig, explicit: str | None) -> str | None:
    """The proxy to use: explicit argument, else GREENCHAIN_PROXY, else crawl.yaml. Loopback only."""
    proxy = explicit if explicit is not None else os.environ.get("GREENCHAIN_PROXY") or cfg.proxy
    if proxy:
        if not re.match(_LOOPBACK_PROXY, proxy):
            raise ConfigError(f"proxy must be a loopback http URL like http://127.0.0.1:8765, got {proxy!r}")
        return proxy.rstrip("/")
    return None


def scrapy_settings(cfg: CrawlConfig, profile: Profile) -> dict[str, Any]:
    """Scrapy settings for one profile (per-host slots are added by the spider from the registry)."""
    return {
        "USER_AGENT": cfg.user_agent,
        "ROBOTSTXT_OBEY": profile.obey_robots,
        "AUTOTHROTTLE_ENABLED": profile.autothrottle,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": profile.autothrottle_target_concurrency,
        "AUTOTHROTTLE_MAX_DELAY": profile.autothrottle_max_delay_s,
        "CONCURRENT_REQUESTS": profile.concurrent_requests,
        "DOWNLOAD_TIMEOUT": profile.download_timeout_s,
        "GREENCHAIN_RETRY_TIMES": profile.retry_times,
        "GREENCHAIN_TIMEOUT_RETRIES": profile.timeout_retries,
        "GREENCHAIN_BACKOFF_BASE": profile.backoff_base_s,
        "GREENCHAIN_BACKOFF_MAX": profile.backoff_max_s,
        "GREENCHAIN_RETRY_AFTER_MAX": profile.retry_after_max_s,
        "GREENCHAIN_RETRY_HTTP_CODES": profile.retry_http_codes,
        "GREENCHAIN_TRUNCATED_RETRIES": profile.truncated_retries,
        "GREENCHAIN_DELAY_SCALE": profile.delay_scale,
        "GREENCHAIN_ROBOTS_CACHE_HOURS": cfg.robots_cache_hours,
        "GREENCHAIN_ALLOW_LOOPBACK": profile.allow_loopback,
        "GREENCHAIN_MAX_PAGE_BYTES": profile.max_page_bytes,
        "GREENCHAIN_MAX_ATTACHMENT_BYTES": profile.max_attachment_bytes,
        "DOWNLOAD_MAXSIZE": max(profile.max_page_bytes, profile.max_attachment_bytes),
    }

"""Run-wide settings from config/greenchain.yaml, with GREENCHAIN_* environment overrides."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR


class CrawlSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    profile: str = Field(default="production", pattern=r"^(production|simulator)$")
    proxy: str | None = Field(default=None, pattern=r"^http://(127\.\d+\.\d+\.\d+|localhost)(:\d+)?/?$")
    shards: int = Field(default=10, ge=1, le=1000)
    processes_per_shard: int = Field(default=0, ge=0, le=8)  # 0: one per CPU

    def processes(self) -> int:
        return self.processes_per_shard or cpu_count()


class DocumentLimits(BaseModel):
    """What one fetched document may cost normalize before it is quarantined as "resource limit"
    (docs/operations.md, "Hostile documents"). Far above any real document: a regional bureau's
    largest real attachments read in seconds and well under 300 MB."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    time_s: float = Field(default=60, gt=0)  # wall time per document; the worker is killed and replaced
    memory_mb: int = Field(default=1024, ge=64)  # memory a document may add to its worker
    document_mb: int = Field(default=64, ge=1)  # size of a stored document, decompressed
    unzipped_mb: int = Field(default=256, ge=1)  # an xlsx's members, uncompressed, before any is read
    zip_members: int = Field(default=10_000, ge=10)
    pdf_expanded_mb: int = Field(default=64, ge=1)  # a PDF's decoded streams (images aside), before PDFium opens it


class NormalizeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    workers: int = Field(default=0, ge=0, le=64)  # 0: one per CPU
    limits: DocumentLimits = DocumentLimits()

    def worker_count(self) -> int:
        return self.workers or cpu_count()


def cpu_count() -> int:
    """CPUs this process may use (the affinity mask, not the host's count, under a container limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class SimulatorSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=1, le=65535)
    seed: int = 0


class ReferenceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    demo_companies: int = Field(default=20000, ge=100)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    crawl: CrawlSettings = CrawlSettings()
    normalize: NormalizeSettings = NormalizeSettings()
    simulator: SimulatorSettings = SimulatorSettings()
    reference: ReferenceSettings = ReferenceSettings()


def load_settings(config_dir: Path | None = None) -> Settings:
    """Load config/greenchain.yaml, then apply environment overrides (validated the same way)."""
    s = load_yaml_model((config_dir or CONFIG_DIR) / "greenchain.yaml", Settings)
    crawl = s.crawl.model_dump()
    if "GREENCHAIN_PROXY" in os.environ:
        crawl["proxy"] = os.environ["GREENCHAIN_PROXY"] or None
    if "GREENCHAIN_CRAWL_PROFILE" in os.environ:
        crawl["profile"] = os.environ["GREENCHAIN_CRAWL_PROFILE"]
    if "GREENCHAIN_CRAWL_SHARDS" in os.environ:
        crawl["shards"] = int(os.environ["GREENCHAIN_CRAWL_SHARDS"])
    ref = s.reference.model_dump()
    if "GREENCHAIN_DEMO_COMPANIES" in os.environ:
        ref["demo_companies"] = int(os.environ["GREENCHAIN_DEMO_COMPANIES"])
    return s.model_copy(
        update={"crawl": CrawlSettings.model_validate(crawl), "reference": ReferenceSettings.model_validate(ref)}
    )

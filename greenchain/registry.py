"""The source registry: every bureau site greenchain crawls, validated on load.

Rows live in `config/sources/*.csv` (one source a line, so a bad line is easy to name);
template-wide defaults live in `config/sources/templates.yaml`. The historical 2019 list
URLs in `../shared/realdata/cn-env-source-urls/` are added, marked `historical`, when present.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from greenchain.configfile import ConfigError, iter_csv_models
from greenchain.paths import CONFIG_DIR


class Template(StrEnum):
    TRS_WCM = "trs_wcm"  # index.shtml, index_N.shtml, createPageHTML(...)
    HANWEB_JCMS = "hanweb_jcms"  # /col/colNNNN/index.html + dataproxy.jsp XML
    JSON_API = "json_api"  # POST pageNo → JSON list, detail JSON per item
    HTML_TABLE = "html_table"  # plain <table> list with ?page=N
    ATTACHMENT = "attachment"  # article pages linking .xls/.xlsx/.pdf files with many records


class SourceKind(StrEnum):
    PENALTY_DECISION = "penalty_decision"
    ORDER_TO_CORRECT = "order_to_correct"
    MONITORING_EXCEEDANCE = "monitoring_exceedance"
    KEY_POLLUTER_LIST = "key_polluter_list"
    ENTERPRISE_DISCLOSURE = "enterprise_disclosure"


class Level(StrEnum):
    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


class SourceStatus(StrEnum):
    ACTIVE = "active"
    HISTORICAL = "historical"  # real URL known from the past; domain likely moved
    DISABLED = "disabled"


class SourceOrigin(StrEnum):
    """Where a row's URL comes from (when it was last verified is in the verification ledger)."""

    GENERATED = "generated"  # built from naming conventions (registry_build.py): verify before use
    OBSERVED = "observed"  # found on the site itself (`greenchain sources discover --write`)
    HISTORICAL = "historical"  # a real URL of the past (../shared/realdata/cn-env-source-urls)


def _parse_params(v: object) -> object:
    """CSV cells hold template parameters as `key=value;key=value`."""
    if v is None:
        return {}
    if isinstance(v, str):
        out: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in v.split(";"))):
            if "=" not in part:
                raise ValueError(f"expected key=value pairs separated by ';', got {part!r}")
            k, _, val = part.partition("=")
            out[k.strip()] = val.strip()
        return out
    return v


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{2,63}$")
    authority: str = Field(min_length=2)
    division_code: str = Field(pattern=r"^\d{6}$")
    province: str
    city: str | None = None
    county: str | None = None
    level: Level
    kind: SourceKind
    template: Template
    base_url: str = Field(pattern=r"^https?://[^/\s]+$")
    list_path: str = Field(pattern=r"^/\S*$")
    params: Annotated[dict[str, str], BeforeValidator(_parse_params)] = Field(default_factory=dict)
    encoding: str = "utf-8"
    schedule: str = Field(default="daily", pattern=r"^(daily|weekly|monthly)$")
    delay_s: float = Field(default=1.0, ge=0)
    concurrency: int = Field(default=2, ge=1, le=16)
    obey_robots: bool = True
    min_items: int = Field(default=0, ge=0)
    max_items: int = Field(default=100_000, ge=1)
    status: SourceStatus = SourceStatus.ACTIVE
    origin: SourceOrigin = SourceOrigin.GENERATED
    decision_no_pattern: str | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Source:
        if self.min_items > self.max_items:
            raise ValueError(f"min_items {self.min_items} > max_items {self.max_items}")
        return self

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[1]

    @property
    def list_url(self) -> str:
        return self.base_url + self.list_path


class Registry(BaseModel):
    sources: list[Source]

    def by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    def get(self, source_id: str) -> Source:
        try:
            return self.by_id()[source_id]
        except KeyError:
            raise KeyError(f"unknown source id {source_id!r}") from None

    def active(self) -> list[Source]:
        return [s for s in self.sources if s.status == SourceStatus.ACTIVE]

    def select(self, ids: Iterable[str] | None = None, template: str | None = None) -> list[Source]:
        chosen = self.active() if ids is None else [self.get(i) for i in ids]
        return [s for s in chosen if template is None or s.template == template]


def load_registry(config_dir: Path | None = None, include_historical: bool = True) -> Registry:
    """Load and validate every `config/sources/*.csv`; ids must be unique across files.

    When ../shared/realdata/cn-env-source-urls/ exists, its historical URLs are added
    (status `historical`), read from there at load time and never copied into config/.
    """
    src_dir = (config_dir or CONFIG_DIR) / "sources"
    files = sorted(src_dir.glob("*.csv"))
    if not files:
        raise ConfigError(f"{src_dir}: no source registry (*.csv) found; run `greenchain sources generate`")
    sources: list[Source] = []
    where: dict[str, str] = {}
    for f in files:
        for s in iter_csv_models(f, Source):
            if s.id in where:
                raise ConfigError(f"{f}: source id {s.id!r} is already defined in {where[s.id]}")
            where[s.id] = str(f)
            sources.append(s)
    if include_historical:
        from greenchain.registry_build import historical_dir, historical_sources  # imports this module

        folder = historical_dir()
        for s in historical_sources(folder) if folder else []:
            if s.id in where:
                raise ConfigError(f"{folder}: historical source id {s.id!r} is already defined in {where[s.id]}")
            where[s.id] = str(folder)
            sources.append(s)
    return Registry(sources=sources)


def summarize(registry: Registry) -> dict[str, dict[str, int]]:
    return {
        "template": dict(Counter(s.template.value for s in registry.sources)),
        "kind": dict(Counter(s.kind.value for s in registry.sources)),
        "level": dict(Counter(s.level.value for s in registry.sources)),
        "status": dict(Counter(s.status.value for s in registry.sources)),
    }

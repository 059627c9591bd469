"""config/simulator.yaml: sizes, daily dynamics, content mix and fault shares of the simulator."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR


class FaultMode(StrEnum):
    NONE = "none"
    SLOW = "slow"
    TIMEOUT = "timeout"
    TRANSIENT_5XX = "transient_5xx"
    PERMANENT_5XX = "permanent_5xx"
    RATE_LIMITED = "rate_limited"
    FIREWALL_412 = "firewall_412"
    CHARSET_MISLABELLED = "charset_mislabelled"
    TRUNCATED_HTML = "truncated_html"
    LAYOUT_CHANGE = "layout_change"
    EMPTY_LIST = "empty_list"
    DUPLICATE_ACROSS_SITES = "duplicate_across_sites"
    TAKEDOWN = "takedown"
    # Sites that changed since the registry row was written (what `sources check` must tell apart)
    MOVED = "moved"  # the list answers 301 to the same column on a new host
    GONE = "gone"  # the column answers 404
    TEMPLATE_CHANGED = "template_changed"  # the column now runs another CMS family


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Share = float


class Catalogue(_Strict):
    mean_items: float = Field(7, gt=0)
    large_share: Share = Field(0.03, ge=0, le=1)
    large_items: tuple[int, int] = (60, 160)
    empty_share_when_allowed: Share = Field(0.3, ge=0, le=1)
    years_back: int = Field(2, ge=1, le=10)


class Daily(_Strict):
    publishing_share: Share = Field(0.15, ge=0, le=1)
    new_items: tuple[int, int] = (1, 3)
    revised_share: Share = Field(0.03, ge=0, le=1)
    taken_down_share: Share = Field(0.03, ge=0, le=1)
    fate_within_days: int = Field(10, ge=1)
    republished_share: Share = Field(0.05, ge=0, le=1)


class UsccMix(_Strict):
    invalid: Share = Field(0.04, ge=0, le=1)
    masked: Share = Field(0.08, ge=0, le=1)
    pilot_in_fujian: Share = Field(0.05, ge=0, le=1)


class PartyMix(_Strict):
    sole_proprietor: Share = Field(0.07, ge=0, le=1)
    individual: Share = Field(0.04, ge=0, le=1)
    public_institution: Share = Field(0.03, ge=0, le=1)


class Content(_Strict):
    multi_fine_share: Share = Field(0.1, ge=0, le=1)
    # decision documents published as what they are not: prior notices and payment reminders
    notice_share: Share = Field(0.04, ge=0, le=1)
    reminder_share: Share = Field(0.02, ge=0, le=1)
    masked_person_share: Share = Field(0.4, ge=0, le=1)  # natural persons published as 王**
    uscc: UsccMix = UsccMix()
    party: PartyMix = PartyMix()
    variant_share: Share = Field(0.15, ge=0, le=1)
    gbk_share_note: str | None = None


class FaultParams(_Strict):
    slow_s: float = Field(1.5, ge=0, le=30)
    timeout_s: float = Field(40, ge=1, le=600)
    transient_failures: int = Field(2, ge=1, le=20)
    rate_every: int = Field(5, ge=2)
    retry_after_s: int = Field(1, ge=1, le=5)
    layout_change_day: int = Field(2, ge=1)


class SimulatorConfig(_Strict):
    day1_date: date = date(2026, 11, 22)
    # List pages vary per host in markup, pager and navigation, in the shapes of real list pages
    # (simulator/listing.py); false serves every site in one classic markup per family.
    list_variation: bool = True
    catalogue: Catalogue = Catalogue()
    daily: Daily = Daily()
    content: Content = Content()
    faults: dict[FaultMode, Share] = Field(default_factory=dict)
    fault_params: FaultParams = FaultParams()
    overrides: dict[str, FaultMode] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _shares(self) -> SimulatorConfig:
        if FaultMode.NONE in self.faults:
            raise ValueError("faults: 'none' is the remainder, do not list it")
        if any(not 0 <= v <= 1 for v in self.faults.values()) or sum(self.faults.values()) > 1:
            raise ValueError("faults: shares must lie in [0, 1] and sum to at most 1")
        return self


def load_simulator_config(config_dir: Path | None = None) -> SimulatorConfig:
    path = (config_dir or CONFIG_DIR) / "simulator.yaml"
    return load_yaml_model(path, SimulatorConfig) if path.exists() else SimulatorConfig()

"""Brand questionnaires: what a brand states about itself (policies, targets, scope 1–3 figures…).

One YAML per brand in config/brands/questionnaires/, answers grouped by period. An unanswered field
is None (no evidence, no points). A brand without a questionnaire, or without answers for the
period, scores from warehouse evidence alone and the output says so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from greenchain.brands import Brand
from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR
from transparency.facts import QUESTIONNAIRE_FACTS, FactValue


class Emissions(BaseModel):
    """Scope figures in tCO2e for the period, and the scope 1+2 target."""

    model_config = ConfigDict(extra="forbid")

    scope1_tco2e: float | None = Field(default=None, ge=0)
    scope2_tco2e: float | None = Field(default=None, ge=0)
    scope3_tco2e: float | None = Field(default=None, ge=0)
    target_base_year: int | None = None
    base_scope12_tco2e: float | None = Field(default=None, gt=0)
    target_scope12_pct: float | None = Field(default=None, gt=0, le=100)
    target_year: int | None = None

    @model_validator(mode="after")
    def _years(self) -> Emissions:
        if self.target_base_year and self.target_year and self.target_year <= self.target_base_year:
            raise ValueError("target_year must be after target_base_year")
        return self


class Answers(BaseModel):
    """One period's answers. Field names are the fact names of transparency/facts.py."""

    model_config = ConfigDict(extra="forbid")

    answered_at: date | None = None
    sources: list[str] = []  # where each answer can be checked (reports, URLs, enquiry replies)

    enquiry_response: Literal["none", "acknowledged", "detailed"] | None = None
    supplier_list_published: Literal["none", "tier1", "upstream"] | None = None
    supplier_env_data_published: bool | None = None
    screening_mechanism: Literal["none", "manual", "periodic", "automated"] | None = None
    requires_public_explanation: bool | None = None
    chemicals_policy: bool | None = None
    chemicals_mrsl: bool | None = None
    chemicals_data_disclosed: bool | None = None
    wastewater_testing: bool | None = None
    wastewater_names_treatment_plant: bool | None = None
    hazardous_waste_tracked: bool | None = None
    waste_contractors_verified: bool | None = None
    logistics_emissions_tracked: bool | None = None
    logistics_targets: bool | None = None
    suppliers_screen_own_suppliers: bool | None = None
    requires_prtr_disclosure: bool | None = None
    climate_policy: bool | None = None
    climate_board_oversight: bool | None = None
    climate_exec_incentives: bool | None = None
    emissions_verified: bool | None = None
    target_sbti_validated: bool | None = None
    target_scope3: bool | None = None
    renewable_electricity_pct: float | None = Field(default=None, ge=0, le=100)
    suppliers_with_targets_pct: float | None = Field(default=None, ge=0, le=100)
    supplier_energy_program: bool | None = None
    emissions: Emissions = Emissions()


class Questionnaire(BaseModel):
    model_config = ConfigDict(extra="forbid")

    brand: str
    periods: dict[str, Answers]


def questionnaire_path(brand: Brand, config_dir: Path | None = None) -> Path | None:
    if not brand.questionnaire:
        return None
    return (config_dir or CONFIG_DIR) / "brands" / "questionnaires" / brand.questionnaire


def load_answers(brand: Brand, period: str, config_dir: Path | None = None) -> tuple[Answers | None, str]:
    """The brand's answers for `period` and a note; (None, why) when there are none to use."""
    path = questionnaire_path(brand, config_dir)
    if path is None:
        return None, "no questionnaire: scored from warehouse evidence only"
    if not path.exists():
        return None, f"questionnaire {path.name} named in brands.yaml is missing: scored from warehouse evidence only"
    q = load_yaml_model(path, Questionnaire)
    if q.brand != brand.id:
        raise ValueError(f"{path}: key 'brand': says {q.brand!r} but brands.yaml gives it to {brand.id!r}")
    if period not in q.periods:
        return None, f"questionnaire {path.name} has no answers for {period}: scored from warehouse evidence only"
    return q.periods[period], f"questionnaire {path.name}"


def questionnaire_facts(answers: Answers | None, period: str) -> dict[str, FactValue]:
    """Questionnaire and derived facts; every one None when there are no answers."""
    facts: dict[str, FactValue] = dict.fromkeys(QUESTIONNAIRE_FACTS)
    facts.update(derived_facts(None, period))
    if answers is None:
        return facts
    for k in QUESTIONNAIRE_FACTS:
        facts[k] = getattr(answers, k)
    facts.update(derived_facts(answers.emissions, period))
    return facts


def derived_facts(e: Emissions | None, period: str) -> dict[str, FactValue]:
    """Facts computed from the scope figures; the formulas are the methodology, so they stay simple."""
    out: dict[str, FactValue] = dict.fromkeys(
        ["scope12_disclosed", "scope3_disclosed", "has_scope12_target", "scope12_reduction_pct", "target_progress"]
    )
    if e is None:
        return out
    scope12 = e.scope1_tco2e + e.scope2_tco2e if e.scope1_tco2e is not None and e.scope2_tco2e is not None else None
    out["scope12_disclosed"] = scope12 is not None
    out["scope3_disclosed"] = e.scope3_tco2e is not None
    has_target = bool(e.target_scope12_pct and e.target_base_year and e.target_year and e.base_scope12_tco2e)
    out["has_scope12_target"] = has_target
    if scope12 is not None and e.base_scope12_tco2e:
        out["scope12_reduction_pct"] = round((e.base_scope12_tco2e - scope12) / e.base_scope12_tco2e * 100, 4)
    if has_target and out["scope12_reduction_pct"] is not None:
        assert e.target_scope12_pct and e.target_base_year and e.target_year  # narrowed by has_target
        # Reduction due by the end of `period` on a straight line from the base year to the target.
        elapsed = min(max(int(period[:4]) - e.target_base_year, 0), e.target_year - e.target_base_year)
        due = e.target_scope12_pct * elapsed / (e.target_year - e.target_base_year)
        achieved = float(out["scope12_reduction_pct"])  # type: ignore[arg-type]
        out["target_progress"] = round(achieved / due, 4) if due > 0 else None
    return out

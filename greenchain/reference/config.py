"""Import settings (config/reference.yaml): registry column names, list separator, versions kept."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR


class RegistryColumns(BaseModel):
    model_config = ConfigDict(extra="forbid")
    company_id: list[str] = Field(default_factory=list)
    name: list[str] = Field(min_length=1)
    uscc: list[str] = Field(default_factory=list)
    former_names: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    english_name: list[str] = Field(default_factory=list)
    address: list[str] = Field(default_factory=list)
    division_code: list[str] = Field(default_factory=list)
    province: list[str] = Field(default_factory=list)
    city: list[str] = Field(default_factory=list)
    county: list[str] = Field(default_factory=list)
    parent_company_id: list[str] = Field(default_factory=list)
    country: list[str] = Field(default_factory=list)


class ReferenceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    registry_columns: RegistryColumns
    list_separator: str = Field(default="|", min_length=1, max_length=1)
    keep_versions: int = Field(default=5, ge=1, le=100)


def load_reference_config(config_dir: Path | None = None) -> ReferenceConfig:
    return load_yaml_model((config_dir or CONFIG_DIR) / "reference.yaml", ReferenceConfig)

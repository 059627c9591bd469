"""Brands: who receives alerts and index scores, and where each brand's supplier list comes from."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR, SHARED_REALDATA


class Brand(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,40}$")
    name: str
    industry: str  # index ranks within industry; methodology weights may differ by industry
    # Supplier list: a path under data/reference/suppliers/, or "realdata:<folder>/<file>" for the
    # real lists in ../shared/realdata (used when present; the demo falls back to a generated list).
    supplier_list: str
    supplier_language: str = Field(default="zh", pattern=r"^(zh|en)$")
    questionnaire: str | None = None  # file under config/brands/questionnaires/
    webhook_url: str | None = None
    email: str | None = None


class BrandsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    brands: list[Brand]

    def get(self, brand_id: str) -> Brand:
        for b in self.brands:
            if b.id == brand_id:
                return b
        raise KeyError(f"unknown brand {brand_id!r}; known: {', '.join(b.id for b in self.brands)}")


def load_brands(config_dir: Path | None = None) -> BrandsConfig:
    return load_yaml_model((config_dir or CONFIG_DIR) / "brands" / "brands.yaml", BrandsConfig)


def realdata_path(spec: str) -> Path | None:
    """Resolve "realdata:<rel>" to ../shared/realdata/<rel> when it exists, else None."""
    if not spec.startswith("realdata:"):
        return None
    p = SHARED_REALDATA / spec.removeprefix("realdata:")
    return p if p.exists() else None

"""Matching settings (config/matching.yaml): bands, blocking, score weights, industry words."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR


class Bands(BaseModel):
    model_config = ConfigDict(extra="forbid")
    auto: float = Field(gt=0, le=1)
    margin: float = Field(ge=0, le=1)
    review: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if self.review >= self.auto:
            raise ValueError(f"review threshold {self.review} must be below auto threshold {self.auto}")
        return self


class Blocking(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_key_entities: int = Field(ge=10)
    top_k: int = Field(ge=1, le=500)
    chunk_queries: int = Field(ge=100)


FEATURES = ("name", "trade", "trade_exact", "distinctive", "industry", "region", "address", "branch", "uscc", "exact", "typo",
            "typo_confirmed",
            "slip", "mismatch", "short_unplaced", "form_conflict", "place_unconfirmed", "unique")


class ScoreModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    intercept: float
    weights: dict[str, float]
    cap_region_conflict: float = Field(ge=0, le=1)
    cap_branch_mismatch: float = Field(ge=0, le=1)
    cap_uscc_conflict: float = Field(ge=0, le=1)
    cap_weak_name: float = Field(ge=0, le=1)
    cap_form_conflict: float = Field(ge=0, le=1)
    # the score of a place-less query that names the only candidate bearing its very name (scoring.py)
    sole_name_score: float = Field(ge=0, le=1)
    typo_max_similar_per_million: float = Field(ge=0)

    @model_validator(mode="after")
    def _known_features(self) -> ScoreModel:
        unknown = set(self.weights) - set(FEATURES)
        missing = set(FEATURES) - set(self.weights)
        if unknown or missing:
            raise ValueError(f"weights must name exactly {', '.join(FEATURES)}; unknown {sorted(unknown)}, missing {sorted(missing)}")
        return self


class SupplierColumns(BaseModel):
    model_config = ConfigDict(extra="forbid")
    supplier_name: list[str] = Field(min_length=1)
    address: list[str] = Field(default_factory=list)
    country: list[str] = Field(default_factory=list)
    tier: list[str] = Field(default_factory=list)
    uscc: list[str] = Field(default_factory=list)


class MatchingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bands: Bands
    blocking: Blocking
    score: ScoreModel
    in_scope_countries: list[str]
    supplier_columns: SupplierColumns
    industry_terms: dict[str, list[str]] = Field(min_length=1)
    # DuckDB's buffer pool for the persisted index (match.index): the file behind it holds the rest, so
    # a million-firm index pages out instead of growing the match stage by gigabytes.
    index_memory_limit: str | None = Field(default="3GB", pattern=r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$")

    @model_validator(mode="after")
    def _terms_non_empty(self) -> MatchingConfig:
        for zh, en in self.industry_terms.items():
            if not en:
                raise ValueError(f"industry term {zh!r} needs at least one English form")
        return self


@lru_cache(maxsize=4)
def _load(path: Path) -> MatchingConfig:
    return load_yaml_model(path, MatchingConfig)


def load_matching_config(config_dir: Path | None = None) -> MatchingConfig:
    """Read config/matching.yaml (cached per path); ConfigError names file, line and key."""
    return _load(((config_dir or CONFIG_DIR) / "matching.yaml").resolve())

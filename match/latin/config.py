"""Latin-script matching settings (config/latin.yaml): bands, blocking, the two score models, lexicon."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR

CROSS_FEATURES = ("trade", "trade_all", "trade_chars", "zh_cover", "en_cover", "industry", "place", "pinyin_left",
                  "unique")
ENGLISH_FEATURES = ("name", "name_tsr", "name_sort", "name_whole", "rare_miss", "address", "numbers", "baseline",
                    "country", "unique")


class LatinBands(BaseModel):
    model_config = ConfigDict(extra="forbid")
    auto: float = Field(gt=0, le=1)
    margin: float = Field(ge=0, le=1)
    review: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> LatinBands:
        if self.review >= self.auto:
            raise ValueError(f"review threshold {self.review} must be below auto threshold {self.auto}")
        return self


class LatinBlocking(BaseModel):
    model_config = ConfigDict(extra="forbid")
    top_k: int = Field(ge=1, le=200)
    max_key_entities: int = Field(ge=10)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")
    intercept: float
    weights: dict[str, float]

    def _check(self, names: tuple[str, ...]) -> None:
        if set(self.weights) != set(names):
            raise ValueError(f"weights must name exactly {', '.join(names)}; got {', '.join(sorted(self.weights))}")


class CrossModel(_Model):
    cap_no_place: float = Field(ge=0, le=1)
    cap_place_conflict: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _known(self) -> CrossModel:
        self._check(CROSS_FEATURES)
        return self


class EnglishModel(_Model):
    cap_country_conflict: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _known(self) -> EnglishModel:
        self._check(ENGLISH_FEATURES)
        return self


class LatinConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bands: LatinBands
    blocking: LatinBlocking
    cross: CrossModel
    english: EnglishModel
    terms: dict[str, list[str]] = Field(min_length=1)
    places: dict[str, list[str]]
    romanizations: dict[str, list[str]]

    @model_validator(mode="after")
    def _non_empty(self) -> LatinConfig:
        for section in ("terms", "places", "romanizations"):
            for k, v in getattr(self, section).items():
                if not v:
                    raise ValueError(f"{section}: {k!r} needs at least one rendering")
        return self


@lru_cache(maxsize=4)
def _load(path: Path) -> LatinConfig:
    return load_yaml_model(path, LatinConfig)


def load_latin_config(config_dir: Path | None = None) -> LatinConfig:
    """Read config/latin.yaml (cached per path); ConfigError names file, line and key."""
    return _load(((config_dir or CONFIG_DIR) / "latin.yaml").resolve())

"""Latin-script matching settings (config/latin.yaml): bands, blocking, the two score models, lexicon."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR
from match.config import Bands

CROSS_FEATURES = ("trade", "trade_all", "trade_chars", "zh_cover", "en_cover", "industry", "place", "pinyin_left",
                  "approx", "en_left", "brand_miss", "residual", "coined_miss", "unique")
# The decision on the firm a cross-script query ranks first: how sure the pair model is of it, how far it
# leads the runner-up (logits), and its place and explanation features.
DECISION_FEATURES = ("top", "lead", "place", "trade", "en_left", "approx", "brand_miss")
ENGLISH_FEATURES = ("name", "name_tsr", "name_sort", "name_whole", "rare_miss", "address", "numbers", "elsewhere",
                    "baseline", "country", "unique")


Renderings = Annotated[list[str], Field(min_length=1)]


class LatinBlocking(BaseModel):
    model_config = ConfigDict(extra="forbid")
    top_k: int = Field(ge=1, le=200)
    max_key_entities: int = Field(ge=10)


class _Model(BaseModel):
    """logistic(intercept + sum(weight * feature)) over exactly the FEATURES of the subclass."""

    FEATURES: ClassVar[tuple[str, ...]] = ()
    model_config = ConfigDict(extra="forbid")
    intercept: float
    weights: dict[str, float]

    @model_validator(mode="after")
    def _known(self) -> _Model:
        if set(self.weights) != set(self.FEATURES):
            raise ValueError(f"weights must name exactly {', '.join(self.FEATURES)}; "
                             f"got {', '.join(sorted(self.weights))}")
        return self


class CrossModel(_Model):
    FEATURES = CROSS_FEATURES
    cap_no_place: float = Field(ge=0, le=1)
    cap_place_conflict: float = Field(ge=0, le=1)
    cap_other_trade_name: float = Field(ge=0, le=1)
    decision: DecisionModel

    @model_validator(mode="after")
    def _caps_below_auto(self) -> CrossModel:
        # a cross-script match without place agreement is review at best: the caps must stay below auto
        caps = {"cap_no_place": self.cap_no_place, "cap_place_conflict": self.cap_place_conflict,
                "cap_other_trade_name": self.cap_other_trade_name}
        if max(caps.values()) >= self.decision.auto:
            raise ValueError(f"{', '.join(f'{k} {v}' for k, v in caps.items())} must be below decision.auto "
                             f"{self.decision.auto}")
        return self


class DecisionModel(_Model):
    FEATURES = DECISION_FEATURES
    auto: float = Field(gt=0, le=1)  # the decision score a cross-script match needs to be automatic


class EnglishModel(_Model):
    FEATURES = ENGLISH_FEATURES
    cap_country_conflict: float = Field(ge=0, le=1)
    cap_rare_missing: float = Field(ge=0, le=1)
    cap_elsewhere: float = Field(ge=0, le=1)


class LatinConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bands: Bands  # the engine's band rule, with the Latin path's own thresholds
    blocking: LatinBlocking
    cross: CrossModel
    english: EnglishModel
    # every English word, place or syllable needs at least one rendering
    terms: dict[str, Renderings] = Field(min_length=1)
    places: dict[str, Renderings]
    romanizations: dict[str, Renderings]


@lru_cache(maxsize=4)
def _load(path: Path) -> LatinConfig:
    return load_yaml_model(path, LatinConfig)


def load_latin_config(config_dir: Path | None = None) -> LatinConfig:
    """Read config/latin.yaml (cached per path); ConfigError names file, line and key."""
    return _load(((config_dir or CONFIG_DIR) / "latin.yaml").resolve())

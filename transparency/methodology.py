"""The methodology as data: areas, indicators, tiers (with the evidence each needs), points, weights.

Scoring, in one line: an indicator earns the points of the first tier whose conditions all hold;
an area scores earned/max points; the total is the weighted mean of area scores × 100, with the
weights of the brand's industry (or the default). Versioned YAML lives in config/methodology/.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from greenchain.configfile import load_yaml_data, validate_yaml_model
from greenchain.paths import CONFIG_DIR
from transparency.facts import FACTS, FactValue

Op = Literal[">=", "<=", "==", "!=", ">", "<", "in"]
_CONDITION = re.compile(r"^\s*([a-z0-9_]+)\s*(>=|<=|==|!=|>|<|\bin\b)\s*(.+?)\s*$")


class Condition(BaseModel):
    """`fact op value`, written in YAML as one string such as "screened_share >= 0.8"."""

    model_config = ConfigDict(frozen=True)

    fact: str
    op: Op
    value: FactValue | list[FactValue]

    @classmethod
    def parse(cls, text: str) -> Condition:
        m = _CONDITION.match(text)
        if not m:
            raise ValueError(f"condition {text!r} is not 'fact op value' (op one of >= <= == != > < in)")
        fact, op, raw = m.groups()
        if fact not in FACTS:
            raise ValueError(f"unknown fact {fact!r} in {text!r}; see transparency/facts.py")
        value = yaml.safe_load(raw)
        if op == "in" and not isinstance(value, list):
            raise ValueError(f"'in' needs a list, as in \"screening_mechanism in [periodic, automated]\": {text!r}")
        return cls(fact=fact, op=op, value=value)

    def holds(self, facts: dict[str, FactValue]) -> bool:
        """True when the fact is known and satisfies the condition; unknown (None) never does."""
        got = facts.get(self.fact)
        if got is None:
            return False
        if self.op == "in":
            return got in self.value  # type: ignore[operator]
        if self.op in ("==", "!="):
            return (got == self.value) == (self.op == "==")
        if isinstance(got, bool) or not isinstance(got, int | float) or not isinstance(self.value, int | float):
            return False  # ordering only makes sense between numbers
        return {">=": got >= self.value, "<=": got <= self.value, ">": got > self.value, "<": got < self.value}[self.op]

    def __str__(self) -> str:
        return f"{self.fact} {self.op} {self.value}"


class Tier(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: str
    points: float = Field(ge=0)
    requires: list[Condition] = []
    note: str = ""

    @field_validator("requires", mode="before")
    @classmethod
    def _parse(cls, v: object) -> object:
        if isinstance(v, list):
            return [Condition.parse(x) if isinstance(x, str) else x for x in v]
        return v


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    points: float = Field(gt=0)
    description: str = ""
    # Points = points × (that index's total / 100): how CATI feeds CITI's energy/carbon indicator.
    from_index: str | None = None
    tiers: list[Tier] = []

    @model_validator(mode="after")
    def _tiers(self) -> Indicator:
        if self.from_index:
            if self.tiers:
                raise ValueError(f"indicator {self.id}: give either from_index or tiers, not both")
            return self
        if not self.tiers:
            raise ValueError(f"indicator {self.id}: needs tiers (highest first) or from_index")
        pts = [t.points for t in self.tiers]
        if pts != sorted(pts, reverse=True) or pts[0] > self.points:
            raise ValueError(f"indicator {self.id}: tier points must go down from at most {self.points}, got {pts}")
        if self.tiers[-1].requires:
            raise ValueError(f"indicator {self.id}: the last tier must require nothing (where everyone else lands)")
        return self


class Area(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    short: str = Field(max_length=20)  # chart label
    description: str = ""
    indicators: list[Indicator] = Field(min_length=1)

    @property
    def max_points(self) -> float:
        return sum(i.points for i in self.indicators)


class Methodology(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    version: str
    description: str = ""
    # Area weights per industry ("default" required). Percent by convention; the total divides by
    # their sum, so one weight can be changed without rebalancing the others.
    weights: dict[str, dict[str, float]]
    areas: list[Area] = Field(min_length=1)
    # Resolutions published up to this many days after the period still count (brands get time to act).
    resolution_grace_days: int = Field(default=0, ge=0)
    sha256: str = ""  # of the YAML file, filled by the loader

    @model_validator(mode="after")
    def _weights(self) -> Methodology:
        if "default" not in self.weights:
            raise ValueError("weights: a 'default' entry is required")
        ids = {a.id for a in self.areas}
        for industry, w in self.weights.items():
            if set(w) != ids:
                raise ValueError(f"weights.{industry}: needs exactly the areas {sorted(ids)}, got {sorted(w)}")
            if any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
                raise ValueError(f"weights.{industry}: weights must be ≥ 0 with a positive sum")
        return self

    def weights_for(self, industry: str) -> dict[str, float]:
        return self.weights.get(industry, self.weights["default"])


def methodology_path(name: str, config_dir: Path | None = None) -> Path:
    return (config_dir or CONFIG_DIR) / "methodology" / f"{name}.yaml"


def load_methodology(name: str, config_dir: Path | None = None) -> Methodology:
    """Load config/methodology/<name>.yaml; ConfigError names file, line and key on any problem."""
    path = methodology_path(name, config_dir)
    data, node = load_yaml_data(path)
    m = validate_yaml_model(path, Methodology, data, node)
    return m.model_copy(update={"sha256": hashlib.sha256(path.read_bytes()).hexdigest()})

"""The warehouse settings in config/warehouse.yaml, validated (errors name file, line and key)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR

Severity = Literal["error", "warn"]
# Identifiers are pasted into assertion SQL templates, so only plain names are allowed.
_TABLE = r"^(raw|staging|core|marts|meta)\.[a-z_][a-z0-9_]*$"
_COLUMN = r"^[a-z_][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bounds(_Strict):
    min: int = Field(default=0, ge=0)
    max: int = Field(default=1_000_000, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if self.min > self.max:
            raise ValueError(f"min {self.min} > max {self.max}")
        return self


class RowCountRule(_Strict):
    severity: Severity = "error"
    default: Bounds = Bounds()
    overrides: dict[str, Bounds] = Field(default_factory=dict)


class UniqueKey(_Strict):
    table: str = Field(pattern=_TABLE)
    key: list[str] = Field(min_length=1)
    severity: Severity = "error"

    @model_validator(mode="after")
    def _columns(self) -> UniqueKey:
        _check_columns(self.key)
        return self


class ForeignKey(_Strict):
    name: str = Field(pattern=_COLUMN)
    child: str = Field(pattern=_TABLE)
    column: str = Field(pattern=_COLUMN)
    parents: list[str] = Field(min_length=1)  # "schema.table.column"
    severity: Severity = "error"

    @model_validator(mode="after")
    def _parents(self) -> ForeignKey:
        for p in self.parents:
            table, _, col = p.rpartition(".")
            if not table or not re.match(_TABLE, table) or not re.match(_COLUMN, col):
                raise ValueError(f"parent {p!r} must be schema.table.column")
        return self

    def parent_pairs(self) -> list[tuple[str, str]]:
        return [tuple(p.rsplit(".", 1)) for p in self.parents]  # type: ignore[misc]


class FillRate(_Strict):
    column: str = Field(pattern=_COLUMN)
    min: float = Field(ge=0, le=1)
    severity: Severity = "error"


class TakedownShare(_Strict):
    severity: Severity = "error"
    max_share: float = Field(default=0.5, gt=0, le=1)
    min_live_records: int = Field(default=20, ge=0)


class Assertions(_Strict):
    row_count: RowCountRule = RowCountRule()
    unique_keys: list[UniqueKey] = Field(default_factory=list)
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    fill_rates: list[FillRate] = Field(default_factory=list)
    takedown_share: TakedownShare = TakedownShare()


class WarehouseConfig(_Strict):
    lock_timeout_s: float = Field(default=0, ge=0)
    batch_rows: int = Field(default=250_000, ge=1_000)
    violation_kinds: list[str] = Field(
        default_factory=lambda: ["penalty_decision", "order_to_correct", "monitoring_exceedance", "credit_record"],
        min_length=1,
    )
    takedown_statuses: list[str] = Field(default_factory=lambda: ["ok"])
    accepted_bands: list[str] = Field(default_factory=lambda: ["auto"], min_length=1)
    keep_raw_rows: bool = False
    # DuckDB's own default is 80% of RAM; the loader shares the machine with crawls and readers.
    memory_limit: str = Field(default="4GB", pattern=r"^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$")
    # The oldest DuckDB whose readers (CLI, Python, R, BI tools) must open the published file.
    storage_compatibility_version: str = Field(default="v1.3.0", pattern=r"^v\d+\.\d+\.\d+$")
    assertions: Assertions = Assertions()


def _check_columns(cols: list[str]) -> None:
    for c in cols:
        if not re.match(_COLUMN, c):
            raise ValueError(f"column {c!r} is not a plain identifier")


def load_warehouse_config(config_dir: Path | None = None) -> WarehouseConfig:
    """Read config/warehouse.yaml; a missing file means the defaults."""
    path = (config_dir or CONFIG_DIR) / "warehouse.yaml"
    if not path.exists():
        return WarehouseConfig()
    return load_yaml_model(path, WarehouseConfig)

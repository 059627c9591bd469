"""The label of every code the warehouse stores: config/labels.yaml plus the taxonomy's names.

Violation types, penalty kinds and pollutants are coded by normalize from config/taxonomy/; their
Chinese label is the taxonomy's own name and config/labels.yaml adds the English one. The other
code sets (doc kinds, match bands, crawl statuses, …) are listed in full in config/labels.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from greenchain.configfile import load_yaml_model

_CODE = r"^[a-z][a-z0-9_]*$"


class Label(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class LabelsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sets: dict[str, dict[str, Label]]
    taxonomy_en: dict[str, dict[str, str]] = Field(default_factory=dict)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Named(_Lenient):
    code: str = Field(pattern=_CODE)
    name: str


class _Pollutant(_Lenient):
    code: str = Field(pattern=_CODE)
    names: list[str] = Field(min_length=1)


class _ViolationTypes(_Lenient):
    types: list[_Named]


class _PenaltyKinds(_Lenient):
    kinds: list[_Named]


class _Pollutants(_Lenient):
    pollutants: list[_Pollutant]


def _taxonomy(config_dir: Path) -> dict[str, dict[str, str]]:
    """code set → code → Chinese name, from config/taxonomy/ (absent files give no codes)."""
    d = config_dir / "taxonomy"
    out: dict[str, dict[str, str]] = {}
    if (d / "violation_types.yaml").exists():
        out["violation_type"] = {t.code: t.name for t in load_yaml_model(d / "violation_types.yaml", _ViolationTypes).types}
    if (d / "penalty_kinds.yaml").exists():
        out["penalty_kind"] = {k.code: k.name for k in load_yaml_model(d / "penalty_kinds.yaml", _PenaltyKinds).kinds}
    if (d / "pollutants.yaml").exists():
        out["pollutant"] = {p.code: p.names[0] for p in load_yaml_model(d / "pollutants.yaml", _Pollutants).pollutants}
    return out


def label_rows(config_dir: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    """(files read, rows of code_set, code, label_zh, label_en); a taxonomy code without an
    English label gets label_en NULL (tests/warehouse/test_labels.py asks for one)."""
    path = config_dir / "labels.yaml"
    cfg = load_yaml_model(path, LabelsConfig) if path.exists() else LabelsConfig(sets={})
    rows = [
        {"code_set": s, "code": code, "label_zh": label.zh, "label_en": label.en}
        for s, codes in cfg.sets.items()
        for code, label in codes.items()
    ]
    for s, codes in _taxonomy(config_dir).items():
        english = cfg.taxonomy_en.get(s, {})
        rows += [{"code_set": s, "code": c, "label_zh": zh, "label_en": english.get(c)} for c, zh in codes.items()]
    files = [p for p in (path, *sorted((config_dir / "taxonomy").glob("*.yaml"))) if p.exists()]
    return files, rows

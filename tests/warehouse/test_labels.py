"""core.labels explains every code the warehouse stores, in Chinese and English."""

from __future__ import annotations

from whenv import Env

from greenchain.registry import Level, SourceKind, SourceStatus, Template
from normalize.record import DocKind, PartyType, UsccStatus


def _labels(env: Env) -> dict[str, dict[str, tuple[str, str]]]:
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for code_set, code, zh, en in env.rows("SELECT code_set, code, label_zh, label_en FROM core.labels"):
        out.setdefault(code_set, {})[code] = (zh, en)
    return out


def test_every_enumerated_code_has_both_labels(loaded: Env) -> None:
    labels = _labels(loaded)
    expected = {
        "doc_kind": {k.value for k in DocKind},
        "party_type": {k.value for k in PartyType},
        "uscc_status": {k.value for k in UsccStatus},
        "source_level": {k.value for k in Level},
        "source_kind": {k.value for k in SourceKind},
        "source_template": {k.value for k in Template},
        "source_status": {k.value for k in SourceStatus},
        "match_band": {"auto", "review", "none"},
        "risk_level": set(r[0] for r in loaded.rows("SELECT DISTINCT risk_level FROM marts.supplier_risk")),
        "resolution_stage": {"open", "explained", "corrective_action", "audited", "resolved"},
    }
    for code_set, codes in expected.items():
        assert codes <= set(labels.get(code_set, {})), (code_set, sorted(codes - set(labels.get(code_set, {}))))
    for code_set, codes in labels.items():
        for code, (zh, en) in codes.items():
            assert zh and en, f"{code_set}.{code} lacks a label"


def test_every_taxonomy_code_has_a_label_and_stored_codes_resolve(loaded: Env) -> None:
    import yaml

    from greenchain.paths import CONFIG_DIR

    labels = _labels(loaded)
    tax = CONFIG_DIR / "taxonomy"
    for code_set, file, key in (("violation_type", "violation_types.yaml", "types"),
                                ("penalty_kind", "penalty_kinds.yaml", "kinds"),
                                ("pollutant", "pollutants.yaml", "pollutants")):  # fmt: skip
        codes = {e["code"] for e in yaml.safe_load((tax / file).read_text(encoding="utf-8"))[key]}
        assert codes == set(labels[code_set]), code_set
    unlabelled = loaded.rows(
        "SELECT DISTINCT t FROM (SELECT unnest(penalty_kinds) AS t FROM core.violations) "
        "WHERE t NOT IN (SELECT code FROM core.labels WHERE code_set = 'penalty_kind')"
    )
    assert unlabelled == []
    assert loaded.rows(
        "SELECT count(*) FROM core.violations AS v JOIN core.labels AS l ON l.code_set = 'doc_kind' AND l.code = v.doc_kind"
    ) == loaded.rows("SELECT count(*) FROM core.violations")

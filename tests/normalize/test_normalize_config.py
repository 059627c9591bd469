"""Taxonomy and label files are validated on load; errors name file, line and key."""

import shutil

import pytest

from greenchain.configfile import ConfigError
from greenchain.paths import CONFIG_DIR
from normalize.taxonomy import load_taxonomy


def _copy(tmp_path):
    shutil.copytree(CONFIG_DIR / "taxonomy", tmp_path / "taxonomy")
    return tmp_path / "taxonomy"


def test_shipped_taxonomies_load():
    tax = load_taxonomy()
    assert tax.field_for_label("行政處罰決定書文號：") == "decision_no"
    assert tax.field_for_label("罚款金额（万元）") == "fine_wan"


def test_a_label_mapped_to_an_unknown_field_names_file_line_and_key(tmp_path):
    d = _copy(tmp_path)
    text = (d / "labels.yaml").read_text(encoding="utf-8").replace("  case_name:", "  case_nam:")
    (d / "labels.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"labels\.yaml:\d+: key 'fields'.*unknown field key 'case_nam'"):
        load_taxonomy(tmp_path)


def test_a_penalty_kind_without_phrases_is_rejected_with_its_line(tmp_path):
    d = _copy(tmp_path)
    text = (d / "penalty_kinds.yaml").read_text(encoding="utf-8").replace("phrases: [警告, 通报批评]", "phrases: []")
    (d / "penalty_kinds.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"penalty_kinds\.yaml:\d+: key 'kinds\.1\.phrases'"):
        load_taxonomy(tmp_path)


def test_a_label_listed_under_two_fields_is_rejected(tmp_path):
    d = _copy(tmp_path)
    text = (d / "labels.yaml").read_text(encoding="utf-8").replace("case_name: [处罚名称,", "case_name: [处罚类别, 处罚名称,")
    (d / "labels.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="处罚类别"):
        load_taxonomy(tmp_path)

"""The generated source registry: size, coverage, conventions, determinism, and file:line errors."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from greenchain.cli import sources as sources_cli
from greenchain.configfile import ConfigError
from greenchain.paths import CONFIG_DIR
from greenchain.registry import Level, SourceKind, SourceStatus, Template, load_registry
from greenchain.registry_build import (
    bureau_name,
    decision_prefix,
    divisions_by_code,
    generate_registry,
    historical_dir,
    load_divisions,
    registry_csv_text,
    registry_problems,
)

REGISTRY_CSV = CONFIG_DIR / "sources" / "registry.csv"


@pytest.fixture(scope="module")
def generated() -> list:
    return generate_registry()


def test_committed_registry_is_exactly_the_generator_output(generated: list) -> None:
    assert REGISTRY_CSV.read_text(encoding="utf-8") == registry_csv_text(generated)


def test_registry_has_over_5000_valid_active_sources_without_problems() -> None:
    reg = load_registry(include_historical=False)
    assert len(reg.active()) >= 5000
    assert registry_problems(CONFIG_DIR) == []


def test_every_bureau_of_every_division_has_a_penalty_source(generated: list) -> None:
    penalty_divisions = {s.division_code for s in generated if s.kind == SourceKind.PENALTY_DECISION}
    assert penalty_divisions == {d.code for d in load_divisions()}
    levels = Counter(d.level for d in load_divisions())
    assert levels[Level.PROVINCE] == 31 and levels[Level.COUNTY] > 2800


def test_templates_have_realistic_shares_with_hanweb_common_in_jiangsu_zhejiang_jiangxi(
    generated: list,
) -> None:
    shares = Counter(s.template for s in generated)
    assert all(shares[t] > 300 for t in Template)
    east = [
        s for s in generated if s.division_code[:2] in ("32", "33", "36") and s.template != Template.JSON_API
    ]
    rest = [
        s
        for s in generated
        if s.division_code[:2] not in ("32", "33", "36") and s.template != Template.JSON_API
    ]
    hanweb = lambda xs: sum(s.template == Template.HANWEB_JCMS for s in xs) / len(xs)  # noqa: E731
    assert hanweb(east) > 0.35 > 0.15 > hanweb(rest)


def test_hosts_follow_naming_conventions_and_notes_say_generated(generated: list) -> None:
    by = {s.id: s for s in generated}
    assert by["320000-xzcf"].host == "sthjt.jiangsu.gov.cn"
    assert by["320500-xzcf"].host == "sthjj.suzhou.gov.cn"
    assert by["110000-xzcf"].authority == "北京市生态环境局"
    assert by["320000-xzcf"].authority == "江苏省生态环境厅"
    assert all(s.host.endswith(".gov.cn") for s in generated)
    assert all("verify before production" in (s.notes or "") for s in generated)


def test_county_bureaus_use_the_three_real_naming_styles() -> None:
    xuanwu = divisions_by_code()["320102"]
    assert bureau_name(xuanwu, 0) == "南京市生态环境局玄武分局"
    assert bureau_name(xuanwu, 1) == "南京市玄武生态环境局"
    assert bureau_name(xuanwu, 2) == "玄武区生态环境局"


def test_decision_no_pattern_matches_every_bracket_style(generated: list) -> None:
    import re

    s = next(x for x in generated if x.id == "320500-xzcf")
    prefix = decision_prefix(divisions_by_code()["320500"], SourceKind.PENALTY_DECISION)
    for no in (
        f"{prefix}〔2023〕12号",
        f"{prefix}[2024]105号",
        f"{prefix}【2026】2 号",
        f"{prefix}（2023）7号",
        f"{prefix}［2025］１２号",
    ):
        assert re.fullmatch(s.decision_no_pattern, no), no


def test_template_parameters_are_complete(generated: list) -> None:
    for s in generated:
        if s.template == Template.HANWEB_JCMS:
            assert s.list_path == f"/col/col{s.params['columnid']}/index.html"
            assert {"unitid", "webid", "webname"} <= set(s.params)
        if s.template == Template.JSON_API:
            assert s.params["detail_path"].startswith("/")


def _copy_config(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    shutil.copy(REGISTRY_CSV, tmp_path / "sources" / "registry.csv")
    return tmp_path


def test_a_bad_registry_line_names_file_line_and_column(tmp_path: Path) -> None:
    cfg = _copy_config(tmp_path)
    path = cfg / "sources" / "registry.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = 4 + 1 + 10  # 4 comment lines, the header, then the 10th row
    for level in (",province,", ",prefecture,", ",county,"):
        lines[bad - 1] = lines[bad - 1].replace(level, ",planet,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"registry\.csv:{bad}: column 'level'"):
        load_registry(cfg, include_historical=False)


def test_validate_command_reports_semantic_problems_with_file_and_line(tmp_path: Path) -> None:
    cfg = _copy_config(tmp_path)
    path = cfg / "sources" / "registry.csv"
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line_no = next(i for i, ln in enumerate(text, start=1) if ",hanweb_jcms," in ln)
    text[line_no - 1] = text[line_no - 1].replace(";unitid=", ";unitidx=")
    path.write_text("".join(text), encoding="utf-8")
    app = typer.Typer()
    sources_cli.register(app)
    result = CliRunner().invoke(app, ["sources", "validate", "--config-dir", str(cfg)])
    assert result.exit_code == 1
    assert f"registry.csv:{line_no}:" in result.output and "has no parameter 'unitidx'" in result.output


def test_list_filters_and_rejects_unknown_values() -> None:
    app = typer.Typer()
    sources_cli.register(app)
    ok = CliRunner().invoke(
        app, ["sources", "list", "--province", "江苏", "--template", "hanweb_jcms", "--json"]
    )
    assert ok.exit_code == 0 and ok.output.count("\n") > 20 and '"province": "江苏省"' in ok.output
    bad = CliRunner().invoke(app, ["sources", "list", "--template", "wordpress"])
    assert bad.exit_code != 0


@pytest.mark.skipif(historical_dir() is None, reason="../shared/realdata/cn-env-source-urls is absent")
def test_historical_urls_are_added_at_load_time_with_their_patterns() -> None:
    reg = load_registry()
    hist = [s for s in reg.sources if s.status == SourceStatus.HISTORICAL]
    assert len(hist) == 63
    baise = reg.get("hist-bai_se")
    assert (
        baise.base_url == "http://baise.gxepb.gov.cn"
        and baise.decision_no_pattern == r"百环罚字.\d{4}.\d{1,3}号"
    )
    assert baise.division_code == "451000"
    assert reg.get("hist-19_bi_xian").division_code == "510124"  # 郫都区, listed under its old name 郫县
    assert not any("gxepb" in ln for ln in REGISTRY_CSV.read_text(encoding="utf-8").splitlines())

from pathlib import Path

import pytest
from pydantic import BaseModel

from greenchain.configfile import ConfigError, iter_csv_models, load_yaml_model
from greenchain.registry import Source


class Thresholds(BaseModel):
    auto: float
    review: float


class MatchingLike(BaseModel):
    thresholds: Thresholds


def test_bad_yaml_value_names_file_line_and_key(tmp_path: Path) -> None:
    f = tmp_path / "matching.yaml"
    f.write_text("thresholds:\n  auto: 0.9\n  review: high\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_yaml_model(f, MatchingLike)
    msg = str(e.value)
    assert msg.startswith(f"{f}:3: key 'thresholds.review'")
    assert "valid number" in msg and "'high'" in msg


def test_missing_yaml_key_points_at_its_parent(tmp_path: Path) -> None:
    f = tmp_path / "matching.yaml"
    f.write_text("# comment\nthresholds:\n  auto: 0.9\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"matching.yaml:3: key 'thresholds.review': Field required"):
        load_yaml_model(f, MatchingLike)


def test_broken_yaml_syntax_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text("a: 1\nb: [1, 2\nc: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"x.yaml:\d+: not valid YAML"):
        load_yaml_model(f, MatchingLike)


REG_HEADER = "id,authority,division_code,province,level,kind,template,base_url,list_path,params\n"
GOOD = "nj-xzcf,南京市生态环境局,320100,江苏省,prefecture,penalty_decision,trs_wcm,http://sthjj.nanjing.gov.cn,/xxgk/xzcf/,\n"


def test_bad_registry_row_names_file_physical_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "registry.csv"
    bad = "nj-2,南京市生态环境局,320100,江苏省,prefecture,penalty_decision,wordpress,http://x.gov.cn,/a/,\n"
    f.write_text("# provenance comment\n# second comment\n" + REG_HEADER + GOOD + bad, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        list(iter_csv_models(f, Source))
    assert str(e.value).startswith(f"{f}:5: column 'template'")
    assert "'wordpress'" in str(e.value)


def test_registry_params_cell_parses_key_value_pairs(tmp_path: Path) -> None:
    f = tmp_path / "registry.csv"
    row = GOOD.replace(",trs_wcm,", ",hanweb_jcms,").rstrip(",\n") + ",columnid=1234;unitid=99\n"
    f.write_text(REG_HEADER + row, encoding="utf-8")
    (src,) = iter_csv_models(f, Source)
    assert src.params == {"columnid": "1234", "unitid": "99"}
    assert src.host == "sthjj.nanjing.gov.cn"
    assert src.list_url == "http://sthjj.nanjing.gov.cn/xxgk/xzcf/"

"""Shared fixtures for the match tests: a small hand-made registry where every trap is planted."""

from __future__ import annotations

import pyarrow as pa
import pytest

from match.config import load_matching_config
from match.engine import Matcher
from simulator.reference import registry_schema

# company_id, name, uscc, former, aliases, english, address, division, parent
COMPANIES = [
    ("c-sz-jx", "苏州金像电子有限公司", "91320500MA1XXXXX0A", ["苏州金像电子有限责任公司"], ["金像电子"],
     "Suzhou Jinxiang Electronics Co., Ltd.", "江苏省苏州市吴中区人民路12号", "320506", None),
    # a near-namesake: same trade name and industry, another city
    ("c-wx-jx", "无锡金像电子有限公司", None, [], [], "Wuxi Jinxiang Electronics Co., Ltd.",
     "江苏省无锡市新吴区长江路8号", "320214", None),
    # a branch of the Suzhou company
    ("c-sz-jx-wj", "苏州金像电子有限公司吴江分公司", None, [], [], None, "江苏省苏州市吴江区开发区路1号", "320509",
     "c-sz-jx"),
    # one character away from 金像
    ("c-sz-jxiang", "苏州金象电子有限公司", None, [], [], None, "江苏省苏州市姑苏区干将路99号", "320508", None),
    # region in brackets after the trade name
    ("c-hx", "华新纺织（南通）有限公司", None, [], [], "Huaxin Textile (Nantong) Co., Ltd.",
     "江苏省南通市崇川区工农路5号", "320602", None),
    # two firms whose names differ only by region, for the no-region ambiguity
    ("c-nj-ds", "南京鼎盛化工有限公司", None, [], [], None, "江苏省南京市六合区化工园区1号", "320116", None),
    ("c-hz-ds", "杭州鼎盛化工有限公司", None, [], [], None, "浙江省杭州市萧山区化工园区2号", "330109", None),
    ("c-gz-ty", "广州天裕塑料制品有限公司", "91440101MA5CXXXX1B", [], [], None, "广东省广州市白云区太和镇3号",
     "440111", None),
    # a 3-character trade name with no namesake within one character in Changzhou: typos of it are trusted
    ("c-cz-hdx", "常州恒达信精密机械有限公司", None, [], [], None, "江苏省常州市新北区黄河路7号", "320411", None),
    # two firms one character apart in one city: a third spelling between them is a person's call
    ("c-cz-rfy", "常州瑞丰源纺织有限公司", None, [], [], None, "江苏省常州市武进区湖滨路3号", "320412", None),
    ("c-cz-rft", "常州瑞丰泰纺织有限公司", None, [], [], None, "江苏省常州市武进区人民路9号", "320412", None),
    # a short trade name no other firm bears
    ("c-wz-yq", "温州雅琪服饰有限公司", None, [], [], None, "浙江省温州市瓯海区学府路5号", "330304", None),
]
COLUMNS = ("company_id", "name", "uscc", "former_names", "aliases", "english_name", "address", "division_code",
           "parent_company_id")


def registry_table() -> pa.Table:
    rows = []
    for c in COMPANIES:
        row = dict(zip(COLUMNS, c, strict=True))
        row.update(province=None, city=None, county=None)
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=registry_schema())


@pytest.fixture(scope="session")
def registry() -> pa.Table:
    return registry_table()


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    m = Matcher.build(registry_table(), load_matching_config())
    yield m
    m.close()

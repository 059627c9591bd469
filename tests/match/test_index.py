"""The persisted match index: built once, reused while the registry is the same, updated in place
(only the changed rows) when it changes, rebuilt when what shapes the index changes."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import match.index as index
from greenchain.paths import DataPaths
from match.config import load_matching_config
from match.engine import Matcher, Query
from match.index import persisted_matcher, registry_version

QUERIES = [Query("a", "苏州金像电子有限公司"), Query("b", "金像电子有限公司", "江苏省无锡市新吴区长江路8号"),
           Query("c", "华新纺织（南通）有限公司"), Query("d", "常州恒达信精密机械有限公司"),
           Query("e", "杭州鼎盛化工有限公司"), Query("f", "南京鼎盛化工有限公司"), Query("g", "成都新蓉食品有限公司"),
           Query("h", "NANJING DINGSHENG CHEMICAL CO.,LTD")]


def _outcome(m: Matcher) -> list[tuple[str | None, str]]:
    return [(r.company_id, r.band) for r in m.match(QUERIES)]


def _open(paths: DataPaths, table: pa.Table) -> tuple[list[tuple[str | None, str]], dict]:
    path = paths.reference / "companies.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    with persisted_matcher(paths, lambda: table, registry_version(path), load_matching_config()) as (m, action):
        return _outcome(m), action


def test_index_is_built_then_reused_then_updated_like_a_fresh_build(tmp_path: Path, registry: pa.Table) -> None:
    paths = DataPaths(tmp_path)
    base = registry
    first, action = _open(paths, base)
    assert action["index"] == "built"
    again, action = _open(paths, base)
    assert action["index"] == "reused" and again == first
    # a new registry version: a firm gone, one renamed, one added
    rows = [r for r in base.to_pylist() if r["company_id"] != "c-hz-ds"]
    rows[0] = {**rows[0], "name": "苏州金像电子科技有限公司"}
    rows.append({**rows[1], "company_id": "c-cd-xr", "name": "成都新蓉食品有限公司", "uscc": None,
                 "address": "四川省成都市武侯区人民南路1号", "division_code": "510107", "english_name": None})
    changed = pa.Table.from_pylist(rows, schema=base.schema)
    updated, action = _open(paths, changed)
    assert (action["index"], action["added"], action["removed"], action["changed"]) == ("updated", 1, 1, 1)
    fresh = Matcher.build(changed, load_matching_config())
    try:
        assert updated == _outcome(fresh)
    finally:
        fresh.close()
    assert ("c-cd-xr", "auto") in updated
    manifest = json.loads((paths.root / "match_index" / "manifest.json").read_text())
    assert manifest["registry_version"] == registry_version(paths.reference / "companies.parquet")


def test_index_is_rebuilt_when_what_shapes_it_changes(tmp_path: Path, registry: pa.Table,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    paths = DataPaths(tmp_path)
    _open(paths, registry)
    monkeypatch.setattr(index, "fingerprint", lambda config: "another-parser")
    _, action = _open(paths, registry)
    assert action["index"] == "built" and "changed" in action["reason"]


def test_latin_tables_follow_the_registry_and_are_rebuilt_alone_when_match_latin_changes(
        tmp_path: Path, registry: pa.Table, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = DataPaths(tmp_path)
    first, _ = _open(paths, registry)
    rows = [*registry.to_pylist(), {**registry.to_pylist()[1], "company_id": "c-cd-xr", "name": "成都新蓉食品有限公司",
                                    "uscc": None, "english_name": "Chengdu Xinrong Foods Co., Ltd.",
                                    "address": "四川省成都市武侯区人民南路1号", "division_code": "510107"}]
    changed = pa.Table.from_pylist(rows, schema=registry.schema)
    path = paths.reference / "companies.parquet"
    pq.write_table(changed, path)
    with persisted_matcher(paths, lambda: changed, registry_version(path), load_matching_config()) as (m, action):
        assert action["index"] == "updated"
        # updated in place, not dropped: the new firm is in match.latin's tables before any Latin query
        assert m.con.execute("SELECT count(*) FROM latin_entities WHERE company_id = 'c-cd-xr'").fetchall() == [(1,)]
        r = m.match([Query("x", "CHENGDU XINRONG FOODS CO., LTD", "Chengdu, Sichuan")])[0]
        assert r.company_id == "c-cd-xr"
        updated = _outcome(m)
    monkeypatch.setattr(index, "latin_fingerprint", lambda: "another-latin")
    with persisted_matcher(paths, lambda: changed, registry_version(path), load_matching_config()) as (m, action):
        assert action["index"] == "reused"
        assert m.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'latin_entities'").fetchall() == [(0,)]
        assert _outcome(m) == updated  # built again from the registry on the first Latin-script query
    manifest = json.loads((paths.root / "match_index" / "manifest.json").read_text())
    assert manifest["latin_fingerprint"] == "another-latin"
    assert first  # the first build answered every query

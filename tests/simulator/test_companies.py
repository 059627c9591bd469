"""The company universe: realistic, valid codes, deterministic, and consistent per division."""

from __future__ import annotations

from collections import Counter
from itertools import islice

import pytest

from greenchain.registry_build import divisions_by_code
from simulator.codes import is_valid_uscc, make_uscc, org_code_check_char, uscc_check_char
from simulator.companies import COMPANY_COLUMNS, FORMS, division_pool, generate_companies

N = 3000


@pytest.fixture(scope="module")
def universe() -> list:
    return list(generate_companies(N, seed=7))


def test_known_uscc_check_characters_are_reproduced() -> None:
    assert uscc_check_char("91110000600037341") == "L"
    assert org_code_check_char("60003734") == "1"
    assert is_valid_uscc(make_uscc("9", "1", "320506", "MA1XYW12"))


def test_universe_has_exactly_n_companies_with_contract_columns(universe: list) -> None:
    assert len(universe) == N
    assert (
        set(universe[0].as_row())
        == set(COMPANY_COLUMNS)
        == {
            "company_id",
            "name",
            "uscc",
            "former_names",
            "aliases",
            "english_name",
            "address",
            "division_code",
            "province",
            "city",
            "county",
            "parent_company_id",
        }
    )


def test_every_uscc_is_valid_unique_and_carries_a_division_of_its_city(universe: list) -> None:
    divisions = divisions_by_code()
    assert len({c.uscc for c in universe}) == N
    for c in universe:
        assert is_valid_uscc(c.uscc), c
        reg = divisions[c.uscc[2:8]]
        home = divisions[c.division_code]
        assert reg.city_code == home.city_code, c


def test_names_are_unique_and_follow_region_trade_industry_form(universe: list) -> None:
    names = [c.name for c in universe]
    assert len(set(names)) == N
    forms = tuple(f for f, _, _ in FORMS)
    heads = [c for c in universe if c.parent_company_id is None]
    assert all(c.name.endswith(forms) for c in heads)
    assert any("（" in c.name and c.name.endswith("）有限公司") for c in heads)  # 金像电子（苏州）有限公司


def test_addresses_lie_inside_the_company_division(universe: list) -> None:
    for c in universe:
        assert c.address.startswith(c.province if c.province != c.city else c.city), c
        if c.county:
            assert c.county in c.address, c


def test_branches_point_to_a_parent_in_the_universe_and_extend_its_name(universe: list) -> None:
    by_id = {c.company_id: c for c in universe}
    branches = [c for c in universe if c.parent_company_id]
    assert branches
    for b in branches:
        parent = by_id[b.parent_company_id]
        assert b.name.startswith(parent.name) and b.name.endswith("分公司")


def test_english_names_are_pinyin_plus_translated_industry(universe: list) -> None:
    heads = [c for c in universe if c.english_name and c.parent_company_id is None]
    suzhou = [c for c in heads if c.name.startswith("苏州") and not c.name.startswith("苏州市")]
    assert suzhou
    assert all(c.english_name.startswith("Suzhou ") for c in suzhou)
    limited = [c for c in heads if c.name.endswith("电子有限公司")]
    assert limited and all(c.english_name.endswith("Electronics Co., Ltd.") for c in limited)
    assert sum(c.english_name is not None for c in universe) > N * 0.5


def test_popular_trade_names_recur_across_regions(universe: list) -> None:
    # near-namesakes: the same name body after the region in several cities
    bodies = Counter(c.name[2:] for c in universe if c.parent_company_id is None)
    assert bodies.most_common(1)[0][1] >= 2


def test_former_names_and_aliases_exist(universe: list) -> None:
    assert sum(bool(c.former_names) for c in universe) > N * 0.05
    assert sum(bool(c.aliases) for c in universe) > N * 0.1
    assert all(c.name not in c.former_names for c in universe)


def test_same_seed_gives_the_same_companies_and_another_seed_does_not() -> None:
    a = [c.as_row() for c in generate_companies(300, seed=1)]
    assert a == [c.as_row() for c in generate_companies(300, seed=1)]
    assert a != [c.as_row() for c in generate_companies(300, seed=2)]


def test_division_pool_is_exactly_the_universe_filtered_to_that_division(universe: list) -> None:
    for code in ("320000", "320500", "320506", "110105"):
        pool = division_pool(code, N, seed=7)
        expected = [
            c
            for c in universe
            if c.division_code.startswith(
                code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
            )
        ]
        assert [c.company_id for c in pool] == [c.company_id for c in expected], code
    assert division_pool("320500", N, seed=7)


def test_divisions_filter_restricts_the_generated_universe() -> None:
    got = list(islice(generate_companies(200, seed=0, divisions=["330000"]), 200))
    assert len(got) == 200 and all(c.province == "浙江省" for c in got)
    with pytest.raises(ValueError):
        division_pool("999999", 10)

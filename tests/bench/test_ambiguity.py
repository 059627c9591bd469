"""The recall ceiling of the gold set: which queries another registry firm explains as well as the truth."""

from __future__ import annotations

from bench.matching.ambiguity import ceiling, explainers
from bench.matching.goldset import GoldQuery
from simulator.companies import Company


def firm(cid: str, name: str, code: str, city: str, county: str) -> Company:
    return Company(cid, name, "", division_code=code, province="江苏省", city=city, county=county,
                   address=f"江苏省{city}{county}人民路1号")


REGISTRY = [
    firm("sz-jx", "苏州金像电子有限公司", "320506", "苏州市", "吴中区"),
    firm("wx-jx", "无锡金像电子有限公司", "320211", "无锡市", "滨湖区"),
    firm("sz-hd", "苏州恒达纺织有限公司", "320506", "苏州市", "吴中区"),
    firm("sz-hx", "苏州恒兴纺织有限公司", "320506", "苏州市", "吴中区"),
    firm("wx-bl", "无锡宝利化工有限公司", "320211", "无锡市", "滨湖区"),
]


def gq(key: str, name: str, truth: str | None, noise: str, place: str, placed: bool) -> GoldQuery:
    hints = (place,) if placed else ()
    return GoldQuery(key, name, None, None, hints, truth, "zh", noise, place)


def test_a_dropped_region_is_ambiguous_only_where_the_query_gives_no_place() -> None:
    gold = [gq("a", "金像电子有限公司", "sz-jx", "region_dropped", "320506", placed=False),
            gq("b", "金像电子有限公司", "sz-jx", "region_dropped", "320506", placed=True)]
    exp = explainers(gold, REGISTRY)
    assert exp["a"]["region_dropped"] == {"sz-jx", "wx-jx"}
    assert exp["b"]["region_dropped"] == {"sz-jx"}
    assert ceiling(gold, REGISTRY)["ambiguous_keys"] == {"a"}


def test_a_typo_one_edit_from_two_firms_of_the_county_is_ambiguous() -> None:
    gold = [gq("t1", "苏州恒x纺织有限公司", "sz-hd", "typo", "320506", placed=True),  # 恒达 / 恒兴 both one edit
            gq("t2", "无锡宝丽化工有限公司", "wx-bl", "typo", "320211", placed=True),
            gq("t3", "苏州金像电子有限公司", "sz-jx", "clean", "320506", placed=True)]
    exp = explainers(gold, REGISTRY)
    assert exp["t1"]["typo"] == {"sz-hd", "sz-hx"} and exp["t2"]["typo"] == {"wx-bl"}
    assert "typo" not in exp["t3"]  # the name explains it; a typo only explains what nothing else does
    c = ceiling(gold, REGISTRY)
    assert c["ambiguous_keys"] == {"t1"} and c["ambiguous_by_noise"] == {"typo": 1}


def test_an_outsider_that_only_one_firm_explains_is_a_decoy_and_costs_the_oracle_precision() -> None:
    gold = [gq("in", "无锡宝丽化工有限公司", "wx-bl", "typo", "320211", placed=True),
            gq("out", "苏州金象电子有限公司", None, "outsider:clean", "320506", placed=False)]
    c = ceiling(gold, REGISTRY, target=0.4)
    assert c["decoys"] == 1 and c["oracle_recall"] == 1.0 and c["oracle_precision"] == 0.5
    # at a precision the decoy's slice cannot keep, the oracle leaves that slice out
    c = ceiling(gold, REGISTRY, target=0.995)
    assert c["oracle_recall"] == 1.0 and c["oracle_precision"] == 1.0

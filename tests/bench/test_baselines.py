"""The rapidfuzz baselines get the engine's variants whichever way they are read, and the blocked
baseline's flat postings find what a brute-force comparison finds on easy queries."""

from __future__ import annotations

from bench.matching.baselines import Blocked, Choices, brute_force
from bench.matching.calibrate import training_universe
from bench.matching.goldset import make_gold_queries
from bench.matching.queries import registry_table
from match.engine import Matcher


def test_variants_read_from_the_index_are_the_registrys() -> None:
    companies, outsiders = training_universe(1500, 101)
    table = registry_table(c.as_row() for c in companies)
    from_rows = Choices.from_registry(table)
    m = Matcher.build(table)
    try:
        from_index = Choices.from_index(m)
    finally:
        m.close()
    assert from_index.texts == from_rows.texts
    assert [from_index.company_ids[i] for i in from_index.owner] == [from_rows.company_ids[i] for i in from_rows.owner]

    gold = [g for g in make_gold_queries(companies, outsiders, 200, "zh", 101) if g.noise == "clean"]
    assert gold
    blocked = Blocked(from_index).match(gold)
    brute = brute_force(gold, from_index)
    # a registered name as it is: both find a firm with that very text (namesakes aside, the truth)
    assert all(s == 100.0 for _, s in blocked) and all(s == 100.0 for _, s in brute)
    assert sum(cid == g.truth for g, (cid, _) in zip(gold, blocked, strict=True)) >= 0.9 * len(gold)

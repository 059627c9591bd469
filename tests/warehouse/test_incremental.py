"""Incremental, idempotent loads: versions, sightings, take-downs, cross-site links."""

from __future__ import annotations

import duckdb
import pyarrow.compute as pc
from whenv import DAY1, Env


def test_loading_the_same_run_twice_changes_nothing(loaded: Env) -> None:
    before = loaded.snapshot()
    loaded.load("r1")
    after = loaded.snapshot()
    assert before.keys() == after.keys()
    for name in before:
        assert before[name].equals(after[name]), f"{name} changed on reload"
    # the attempts themselves are recorded
    assert loaded.rows("SELECT count(*), count(DISTINCT run_id) FROM meta.runs WHERE status = 'published'") == [(2, 1)]


def test_changed_content_becomes_a_new_version_and_history_is_kept(loaded: Env) -> None:
    t = loaded.derive_run("r1", "r2", change=lambda t: pc.equal(pc.utf8_slice_codeunits(t["record_id"], 4, 5), "a"))
    changed = {r for r, h in zip(t["record_id"].to_pylist(), t["content_hash"].to_pylist(), strict=True) if h.endswith("-v2")}
    summary = loaded.load("r2")

    vio = "SELECT record_id FROM core.violations WHERE version = 2 ORDER BY 1"
    changed_violations = {r for (r,) in loaded.rows(vio)}
    assert changed_violations and changed_violations <= changed
    assert summary["counts"]["changed_records_from_run"] == len(changed_violations)
    rid = sorted(changed_violations)[0]
    history = loaded.rows(
        "SELECT version, fine_yuan = 999, is_current, valid_to IS NULL FROM core.violation_versions "
        "WHERE record_id = ? ORDER BY version",
        [rid],
    )
    assert history == [(1, False, False, False), (2, True, True, True)]
    current = loaded.rows("SELECT fine_yuan, first_seen_run_id, last_seen_run_id FROM core.violations WHERE record_id = ?", [rid])
    assert current == [(999.0, "r1", "r2")]
    # unchanged records keep one version but were seen again
    assert loaded.rows("SELECT count(*) FROM core.violations WHERE version = 1 AND last_seen_run_id <> 'r2'") == [(0,)]


def test_loading_an_older_run_after_a_newer_one_changes_nothing(loaded: Env) -> None:
    loaded.derive_run("r1", "r2", change=lambda t: pc.equal(pc.utf8_slice_codeunits(t["record_id"], 4, 5), "b"))
    loaded.load("r2")
    before = loaded.snapshot(("core",))
    loaded.load("r1")
    after = loaded.snapshot(("core",))
    for name in ("core.violations", "core.violation_versions"):
        assert before[name].equals(after[name]), name



def _as_before_past_versions(env: Env) -> None:
    """Rewrite a warehouse into the shape before migration 002: core.violation_versions a table
    holding every version (current ones too), no core.violation_past_versions or version_run_id."""
    con = duckdb.connect(str(env.paths.warehouse))
    try:
        con.execute("CREATE TABLE core.old_versions AS SELECT * FROM core.violation_versions")
        con.execute("DROP VIEW core.violation_versions")
        con.execute("ALTER TABLE core.old_versions RENAME TO violation_versions")
        con.execute("DROP TABLE core.violation_past_versions")
        con.execute("ALTER TABLE core.violations DROP COLUMN version_run_id")
        con.execute("DELETE FROM meta.migrations WHERE name = '002_past_versions'")
    finally:
        con.close()


def test_a_warehouse_with_every_version_in_one_table_keeps_its_history_when_migrated(loaded: Env) -> None:
    loaded.derive_run("r1", "r2", change=lambda t: pc.equal(pc.utf8_slice_codeunits(t["record_id"], 4, 5), "a"))
    loaded.load("r2")
    before = loaded.snapshot(("core",))
    assert before["core.violation_past_versions"].num_rows > 0
    _as_before_past_versions(loaded)
    assert "core.violation_past_versions" not in loaded.snapshot(("core",))

    loaded.load("r2")  # the same run again: migrates, then changes nothing
    after = loaded.snapshot(("core",))
    for name in ("core.violations", "core.violation_versions", "core.violation_past_versions"):
        assert before[name].equals(after[name]), name
    assert loaded.rows("SELECT count(*) FROM meta.migrations WHERE name = '002_past_versions'") == [(1,)]

def test_record_missing_from_a_successful_crawl_is_taken_down_not_deleted(loaded: Env) -> None:
    # r2: src-0001 (crawl ok) and src-0002 (crawl failed) both lose their records whose id ends in 0..3
    gone = lambda t: pc.and_(  # noqa: E731
        pc.is_in(t["source_id"], value_set=__import__("pyarrow").array(["src-0001", "src-0002"])),
        pc.match_substring_regex(t["record_id"], "[0-3]$"),
    )
    loaded.derive_run("r1", "r2", keep=lambda t: pc.invert(gone(t)), failed=["src-0002"])
    summary = loaded.load("r2")

    down = loaded.rows(
        "SELECT source_id, count(*) FROM core.violations WHERE taken_down_at IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    assert [s for s, _ in down] == ["src-0001"], "only the source whose crawl succeeded says anything"
    assert summary["counts"]["taken_down_by_run"] == down[0][1] > 0
    taken = loaded.rows(
        "SELECT record_id, taken_down_run_id, taken_down_at = TIMESTAMPTZ '2026-11-21 02:00:00+00' "
        "FROM core.violations WHERE taken_down_at IS NOT NULL"
    )
    assert all(run == "r2" and at for _, run, at in taken)
    assert loaded.rows("SELECT count(*) FROM core.violations") == [(loaded.rows("SELECT count(*) FROM core.violation_versions")[0][0],)]

    # r3: the site shows them again: back online, history intact
    loaded.derive_run("r1", "r3", days_later=2)
    loaded.load("r3")
    assert loaded.rows("SELECT count(*) FROM core.violations WHERE taken_down_at IS NOT NULL") == [(0,)]
    rid = taken[0][0]
    assert loaded.rows("SELECT first_seen_run_id, last_seen_run_id FROM core.violations WHERE record_id = ?", [rid]) == [
        ("r1", "r3")
    ]


def test_an_incremental_crawl_takes_nothing_down_and_listed_records_count_as_seen(loaded: Env) -> None:
    # r2 fetches only a handful of documents; the complete listings still show every one
    loaded.derive_run("r1", "r2", fetched=lambda t: pc.match_substring_regex(t["record_id"], "^rec-00"))
    summary = loaded.load("r2")
    assert summary["counts"]["taken_down_by_run"] == 0
    assert loaded.rows("SELECT count(*) FROM core.violations WHERE taken_down_at IS NOT NULL") == [(0,)]
    # listed but not fetched: seen at the crawl's start
    assert loaded.rows(
        "SELECT count(*) FILTER (WHERE last_seen_run_id <> 'r2'), "
        "count(*) FILTER (WHERE last_seen_at = TIMESTAMPTZ '2026-11-21 02:00:00+00') > 0 FROM core.violations"
    ) == [(0, True)]


def test_an_incomplete_listing_takes_nothing_down(loaded: Env) -> None:
    loaded.derive_run(
        "r1", "r2",
        keep=lambda t: pc.invert(pc.and_(pc.equal(t["source_id"], "src-0001"),
                                         pc.match_substring_regex(t["record_id"], "[0-7]$"))),
        incomplete=["src-0001"],
    )  # fmt: skip
    assert loaded.load("r2")["counts"]["taken_down_by_run"] == 0


def test_same_decision_on_two_sites_links_to_one_violation(loaded: Env) -> None:
    # synthetic record 1 republishes record 0's decision on another site, with [] brackets
    pairs = loaded.rows(
        "SELECT violation_key, count(*), count(DISTINCT source_id), list(decision_no ORDER BY decision_no) "
        "FROM core.violations GROUP BY 1 HAVING count(*) > 1"
    )
    assert pairs and all(n == 2 and sites == 2 for _, n, sites, _ in pairs)
    _, _, _, numbers = pairs[0]
    assert any("[" in x for x in numbers) and any("〔" in x for x in numbers)
    total, linked = loaded.rows("SELECT count(*), count(*) FILTER (WHERE sites = 2) FROM marts.violation_history")[0]
    assert linked == len(pairs)
    assert total == loaded.rows("SELECT count(DISTINCT violation_key) FROM core.violations")[0][0]


def test_first_and_last_seen_come_from_the_crawl_not_the_load_clock(loaded: Env) -> None:
    lo, hi = loaded.rows("SELECT min(first_seen_at), max(last_seen_at) FROM core.violations")[0]
    assert lo >= DAY1 and (hi - DAY1).total_seconds() < 3600

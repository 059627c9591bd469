"""Write-audit-publish: a failed, killed or concurrent load never touches the published warehouse."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.compute as pc
import pytest
from whenv import Env

from warehouse.load import AssertionsFailedError
from warehouse.publish import LoadLockedError, writer_lock

_LOAD_IN_SUBPROCESS = """
import sys
from pathlib import Path
from greenchain.paths import DataPaths
from warehouse.load import load_run
load_run(sys.argv[1], DataPaths(Path(sys.argv[2])), config_dir=Path(sys.argv[3]))
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _start_load(env: Env, run_id: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _LOAD_IN_SUBPROCESS, run_id, str(env.paths.root), str(env.config_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for_staging_file(env: Env, proc: subprocess.Popen[bytes], timeout_s: float = 60) -> Path:
    staging = env.paths.warehouse_dir / "staging"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = list(staging.glob("*.duckdb")) if staging.exists() else []
        if found:
            return found[0]
        assert proc.poll() is None, f"load ended before it was caught running: {proc.stderr.read()!r}"  # type: ignore[union-attr]
        time.sleep(0.005)
    raise AssertionError("the load never created its staging file")


def test_an_assertion_failure_blocks_publishing_and_names_the_assertion(loaded: Env) -> None:
    published = loaded.paths.warehouse
    digest = _digest(published)
    loaded.set_config(
        assertions={"row_count": {"severity": "error", "default": {"min": 0, "max": 200000},
                                  "overrides": {"src-0003": {"min": 0, "max": 10}}}}
    )  # fmt: skip
    loaded.write_run("r2")
    with pytest.raises(AssertionsFailedError, match=r"row_count:src-0003: observed 50, threshold 10") as caught:
        loaded.load("r2")
    assert [r.name for r in caught.value.failed] == ["row_count:src-0003"]
    assert _digest(published) == digest, "published warehouse must be untouched"
    assert not list((loaded.paths.warehouse_dir / "staging").iterdir())

    # the failed attempt is on record, and shows in meta.runs after the next published load
    logs = [json.loads(p.read_text()) for p in (loaded.paths.warehouse_dir / "loads").glob("*.json")]
    failed = [log for log in logs if log["status"] == "failed"]
    assert len(failed) == 1 and "row_count:src-0003" in failed[0]["error"]
    loaded.set_config(assertions={})
    loaded.load("r2")
    assert loaded.rows("SELECT run_id, status FROM meta.runs ORDER BY started_at") == [
        ("r1", "published"), ("r2", "failed"), ("r2", "published"),
    ]  # fmt: skip


def test_a_load_killed_midway_leaves_the_old_warehouse_readable_and_unchanged(loaded: Env) -> None:
    published = loaded.paths.warehouse
    digest = _digest(published)
    before = loaded.rows("SELECT count(*) FROM core.violations")
    loaded.write_run("r2", n=20000)
    proc = _start_load(loaded, "r2")
    _wait_for_staging_file(loaded, proc)
    time.sleep(0.3)  # well into the build
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    assert _digest(published) == digest
    assert loaded.rows("SELECT count(*) FROM core.violations") == before
    # the next load cleans up after the dead one and publishes
    summary = loaded.load("r2")
    assert summary["counts"]["violation_records_in_run"] > before[0][0]
    assert not list((loaded.paths.warehouse_dir / "staging").iterdir())


def test_a_reader_holding_the_warehouse_open_is_not_blocked_by_a_load(loaded: Env) -> None:
    published = loaded.paths.warehouse
    reader = duckdb.connect(str(published), read_only=True)
    try:
        old = reader.sql("SELECT count(*) FROM core.violations").fetchall()
        loaded.write_run("r2", n=20000)
        proc = _start_load(loaded, "r2")
        _wait_for_staging_file(loaded, proc)
        # while the load runs: the open reader works, and a new reader can open the file
        assert reader.sql("SELECT count(*) FROM core.violations").fetchall() == old
        late = duckdb.connect(str(published), read_only=True)
        assert late.sql("SELECT count(*) FROM core.violations").fetchall() == old
        late.close()
        assert proc.wait(timeout=120) == 0, proc.stderr.read()  # type: ignore[union-attr]
        # the old reader keeps its consistent snapshot; a new one sees the new warehouse
        assert reader.sql("SELECT count(*) FROM core.violations").fetchall() == old
    finally:
        reader.close()
    assert loaded.rows("SELECT count(*) FROM core.violations")[0][0] > old[0][0]


def test_two_loads_never_run_at_once(loaded: Env) -> None:
    loaded.write_run("r2")
    loaded.set_config(lock_timeout_s=0.5)
    with writer_lock(loaded.paths.warehouse_dir), pytest.raises(LoadLockedError, match="another warehouse load"):
        loaded.load("r2")
    loaded.load("r2")  # the lock is gone with its holder


def test_a_missing_run_fails_with_a_one_line_reason(env: Env) -> None:
    with pytest.raises(FileNotFoundError, match="no normalized records for run 'nope'"):
        env.load("nope")
    assert not env.paths.warehouse.exists()


def test_a_crawl_that_would_take_down_most_of_a_source_is_not_published(loaded: Env) -> None:
    digest = _digest(loaded.paths.warehouse)
    # src-0006's list page "lost" 80% of its documents in a crawl that still reported ok
    loaded.derive_run(
        "r1", "r2",
        keep=lambda t: pc.invert(pc.and_(pc.equal(t["source_id"], "src-0006"),
                                         pc.match_substring_regex(t["record_id"], "[0-9a-c]$"))),
    )  # fmt: skip
    with pytest.raises(AssertionsFailedError, match=r"takedown_share:src-0006") as caught:
        loaded.load("r2")
    assert [r.name for r in caught.value.failed] == ["takedown_share:src-0006"]
    assert _digest(loaded.paths.warehouse) == digest


_LOAD_KILLED_AT_PUBLISH = """
import os, signal, sys
from pathlib import Path
from greenchain.paths import DataPaths
from warehouse import publish
from warehouse.load import load_run

real = publish.publish
def die_before_swap(staged, published):
    os.kill(os.getpid(), signal.SIGKILL)
def die_after_swap(staged, published):
    real(staged, published)
    os.kill(os.getpid(), signal.SIGKILL)
publish.publish = die_before_swap if sys.argv[4] == "before" else die_after_swap
load_run(sys.argv[1], DataPaths(Path(sys.argv[2])), config_dir=Path(sys.argv[3]))
"""


def _load_killed_at_publish(env: Env, run_id: str, when: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _LOAD_KILLED_AT_PUBLISH, run_id, str(env.paths.root), str(env.config_dir), when],
        capture_output=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()


def test_a_load_killed_after_its_summary_but_before_the_swap_is_not_recorded_as_published(loaded: Env) -> None:
    digest = _digest(loaded.paths.warehouse)
    loaded.write_run("r2")
    _load_killed_at_publish(loaded, "r2", "before")
    assert _digest(loaded.paths.warehouse) == digest
    statuses = [json.loads(p.read_text())["status"] for p in (loaded.paths.warehouse_dir / "loads").glob("r2.*.json")]
    assert statuses == ["publishing"], "the summary on disk must not claim a swap that did not happen"

    loaded.write_run("r3")
    loaded.load("r3")
    assert loaded.rows("SELECT run_id, status FROM meta.runs ORDER BY started_at") == [
        ("r1", "published"), ("r2", "interrupted"), ("r3", "published"),
    ]  # fmt: skip
    (error,) = loaded.rows("SELECT error FROM meta.runs WHERE run_id = 'r2'")[0]
    assert "published nothing" in error


def test_a_load_killed_just_after_the_swap_is_recorded_as_published(loaded: Env) -> None:
    loaded.write_run("r2")
    _load_killed_at_publish(loaded, "r2", "after")
    # the swap happened: the published file is r2's
    assert loaded.rows("SELECT count(*) FROM meta.runs WHERE run_id = 'r2' AND status = 'published'") == [(1,)]
    loaded.write_run("r3")
    loaded.load("r3")
    assert loaded.rows("SELECT run_id, status FROM meta.runs ORDER BY started_at") == [
        ("r1", "published"), ("r2", "published"), ("r3", "published"),
    ]  # fmt: skip


def test_random_kill_9_loads_never_damage_the_published_warehouse(loaded: Env) -> None:
    """Loads killed at random moments: the published file is always a complete warehouse, either
    the one before or (killed after the swap) the new one, and the next load publishes."""
    import random

    rng = random.Random(18)
    loaded.write_run("r2", n=20000)
    before = loaded.rows("SELECT count(*) FROM core.violations")
    for _ in range(6):
        digest = _digest(loaded.paths.warehouse)
        proc = _start_load(loaded, "r2")
        time.sleep(rng.uniform(0.05, 4.0))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        if _digest(loaded.paths.warehouse) != digest:  # the kill came after the swap
            break
        assert loaded.rows("SELECT count(*) FROM core.violations") == before
    loaded.load("r2")
    counts = loaded.rows("SELECT status, count(*) FROM meta.runs GROUP BY ALL ORDER BY ALL")
    assert dict(counts)["published"] >= 2 and "publishing" not in dict(counts) and "running" not in dict(counts)
    assert not list((loaded.paths.warehouse_dir / "staging").iterdir())

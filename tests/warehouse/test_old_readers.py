"""The published warehouse opens in older DuckDB readers: the oldest supported library (DuckDB 1.3)
and the oldest DuckDB CLI on PyPI, as the README's `duckdb -readonly data/warehouse/warehouse.duckdb`.

Each reader is installed from PyPI once into a cache folder (~/.cache/greenchain/duckdb-readers,
or $GREENCHAIN_TEST_CACHE) and reused; a few seconds the first time, none after. Where PyPI cannot
be reached the tests skip and say so.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from whenv import Env

from warehouse.config import load_warehouse_config
from warehouse.publish import pinned_storage_version, storage_version

OLDEST_LIBRARY = "duckdb==1.3.2"  # storage_compatibility_version v1.3.0 in config/warehouse.yaml
OLDEST_CLI = "duckdb-cli==1.4.4"  # the first DuckDB CLI published on PyPI


def _cache() -> Path:
    return Path(os.environ.get("GREENCHAIN_TEST_CACHE", Path.home() / ".cache" / "greenchain")) / "duckdb-readers"


def _installed(spec: str) -> Path:
    """`pip install --target` of `spec` into the cache (atomically: concurrent runs may race)."""
    target = _cache() / spec.replace("==", "-")
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".install-"))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--only-binary=:all:", "--target", str(tmp), spec],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.skip(f"cannot install {spec} from PyPI here: {proc.stderr.strip().splitlines()[-1:]}")
    try:
        tmp.rename(target)
    except OSError:  # another run got there first
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def test_the_published_file_is_in_the_pinned_storage_format(loaded: Env) -> None:
    pinned = load_warehouse_config(loaded.config_dir).storage_compatibility_version
    assert storage_version(loaded.paths.warehouse) == pinned_storage_version(pinned) == 66


def test_the_oldest_supported_duckdb_library_reads_the_warehouse(loaded: Env) -> None:
    lib = _installed(OLDEST_LIBRARY)
    code = (
        "import duckdb, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(duckdb.__version__)\n"
        "print(con.sql('SELECT count(*), sum(fine_yuan) FROM core.violations').fetchall())\n"
        "print(con.sql(\"SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'core' AND comment IS NOT NULL\").fetchall())\n"
    )
    # -S: no site-packages, so the old library in PYTHONPATH is the only duckdb
    proc = subprocess.run([sys.executable, "-S", "-c", code, str(loaded.paths.warehouse)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(lib)}, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    version, totals, comments = proc.stdout.splitlines()
    assert version == "1.3.2"
    (expected,) = loaded.rows("SELECT count(*) FROM core.violations")
    assert totals.startswith(f"[({expected[0]}, Decimal(")
    assert int(comments.strip("[(,)]")) > 100


def test_the_readme_command_works_with_the_oldest_duckdb_cli(loaded: Env) -> None:
    cli = _installed(OLDEST_CLI) / "bin" / "duckdb"
    cli.chmod(cli.stat().st_mode | stat.S_IXUSR)  # pip --target does not keep the executable bit
    proc = subprocess.run(
        [str(cli), "-readonly", str(loaded.paths.warehouse), "-csv", "-c",
         "SELECT count(*) AS n FROM core.violations; SELECT count(*) AS labels FROM core.labels"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (n,) = loaded.rows("SELECT count(*) FROM core.violations")[0]
    assert proc.stdout.split() == ["n", str(n), "labels", str(loaded.rows("SELECT count(*) FROM core.labels")[0][0])]


def test_a_warehouse_written_in_a_newer_format_is_rewritten_in_the_pinned_one(loaded: Env) -> None:
    import duckdb

    # as the warehouse was before the pin: DuckDB 2.0's own format
    newer = loaded.paths.warehouse.with_name("newer.duckdb")
    con = duckdb.connect(str(newer))
    con.execute(f"ATTACH '{loaded.paths.warehouse}' AS old (READ_ONLY); COPY FROM DATABASE old TO newer")
    con.close()
    assert storage_version(newer) > 66
    newer.replace(loaded.paths.warehouse)
    before = loaded.rows("SELECT count(*) FROM core.violations")
    loaded.write_run("r2", n=2000)
    loaded.load("r2")
    assert storage_version(loaded.paths.warehouse) == 66
    assert loaded.rows("SELECT count(*) FROM core.violations")[0][0] > before[0][0]

"""The bare install (pyproject's `dependencies`) is the analyst's: `greenchain sql` must run with
none of the `pipeline` extra importable (no Airflow, Scrapy, parsers or matchers)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

import duckdb
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _dist_closure(names: list[str]) -> set[str]:
    """The distributions `names` pull in, recursively (normalized names)."""
    seen: set[str] = set()
    todo = [Requirement(n).name for n in names]
    while todo:
        name = todo.pop().lower().replace("_", "-").replace(".", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            reqs = requires(name) or []
        except PackageNotFoundError:
            continue
        todo.extend(Requirement(r).name for r in reqs if "extra ==" not in r)
    return seen


def _not_in_the_bare_install() -> list[str]:
    """Top-level modules of this environment that no distribution of the bare install provides
    (the pipeline, dev and celery extras; Python's own modules are not listed, so stay allowed)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = _dist_closure(project["dependencies"]) | {"greenchain", "pip", "setuptools"}
    return sorted(
        module
        for module, dists in packages_distributions().items()
        if not any(d.lower().replace("_", "-").replace(".", "-") in core for d in dists)
    )


_BLOCKER = """
import sys
BLOCKED = set(sys.argv.pop(1).split(","))
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"{name} is not installed (pipeline extra)", name=name)
sys.meta_path.insert(0, Blocker())
from greenchain.cli.main import main
main()
"""


def test_greenchain_sql_needs_nothing_from_the_pipeline_extra(tmp_path):
    blocked = _not_in_the_bare_install()
    assert {"airflow", "scrapy", "rapidfuzz", "lxml"} <= set(blocked)
    (tmp_path / "warehouse").mkdir()
    con = duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"))
    con.execute("CREATE SCHEMA core; CREATE TABLE core.t AS SELECT 42 AS answer")
    con.close()

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", _BLOCKER, ",".join(blocked), "--data-dir", str(tmp_path), *args],
                              capture_output=True, text=True, cwd=tmp_path)  # fmt: skip

    helped = cli("--help")
    assert helped.returncode == 0, helped.stderr[-2000:]
    out = cli("sql", "-f", "csv", "SELECT answer FROM core.t")
    assert out.returncode == 0, f"{out.stderr[-2000:]}\n(import pipeline packages inside the commands that need them)"
    assert out.stdout.split() == ["answer", "42"]

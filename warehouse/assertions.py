"""The audit step of write-audit-publish: the checks in config/warehouse.yaml, run on the staging copy.

Each check returns an AssertionResult; any failed check of severity "error" blocks publishing.
The SQL lives in warehouse/sql/assertions/; table and column names come from validated config.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

from warehouse.config import WarehouseConfig
from warehouse.models import render, sql_file


@dataclass(frozen=True)
class AssertionResult:
    name: str
    kind: str
    target: str
    severity: str
    passed: bool
    observed: float
    threshold: float
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def describe(self) -> str:
        return f"{self.name}: observed {self.observed:g}, threshold {self.threshold:g}" + (
            f" ({self.detail})" if self.detail else ""
        )


def _unique_keys(con: duckdb.DuckDBPyConnection, cfg: WarehouseConfig) -> list[AssertionResult]:
    out = []
    for rule in cfg.assertions.unique_keys:
        key = ", ".join(rule.key)
        dupes, detail = con.execute(render(sql_file("assertions/unique_key.sql"), table=rule.table, key=key)).fetchall()[0]
        out.append(
            AssertionResult(
                f"unique:{rule.table}({key})", "unique_key", rule.table, rule.severity,
                dupes == 0, dupes, 0, detail or "",
            )  # fmt: skip
        )
    return out


def _foreign_keys(con: duckdb.DuckDBPyConnection, cfg: WarehouseConfig) -> list[AssertionResult]:
    out = []
    parent_sql = sql_file("assertions/foreign_key_parent.sql").strip()
    for rule in cfg.assertions.foreign_keys:
        parents = " UNION ALL ".join(render(parent_sql, table=t, column=c) for t, c in rule.parent_pairs())
        sql = render(sql_file("assertions/foreign_key.sql"), child=rule.child, column=rule.column, parents=parents)
        orphans, detail = con.execute(sql).fetchall()[0]
        out.append(
            AssertionResult(
                f"no_orphans:{rule.name}", "foreign_key", f"{rule.child}.{rule.column}", rule.severity,
                orphans == 0, orphans, 0, f"e.g. {detail}" if detail else "",
            )  # fmt: skip
        )
    return out


def _fill_rates(con: duckdb.DuckDBPyConnection, cfg: WarehouseConfig) -> list[AssertionResult]:
    rules = cfg.assertions.fill_rates
    if not rules:
        return []
    # one pass over the staged records for every column (each pass re-reads and dedupes the run)
    count = "".join(ln for ln in sql_file("assertions/fill_rate_count.sql").splitlines() if not ln.startswith("--"))
    counts = ", ".join(render(count, column=r.column) for r in rules)
    rows, *filled_counts = con.execute(render(sql_file("assertions/fill_rate.sql"), counts=counts)).fetchall()[0]
    out = []
    for rule, filled in zip(rules, filled_counts, strict=True):
        rate = filled / rows if rows else 1.0
        out.append(
            AssertionResult(
                f"fill_rate:{rule.column}", "fill_rate", f"staging.penalty_records.{rule.column}",
                rule.severity, rate >= rule.min, round(rate, 4), rule.min, f"{filled} of {rows} rows",
            )  # fmt: skip
        )
    return out


def _row_counts(con: duckdb.DuckDBPyConnection, cfg: WarehouseConfig) -> list[AssertionResult]:
    rule = cfg.assertions.row_count
    out = []
    for source_id, rows in con.execute(sql_file("assertions/row_count.sql")).fetchall():
        b = rule.overrides.get(source_id, rule.default)
        ok = b.min <= rows <= b.max
        out.append(
            AssertionResult(
                f"row_count:{source_id}", "row_count", source_id, rule.severity, ok, rows,
                b.max if rows > b.max else b.min, f"allowed {b.min}..{b.max}",
            )  # fmt: skip
        )
    # sources that must deliver rows but sent none this run
    for source_id, b in rule.overrides.items():
        if b.min > 0 and not any(r.target == source_id for r in out):
            out.append(
                AssertionResult(
                    f"row_count:{source_id}", "row_count", source_id, rule.severity, False, 0, b.min,
                    f"allowed {b.min}..{b.max}",
                )  # fmt: skip
            )
    return out


def _takedown_share(con: duckdb.DuckDBPyConnection, cfg: WarehouseConfig) -> list[AssertionResult]:
    rule = cfg.assertions.takedown_share
    out = []
    for source_id, taken_down, live_before in con.execute(sql_file("assertions/takedown_share.sql")).fetchall():
        share = taken_down / live_before if live_before else 0.0
        ok = live_before < rule.min_live_records or share <= rule.max_share
        out.append(
            AssertionResult(
                f"takedown_share:{source_id}", "takedown_share", source_id, rule.severity, ok,
                round(share, 4), rule.max_share, f"{taken_down} of {live_before} live records taken down",
            )  # fmt: skip
        )
    return out


def run_assertions(con: duckdb.DuckDBPyConnection, cfg: WarehouseConfig) -> list[AssertionResult]:
    """Evaluate every configured assertion against the loaded (unpublished) warehouse."""
    results: list[AssertionResult] = []
    for check in (_row_counts, _unique_keys, _foreign_keys, _fill_rates, _takedown_share):
        results.extend(check(con, cfg))
    return results


def blocking(results: list[AssertionResult]) -> list[AssertionResult]:
    return [r for r in results if not r.passed and r.severity == "error"]

"""Test helpers for the warehouse: a data dir and config dir with synthetic stage outputs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import yaml

from greenchain.paths import DataPaths
from warehouse import synthetic
from warehouse.load import load_run

N_SOURCES = 20
DAY1 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


@dataclass
class Env:
    root: Path
    paths: DataPaths
    config_dir: Path

    def write_run(self, run_id: str, n: int = 1000, fetched_at: datetime = DAY1, failed: Iterable[str] = ()) -> None:
        synthetic.write_run(
            self.paths, run_id, n, n_sources=N_SOURCES, fetched_at=fetched_at, failed_sources=set(failed)
        )

    def derive_run(
        self,
        src: str,
        dst: str,
        *,
        days_later: int = 1,
        keep: Callable[[pa.Table], Any] | None = None,
        change: Callable[[pa.Table], Any] | None = None,
        failed: Iterable[str] = (),
        fetched: Callable[[pa.Table], Any] | None = None,
        incomplete: Iterable[str] = (),
    ) -> pa.Table:
        """A later crawl of the same sites: the sites list the rows `keep` keeps (content changed where
        `change`); the crawl fetches those `fetched` selects (default all listed: a full re-crawl);
        sources in `incomplete` stop paging early."""
        t = pq.read_table(self.paths.normalized_run(src) / "records.parquet")
        shift = timedelta(days=days_later)
        t = t.set_column(t.schema.get_field_index("fetched_at"), "fetched_at", pc.add(t["fetched_at"], shift))
        if keep is not None:
            t = t.filter(keep(t))
        if change is not None:
            mask = change(t)
            t = t.set_column(
                t.schema.get_field_index("content_hash"),
                "content_hash",
                pc.if_else(mask, pc.binary_join_element_wise(t["content_hash"], pa.scalar("-v2"), ""), t["content_hash"]),
            )
            t = t.set_column(
                t.schema.get_field_index("fine_yuan"), "fine_yuan", pc.if_else(mask, pa.scalar(999.0), t["fine_yuan"])
            )
        listed: dict[str, list[str]] = {}
        for sid, url in zip(t["source_id"].to_pylist(), t["source_url"].to_pylist(), strict=True):
            listed.setdefault(sid, []).append(url)
        synthetic.write_listings(self.paths, dst, listed, set(incomplete))
        if fetched is not None:
            t = t.filter(fetched(t))
        out = self.paths.normalized_run(dst)
        out.mkdir(parents=True, exist_ok=True)
        pq.write_table(t, out / "records.parquet")
        m = self.paths.matched_run(dst)
        m.mkdir(parents=True, exist_ok=True)
        for name in ("record_matches.parquet", "supplier_matches.parquet"):
            (m / name).write_bytes((self.paths.matched_run(src) / name).read_bytes())
        synthetic.write_health(self.paths, dst, synthetic.source_ids(N_SOURCES), DAY1 + shift, set(failed))
        return t

    def load(self, run_id: str) -> dict[str, Any]:
        return load_run(run_id, self.paths, config_dir=self.config_dir)

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        con = duckdb.connect(str(self.paths.warehouse), read_only=True)
        try:
            con.execute("SET TimeZone = 'UTC'")
            rel = con.sql(sql, params=params)
            # via text, so timestamps need no pytz
            return [tuple(r.values()) for r in rel.to_arrow_table().to_pylist()]
        finally:
            con.close()

    def snapshot(self, schemas: tuple[str, ...] = ("core", "marts")) -> dict[str, pa.Table]:
        con = duckdb.connect(str(self.paths.warehouse), read_only=True)
        try:
            names = [
                r[0]
                for r in con.execute(
                    "SELECT schema_name || '.' || table_name FROM duckdb_tables() UNION ALL "
                    "SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1"
                ).fetchall()
                if r[0].split(".")[0] in schemas
            ]
            return {n: con.sql(f"SELECT * FROM {n} ORDER BY ALL").to_arrow_table() for n in names}
        finally:
            con.close()

    def set_config(self, **updates: Any) -> None:
        path = self.config_dir / "warehouse.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(updates)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def make_env(root: Path) -> Env:
    config_dir = root / "config"
    synthetic.write_registry(config_dir, N_SOURCES)
    return Env(root, DataPaths(root / "data"), config_dir)

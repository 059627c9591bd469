"""Fill the raw tables from the files earlier stages wrote, in Arrow batches (never row by row).

Each raw table's columns are declared in warehouse/sql/raw/; an input column the table does not
know is reported (a new field upstream should be noticed, not silently dropped) and a column the
input lacks is loaded as NULL. Optional inputs that are absent leave their raw table empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from greenchain.brands import load_brands
from greenchain.paths import CONFIG_DIR, DataPaths
from greenchain.registry import load_registry
from warehouse.labels import label_rows
from warehouse.models import render, sql_file

# Brands' contacts are alerts' business; the warehouse (read and exported by analysts) never holds them.
BRAND_CONTACTS = ("email", "webhook_url")
_SUPPLIER_COLUMNS = ("supplier_name", "address", "country", "tier", "uscc")
_SOURCE_COLUMNS = (
    "id", "authority", "division_code", "province", "city", "county", "level", "kind", "template",
    "base_url", "list_path", "schedule", "min_items", "max_items", "status", "notes",
)  # fmt: skip


@dataclass
class InputReport:
    """What one raw table received: the files read, rows, and columns the table does not know."""

    table: str
    files: list[str] = field(default_factory=list)
    rows: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    absent: bool = False
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "rows": self.rows,
            "unknown_columns": self.unknown_columns,
            "absent": self.absent,
            "problems": self.problems,
        }


def _target_schema(con: duckdb.DuckDBPyConnection, table: str) -> pa.Schema:
    return con.table(table).limit(0).arrow().schema


def insert_batches(
    con: duckdb.DuckDBPyConnection, table: str, batches: Iterable[pa.RecordBatch | pa.Table], report: InputReport
) -> None:
    """Append batches to `table`, matching columns by name (missing → NULL, unknown → reported)."""
    target = _target_schema(con, table)
    unknown: set[str] = set(report.unknown_columns)
    for batch in batches:
        if batch.num_rows == 0:
            continue
        names = set(batch.schema.names)
        unknown |= names - set(target.names)
        arrays = [
            batch.column(f.name) if f.name in names else pa.nulls(batch.num_rows, type=f.type) for f in target
        ]
        con.from_arrow(pa.Table.from_arrays(arrays, names=target.names)).insert_into(table)
        report.rows += batch.num_rows
    report.unknown_columns = sorted(unknown)


def _parquet_batches(path: Path, batch_rows: int) -> Iterator[pa.RecordBatch]:
    yield from pq.ParquetFile(path).iter_batches(batch_size=batch_rows)


def _jsonl_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{n}: not valid JSON: {e.msg}") from None
    return rows


def _table_from_rows(rows: list[dict[str, Any]], json_columns: tuple[str, ...] = ()) -> pa.Table:
    """Rows of dicts as Arrow; nested values of `json_columns` are kept as JSON text."""
    for r in rows:
        for c in json_columns:
            if c in r and not isinstance(r[c], str | type(None)):
                r[c] = json.dumps(r[c], ensure_ascii=False, sort_keys=True)
    return pa.Table.from_pylist(rows)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _declared_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, SQL type) of a raw table as warehouse/sql/raw/ declares it."""
    schema, name = table.split(".")
    return [tuple(r) for r in con.execute(sql_file("load/declared_columns.sql"), {"schema": schema, "table": name}).fetchall()]  # type: ignore[misc]


def _fill_parquet(
    con: duckdb.DuckDBPyConnection, table: str, path: Path, batch_rows: int, progress: Any = None
) -> InputReport:
    """Make a raw table read its Parquet file in place for this load (a view; see
    `materialize_inputs`), by column name: columns the table lacks are reported, columns the file
    lacks read as NULL. Nothing is copied: the models read the file with DuckDB's own parallel
    reader, and writing millions of rows of long text only to empty them again cost a third of a
    backfill load. A `row_no` column, where declared, is the row's position in the file."""
    report = InputReport(table)
    if not path.exists():
        report.absent = True
        return report
    report.files.append(str(path))
    meta = pq.ParquetFile(path)
    names = set(meta.schema_arrow.names)
    declared = _declared_columns(con, table)
    report.unknown_columns = sorted(names - {c for c, _ in declared})
    select = []
    for column, sql_type in declared:
        if column == "row_no":
            select.append("file_row_number AS row_no")
        elif column in names:
            select.append(f"CAST({_quote(column)} AS {sql_type}) AS {_quote(column)}")
        else:
            select.append(f"NULL::{sql_type} AS {_quote(column)}")
    literal = "'" + str(path).replace("'", "''") + "'"
    con.execute(render(sql_file("load/parquet_view.sql"), table=table, columns=", ".join(select), path=literal))
    report.rows = meta.metadata.num_rows
    return report


def materialize_inputs(con: duckdb.DuckDBPyConnection, keep_rows: bool) -> list[str]:
    """Turn the raw views of this load back into the tables warehouse/sql/raw/ declares: empty, or
    holding the run's rows when `keep_rows` (config keep_raw_rows). Returns the tables affected."""
    from warehouse.models import layer_models

    done = []
    for model in layer_models("raw"):
        schema, name = model.name.split(".")
        if not con.execute(sql_file("load/is_view.sql"), {"schema": schema, "name": name}).fetchone()[0]:  # type: ignore[index]
            continue
        con.execute(render(sql_file("load/rename_view.sql"), table=model.name, name=name))
        con.execute(model.sql)
        if keep_rows:
            con.execute(render(sql_file("load/insert_from_input.sql"), table=model.name))
        con.execute(render(sql_file("load/drop_input_view.sql"), table=model.name))
        done.append(model.name)
    return done


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fill_jsonl(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> InputReport:
    """A JSON Lines file into `table` by DuckDB's own reader (in Python, parsing and converting
    the rows cost ~8x more). A file DuckDB refuses goes through the Python reader instead, whose
    error names the line (or which loads the rows DuckDB would not convert)."""
    if not path.exists():
        return InputReport(table, absent=True)
    declared = _declared_columns(con, table)
    columns = "{" + ", ".join(f"{_sql_literal(c)}: {_sql_literal(t)}" for c, t in declared) + "}"
    try:
        keys = {r[0] for r in con.execute(sql_file("load/jsonl_keys.sql"), {"path": str(path)}).fetchall()}
        (rows,) = con.execute(render(sql_file("load/insert_jsonl.sql"), table=table, columns=columns),
                              {"path": str(path)}).fetchone()  # type: ignore[misc]  # fmt: skip
    except duckdb.Error:
        return _fill_rows(con, table, [path], _jsonl_rows(path))
    unknown = sorted(keys - {c for c, _ in declared})
    return InputReport(table, files=[str(path)], rows=rows, unknown_columns=unknown)


def _fill_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    files: list[Path],
    rows: list[dict[str, Any]],
    json_columns: tuple[str, ...] = (),
) -> InputReport:
    report = InputReport(table, files=[str(f) for f in files], absent=not files)
    if rows:
        insert_batches(con, table, [_table_from_rows(rows, json_columns)], report)
    return report


def _health(paths: DataPaths, run_id: str) -> tuple[list[Path], list[dict[str, Any]]]:
    files = sorted((paths.landing_run(run_id) / "health").glob("*.json"))
    rows = []
    for f in files:
        try:
            rows.append(json.loads(f.read_text(encoding="utf-8")))
        except json.JSONDecodeError as e:
            raise ValueError(f"{f}: not valid JSON: {e.msg}") from None
    return files, rows


def _listings(paths: DataPaths, run_id: str) -> tuple[list[Path], list[dict[str, Any]]]:
    """The crawl's listing manifests: {source_id, run_id, complete, full_listing, urls}."""
    files = sorted((paths.landing_run(run_id) / "listing").glob("*.json"))
    rows = []
    for f in files:
        try:
            m = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ValueError(f"{f}: not valid JSON: {e.msg}") from None
        rows.append({k: m.get(k) for k in ("source_id", "run_id", "complete", "full_listing", "urls")})
    return files, rows


def _suppliers(paths: DataPaths) -> tuple[list[Path], pa.Table | None, list[str]]:
    """Supplier list CSVs, for the columns match does not carry (uscc). Lists match cannot read are
    match's to report; here an unreadable file is noted and skipped, never fatal."""
    files = sorted((paths.reference / "suppliers").glob("*.csv"))
    tables, problems = [], []
    for f in files:
        try:
            t = pacsv.read_csv(
                f,
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in _SUPPLIER_COLUMNS}, strings_can_be_null=True
                ),
            )
        except (pa.ArrowInvalid, UnicodeDecodeError) as e:
            problems.append(f"{f.name}: {str(e).splitlines()[0]}")
            continue
        cols = {c: t.column(c) if c in t.column_names else pa.nulls(t.num_rows, pa.string()) for c in _SUPPLIER_COLUMNS}
        tables.append(
            pa.table(
                {
                    "brand_id": pa.array([f.stem] * t.num_rows, pa.string()),
                    "row_no": pa.array(range(1, t.num_rows + 1), pa.int64()),
                    **cols,
                }
            )
        )
    return files, (pa.concat_tables(tables) if tables else None), problems


def _registry_rows(config_dir: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    files = sorted((config_dir / "sources").glob("*.csv"))
    if not files:  # no registry yet: core.sources keeps what it had
        return [], []
    rows = [s.model_dump(mode="json", include=set(_SOURCE_COLUMNS)) for s in load_registry(config_dir).sources]
    return files, rows


def _brand_rows(config_dir: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    path = config_dir / "brands" / "brands.yaml"
    if not path.exists():
        return [], []
    return [path], [b.model_dump(mode="json", exclude=set(BRAND_CONTACTS)) for b in load_brands(config_dir).brands]


def fill_raw(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    paths: DataPaths,
    batch_rows: int,
    config_dir: Path | None = None,
    progress: Any = None,
) -> dict[str, InputReport]:
    """Fill every raw table for `run_id`; records.parquet is required, the rest is optional."""
    config_dir = config_dir or CONFIG_DIR
    records = paths.normalized_run(run_id) / "records.parquet"
    if not records.exists():
        raise FileNotFoundError(f"no normalized records for run {run_id!r}: {records} does not exist")
    out: dict[str, InputReport] = {}
    out["records"] = _fill_parquet(con, "raw.records", records, batch_rows, progress)
    out["quarantine"] = _fill_parquet(
        con, "raw.quarantine", paths.normalized_run(run_id) / "quarantine.parquet", batch_rows
    )
    matched = paths.matched_run(run_id)
    out["record_matches"] = _fill_parquet(
        con, "raw.record_matches", matched / "record_matches.parquet", batch_rows, progress
    )
    out["supplier_matches"] = _fill_parquet(
        con, "raw.supplier_matches", matched / "supplier_matches.parquet", batch_rows
    )
    out["companies"] = _fill_parquet(con, "raw.companies", paths.reference / "companies.parquet", batch_rows)

    files, rows = _health(paths, run_id)
    out["source_health"] = _fill_rows(con, "raw.source_health", files, rows, json_columns=("errors",))
    files, rows = _listings(paths, run_id)
    out["listings"] = _fill_rows(con, "raw.listings", files, rows)
    sup_files, sup_table, problems = _suppliers(paths)
    out["suppliers"] = InputReport(
        "raw.suppliers", files=[str(f) for f in sup_files], absent=not sup_files, problems=problems
    )
    if sup_table is not None:
        insert_batches(con, "raw.suppliers", [sup_table], out["suppliers"])
    for name, path in (
        ("resolutions", paths.reference / "resolutions.jsonl"),
        ("judgements", paths.review / "judgements.jsonl"),
    ):
        out[name] = _fill_jsonl(con, f"raw.{name}", path)
    files, rows = _registry_rows(config_dir)
    out["sources"] = _fill_rows(con, "raw.sources", files, rows)
    files, rows = _brand_rows(config_dir)
    out["brands"] = _fill_rows(con, "raw.brands", files, rows)
    files, rows = label_rows(config_dir)
    out["labels"] = _fill_rows(con, "raw.labels", files, rows)

    scores = sorted(paths.root.glob("index/*/scores.parquet"))
    out["index_scores"] = InputReport("raw.index_scores", files=[str(f) for f in scores], absent=not scores)
    if scores:
        con.execute(sql_file("load/index_scores.sql"), {"files": [str(f) for f in scores]})
        out["index_scores"].rows = con.table("raw.index_scores").count("*").fetchall()[0][0]
    return out


def fill_load_log(con: duckdb.DuckDBPyConnection, loads_dir: Path, current: dict[str, Any]) -> InputReport:
    """raw.load_log from every load summary in data/warehouse/loads/ (published, failed or
    interrupted), with `current` (the load building this file) as this file records it."""
    files = sorted(loads_dir.glob("*.json"))
    rows = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    rows = [r for r in rows if r.get("load_id") != current["load_id"]] + [current]
    keep = ("load_id", "run_id", "started_at", "finished_at", "status", "error", "counts", "inputs")
    rows = [{k: r.get(k) for k in keep} for r in rows]
    return _fill_rows(con, "raw.load_log", files, rows, json_columns=("counts", "inputs"))

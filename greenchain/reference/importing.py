"""`greenchain reference import`: a company registry or a brand's supplier list, validated, versioned.

A file is read row by row (CSV, XLSX or Parquet), every bad row is reported with file and line, and
only a clean file (or, with skip_bad_rows, the good rows of a file) replaces the one in use. The
written file is what the match stage reads (docs/architecture.md), so an import cannot produce a
file the next run would reject.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from greenchain.brands import load_brands
from greenchain.ids import stable_id
from greenchain.paths import DataPaths
from greenchain.reference import store
from greenchain.reference.config import ReferenceConfig, load_reference_config
from match.config import load_matching_config
from match.features import valid_uscc
from match.inputs import REGISTRY_COLUMNS, RowError, iter_rows, read_registry, read_supplier_list

DATA_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".parquet")
SUPPLIER_COLUMNS = ("supplier_name", "address", "country", "tier", "uscc")
_LIST_COLUMNS = ("former_names", "aliases")
_HAS_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff]")
_DIVISION = re.compile(r"^\d{6}$")


@dataclass
class ImportReport:
    """What one import did. `status`: imported, unchanged (same bytes as in use), checked (dry run), refused,
    failed (writing the new file failed; the one in use is untouched)."""

    kind: str
    brand_id: str | None
    source: str
    status: str = "refused"
    message: str = ""
    rows_read: int = 0
    rows_accepted: int = 0
    duplicates: int = 0
    out_of_scope: int = 0
    version: str | None = None
    previous_version: str | None = None
    path: str | None = None
    errors_file: str | None = None
    row_errors: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [e for e in self.row_errors if e.severity == "error"]

    @property
    def warnings(self) -> list[RowError]:
        return [e for e in self.row_errors if e.severity == "warning"]

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("row_errors")
        d |= {"row_errors": len(self.errors), "row_warnings": len(self.warnings)}
        return d


def resolve_source(path: Path) -> Path:
    """The data file to import: `path` itself, or the only CSV/XLSX/Parquet file in a folder."""
    path = Path(path)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in DATA_SUFFIXES and p.is_file())
        if len(found) != 1:
            names = ", ".join(p.name for p in found) or "none"
            raise ValueError(f"{path}: a folder must hold exactly one .csv, .xlsx or .parquet file (found {names}); "
                             "name the file instead")
        return found[0]
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.suffix.lower() not in DATA_SUFFIXES:
        raise ValueError(f"{path}: unsupported file type {path.suffix!r} (use .csv, .xlsx or .parquet)")
    return path


# --- company registry ------------------------------------------------------------------------------


def _pick(header: list[str], aliases: dict[str, list[str]]) -> dict[str, str | None]:
    lower = {h.strip().lower(): h for h in header}
    return {f: next((lower[a.lower()] for a in names if a.lower() in lower), None) for f, names in aliases.items()}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _names(value: Any, sep: str) -> list[str]:
    if isinstance(value, list | tuple):
        items = [str(v) for v in value if v is not None]
    else:
        items = (_text(value) or "").split(sep)
    return [s.strip() for s in items if s.strip()]


def _company_row(raw: dict[str, Any], cols: dict[str, str | None], line: int, src: Path, cfg: ReferenceConfig,
                 in_scope: set[str]) -> tuple[dict[str, Any] | None, list[RowError]]:
    """One canonical registry row from a source row, or None with the reason; repairs become warnings."""
    def get(f: str) -> Any:
        c = cols.get(f)
        return raw.get(c) if c else None

    problems: list[RowError] = []
    name = _text(get("name"))
    if name is None:
        return None, [RowError(str(src), line, "empty name")]
    if not _HAS_LETTER.search(name):
        return None, [RowError(str(src), line, f"name {name!r} has no letters")]
    country = _text(get("country"))
    if country is not None and country.lower() not in in_scope:
        return None, [RowError(str(src), line, f"country {country!r} is outside the registry's scope "
                               "(mainland China); skipped", "skipped")]
    address = _text(get("address"))
    if cols["company_id"] is None:
        company_id = stable_id("co", name, address)  # stable for the same raw name and address
    else:
        company_id = _text(get("company_id"))
        if company_id is None:
            return None, [RowError(str(src), line, f"company {name!r}: empty company_id")]
    row: dict[str, Any] = {"company_id": company_id, "name": name, "address": address}
    uscc_raw = _text(get("uscc"))
    row["uscc"] = valid_uscc(uscc_raw)
    if uscc_raw and row["uscc"] is None:
        problems.append(RowError(str(src), line, f"uscc {uscc_raw!r} is not a valid USCC; ignored", "warning"))
    code = _text(get("division_code"))
    if code is not None and not _DIVISION.match(code):
        problems.append(RowError(str(src), line, f"division_code {code!r} is not 6 digits; ignored", "warning"))
        code = None
    row["division_code"] = code
    for f in _LIST_COLUMNS:
        row[f] = _names(get(f), cfg.list_separator)
    for f in ("english_name", "province", "city", "county", "parent_company_id"):
        row[f] = _text(get(f))
    return row, problems


def _registry_table(src: Path, cfg: ReferenceConfig, report: ImportReport) -> pa.Table:
    in_scope = {c.lower() for c in load_matching_config().in_scope_countries}
    aliases = cfg.registry_columns.model_dump()
    cols: dict[str, str | None] | None = None
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    index: dict[str, int] = {}  # company_id -> position in rows
    for line, raw in iter_rows(src):
        report.rows_read += 1
        if cols is None:
            cols = _pick(list(raw), aliases)
            if cols["name"] is None:
                raise ValueError(f"{src}: no company name column; expected one of "
                                 f"{', '.join(aliases['name'])}, found {', '.join(map(str, raw))}")
        row, problems = _company_row(raw, cols, line, src, cfg, in_scope)
        report.row_errors += problems
        if row is None:
            report.out_of_scope += sum(p.severity == "skipped" for p in problems)
            continue
        seen = index.get(row["company_id"])
        if seen is not None:
            if rows[seen] == row:
                report.duplicates += 1
                continue
            report.row_errors.append(RowError(str(src), line, f"company_id {row['company_id']} repeats line "
                                              f"{lines[seen]} with different values"))
            continue
        index[row["company_id"]] = len(rows)
        rows.append(row)
        lines.append(line)
    for r, line in zip(rows, lines, strict=True):
        parent = r["parent_company_id"]
        if parent is not None and parent not in index:
            report.row_errors.append(RowError(str(src), line, f"parent_company_id {parent} is not in the "
                                              "file; ignored", "warning"))
            r["parent_company_id"] = None
    schema = pa.schema([(c, pa.list_(pa.string()) if c in _LIST_COLUMNS else pa.string()) for c in REGISTRY_COLUMNS])
    return pa.Table.from_pylist(rows, schema=schema)


def import_companies(src: Path, paths: DataPaths | None = None, *, skip_bad_rows: bool = False,
                     dry_run: bool = False) -> ImportReport:
    """Validate a company registry file and, if it is clean (or skip_bad_rows), make it the one in use."""
    paths = paths or DataPaths.default()
    src = resolve_source(src)
    cfg = load_reference_config()
    report = ImportReport("companies", None, str(src.resolve()))
    table = _registry_table(src, cfg, report)
    report.rows_accepted = table.num_rows

    def write(tmp: Path) -> None:
        pq.write_table(table, tmp)
        _, errs = read_registry(tmp)  # the match stage's own reader must accept what was written
        if errs:
            raise RuntimeError(f"the written registry fails the match stage's checks: {errs[0].reason}")

    return _finish(report, paths, store.registry_path(paths), paths.reference / "versions" / "companies",
                   write, cfg.keep_versions, skip_bad_rows, dry_run)


# --- supplier lists --------------------------------------------------------------------------------


def import_suppliers(brand_id: str, src: Path, paths: DataPaths | None = None, *, skip_bad_rows: bool = False,
                     dry_run: bool = False) -> ImportReport:
    """Validate a brand's supplier list and, if it is clean (or skip_bad_rows), make it the brand's list."""
    paths = paths or DataPaths.default()
    brands = load_brands()
    brands.get(brand_id)  # an unknown brand is a KeyError naming the known ones
    src = resolve_source(src)
    cfg = load_reference_config()
    report = ImportReport("suppliers", brand_id, str(src.resolve()))
    rows, errors, dupes = read_supplier_list(src, brand_id)
    report.row_errors = list(errors)
    report.duplicates = dupes
    report.rows_accepted = len(rows)
    report.rows_read = len(rows) + dupes + sum(e.severity == "error" for e in errors)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(SUPPLIER_COLUMNS)
            for r in rows:
                w.writerow([r.supplier_name, r.address or "", r.country or "", r.tier or "", r.uscc or ""])

    return _finish(report, paths, store.supplier_path(paths, brand_id),
                   paths.reference / "versions" / "suppliers" / brand_id, write, cfg.keep_versions,
                   skip_bad_rows, dry_run)


# --- shared: refuse, check, or publish -------------------------------------------------------------


def _finish(report: ImportReport, paths: DataPaths, current: Path, history: Path, write: Callable[[Path], None],
            keep: int, skip_bad_rows: bool, dry_run: bool) -> ImportReport:
    """Refuse, check (dry run) or publish what `write` produces, under the reference lock; log the attempt."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    import_id = f"{stamp}-{report.kind}" + (f"-{report.brand_id}" if report.brand_id else "")
    what = "registry" if report.kind == "companies" else f"supplier list of {report.brand_id}"
    with store.locked(paths):
        before = store.describe(current, None, "unmanaged")
        report.previous_version = before["version"]
        errors_file = store.write_row_errors(paths, import_id, [e.as_dict() for e in report.row_errors])
        report.errors_file = str(errors_file) if errors_file else None
        if report.rows_accepted == 0:
            report.message = f"{report.source}: no usable rows; the {what} in use is unchanged"
        elif report.errors and not skip_bad_rows:
            report.message = (f"{report.source}: {len(report.errors)} row(s) rejected (first: line "
                              f"{report.errors[0].line}: {report.errors[0].reason}); nothing imported. Fix them, "
                              "or pass --skip-bad-rows to import the other rows")
        elif dry_run:
            report.status = "checked"
            report.message = f"{report.source}: {report.rows_accepted} rows would be imported (dry run)"
        else:
            tmp = current.with_name(f".import-{import_id}{current.suffix}")
            current.parent.mkdir(parents=True, exist_ok=True)
            try:
                write(tmp)
                new_sha = store.file_sha256(tmp)
                if before["version"] == new_sha[: store.VERSION_CHARS]:
                    report.status = "unchanged"
                else:
                    store.publish(paths, tmp, current, history, keep)
                    report.status = "imported"
            except BaseException as e:  # the file in use is untouched; the attempt is still on record
                report.status, report.message = "failed", f"{type(e).__name__}: {e}"
                store.log_import(paths, {"import_id": import_id, "at": stamp, **report.as_dict()})
                raise
            finally:
                tmp.unlink(missing_ok=True)
            entry = store.record(paths, report.kind, report.brand_id, current, "imported",
                                 imported_from=report.source, source_sha256=store.file_sha256(Path(report.source)),
                                 rows=report.rows_accepted, import_id=import_id)
            report.version, report.path = entry["version"], str(current)
            report.message = (f"{what} {report.status}: version {report.version}, {report.rows_accepted} rows"
                              f" ({current})")
        store.log_import(paths, {"import_id": import_id, "at": stamp, **report.as_dict()})
    return report

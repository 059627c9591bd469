"""Reading match inputs: the company registry and brand supplier lists (CSV, XLSX or Parquet).

Bad rows never stop a load: each gets a RowError (file, line, reason) and the good rows load.
A file that cannot be read at all (missing, no name column) raises ValueError with a one-line reason.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from greenchain.brands import Brand, realdata_path
from greenchain.ids import stable_id
from greenchain.paths import DataPaths
from match.config import MatchingConfig, load_matching_config
from match.features import valid_uscc

REGISTRY_COLUMNS = ("company_id", "name", "uscc", "former_names", "aliases", "english_name", "address",
                    "division_code", "province", "city", "county", "parent_company_id")
_LIST_COLUMNS = ("former_names", "aliases")
_HAS_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff]")
_TIER = re.compile(r"^(?:tier\s*|t)?([1-9])(?:级|级供应商)?$", re.IGNORECASE)
_ZH_TIER = {"一级": 1, "二级": 2, "三级": 3, "四级": 4}


@dataclass(frozen=True)
class RowError:
    """One rejected (error) or repaired (warning) input row."""

    file: str
    line: int
    reason: str
    severity: str = "error"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- registry ------------------------------------------------------------------------------


def _read_table(path: Path) -> tuple[pa.Table, int]:
    """The file as a table of strings (lists kept for Parquet), and the line number of its first data row."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pq.read_table(path), 1
    if suffix == ".csv":
        try:
            t = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(strings_can_be_null=True,
                                                                         column_types=None),
                               read_options=pacsv.ReadOptions(encoding="utf-8"))
        except pa.ArrowInvalid as e:
            raise ValueError(f"{path}: not a readable CSV: {e}") from None
        # Everything is text here (division codes keep their leading zeros... and USCCs are not numbers).
        return pa.table({n: pc.cast(t[n], pa.string()) for n in t.column_names}), 2
    if suffix in (".xlsx", ".xlsm"):
        header, rows = _xlsx_rows(path)
        cols = {h: [r[i] if i < len(r) else None for r in rows] for i, h in enumerate(header) if h}
        return pa.table({k: pa.array(v, pa.string()) for k, v in cols.items()}), 2
    raise ValueError(f"{path}: unsupported file type {suffix!r} (use .csv, .xlsx or .parquet)")


def _xlsx_rows(path: Path) -> tuple[list[str], list[list[str | None]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(it, ())]
    rows = [[None if v is None else str(v).strip() for v in r] for r in it]
    wb.close()
    return header, rows


def read_registry(path: Path) -> tuple[pa.Table, list[RowError]]:
    """Load a company registry; rows without company_id or name, or with a repeated company_id, are errors."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: registry file not found")
    table, first_line = _read_table(path)
    missing = [c for c in ("company_id", "name") if c not in table.column_names]
    if missing:
        raise ValueError(f"{path}: registry lacks required column(s) {', '.join(missing)}; "
                         f"expected {', '.join(REGISTRY_COLUMNS)}")
    n = table.num_rows
    for c in REGISTRY_COLUMNS:
        if c not in table.column_names:
            table = table.append_column(c, pa.nulls(n, pa.list_(pa.string()) if c in _LIST_COLUMNS else pa.string()))
    table = table.select(list(REGISTRY_COLUMNS))
    ids = table["company_id"].to_pylist()
    names = table["name"].to_pylist()
    errors: list[RowError] = []
    keep = [True] * n
    seen: dict[str, int] = {}
    for i in range(n):
        cid, name = ids[i], names[i]
        line = i + first_line
        if not cid or not str(cid).strip():
            errors.append(RowError(str(path), line, "empty company_id"))
            keep[i] = False
        elif not name or not _HAS_LETTER.search(name):
            errors.append(RowError(str(path), line, f"company {cid}: empty or letterless name {name!r}"))
            keep[i] = False
        elif cid in seen:
            errors.append(RowError(str(path), line, f"company_id {cid} repeats line {seen[cid]}"))
            keep[i] = False
        else:
            seen[cid] = line
    if errors:
        table = table.filter(pa.array(keep))
    return table, errors


# --- supplier lists ------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierRow:
    brand_id: str
    supplier_row_id: str  # stable: brand + raw name + raw address + raw country
    line: int
    supplier_name: str
    address: str | None
    country: str | None
    tier: int | None
    uscc: str | None


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, row) of a CSV, XLSX or Parquet file; the line is where the row sits in the file
    (header = line 1 for CSV and XLSX; a Parquet row's number counts from 1)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        header, rows = _xlsx_rows(path)
        for i, r in enumerate(rows, start=2):
            yield i, {h: (r[j] if j < len(r) else None) for j, h in enumerate(header) if h}
        return
    if suffix == ".parquet":
        n = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=50_000):
            for row in batch.to_pylist():
                n += 1
                yield n, {k: (str(v) if isinstance(v, int | float) else v) for k, v in row.items()}
        return
    if suffix != ".csv":
        raise ValueError(f"{path}: unsupported file type {suffix!r} (use .csv, .xlsx or .parquet)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")  # lists exported from Chinese Excel
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        yield reader.line_num, {k.strip(): v for k, v in row.items() if k is not None}


def _pick_columns(header: list[str], cfg: MatchingConfig, path: Path) -> dict[str, str | None]:
    lower = {h.strip().lower(): h for h in header}
    out: dict[str, str | None] = {}
    for field, aliases in cfg.supplier_columns.model_dump().items():
        out[field] = next((lower[a.lower()] for a in aliases if a.lower() in lower), None)
    if out["supplier_name"] is None:
        raise ValueError(f"{path}: no supplier name column; expected one of "
                         f"{', '.join(cfg.supplier_columns.supplier_name)}, found {', '.join(header)}")
    return out


def _tier(value: str | None) -> int | None | str:
    if value is None or not value.strip():
        return None
    v = value.strip()
    if v in _ZH_TIER:
        return _ZH_TIER[v]
    m = _TIER.match(v)
    return int(m.group(1)) if m else "bad"


def read_supplier_list(path: Path, brand_id: str, config: MatchingConfig | None = None
                       ) -> tuple[list[SupplierRow], list[RowError], int]:
    """(rows, row errors, duplicate rows skipped) for one brand's supplier list.

    Errors drop a row (no name, no letters in the name); warnings keep it (bad tier, malformed USCC are
    dropped from the row, not the row). Exact repeats (same name, address, country) load once.
    """
    cfg = config or load_matching_config()
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: supplier list not found")
    rows: list[SupplierRow] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    dupes = 0
    cols: dict[str, str | None] | None = None
    for line, raw in iter_rows(path):
        if cols is None:
            cols = _pick_columns(list(raw), cfg, path)

        def get(field: str, raw: dict[str, str | None] = raw, cols: dict[str, str | None] = cols) -> str | None:
            col = cols[field]
            v = raw.get(col) if col else None
            return v.strip() if isinstance(v, str) and v.strip() else None

        name = get("supplier_name")
        if name is None:
            errors.append(RowError(str(path), line, "empty supplier_name"))
            continue
        if not _HAS_LETTER.search(name):
            errors.append(RowError(str(path), line, f"supplier_name {name!r} has no letters"))
            continue
        address, country = get("address"), get("country")
        tier = _tier(get("tier"))
        if tier == "bad":
            errors.append(RowError(str(path), line, f"tier {get('tier')!r} is not 1-9; left empty", "warning"))
            tier = None
        uscc_raw = get("uscc")
        uscc = valid_uscc(uscc_raw)
        if uscc_raw and uscc is None:
            errors.append(RowError(str(path), line, f"uscc {uscc_raw!r} is not a valid USCC; ignored", "warning"))
        row_id = stable_id("sup", brand_id, name, address, country)
        if row_id in seen:
            dupes += 1
            continue
        seen.add(row_id)
        rows.append(SupplierRow(brand_id, row_id, line, name, address, country,
                                tier if isinstance(tier, int) else None, uscc))
    return rows, errors, dupes


def supplier_list_source(brand: Brand, paths: DataPaths) -> tuple[Path | None, str]:
    """Where a brand's list is read from, and what it is: "reference" (data/reference/suppliers/),
    "realdata" (../shared/realdata) or "missing". A file in data/reference always wins."""
    ref = paths.reference / "suppliers"
    for ext in (".csv", ".xlsx"):
        p = ref / f"{brand.id}{ext}"
        if p.exists():
            return p, "reference"
    if brand.supplier_list.startswith("realdata:"):
        p = realdata_path(brand.supplier_list)
        return (p, "realdata") if p else (None, "missing")
    p = ref / brand.supplier_list
    return (p, "reference") if p.exists() else (None, "missing")

"""Arrow schemas of records.parquet and quarantine.parquet, and an atomic writer."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from normalize.record import CanonicalRecord, QuarantinedPage

_TS = pa.timestamp("us", tz="UTC")

RECORD_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()), ("source_id", pa.string()), ("source_url", pa.string()),
        ("snapshot_sha256", pa.string()), ("row_index", pa.int32()), ("fetched_at", _TS),
        ("content_hash", pa.string()), ("parser", pa.string()), ("doc_kind", pa.string()), ("title", pa.string()),
        ("decision_no_raw", pa.string()), ("decision_no", pa.string()), ("party_name_raw", pa.string()),
        ("party_name", pa.string()), ("party_type", pa.string()), ("uscc", pa.string()), ("uscc_status", pa.string()),
        ("reg_no", pa.string()), ("org_code", pa.string()), ("legal_rep", pa.string()), ("address", pa.string()),
        ("province", pa.string()), ("city", pa.string()), ("county", pa.string()), ("division_code", pa.string()),
        ("authority", pa.string()), ("decision_date", pa.date32()), ("publish_date", pa.date32()),
        ("violation_types", pa.list_(pa.string())), ("pollutants", pa.list_(pa.string())),
        ("legal_basis", pa.list_(pa.struct([("law", pa.string()), ("article", pa.string())]))),
        ("penalty_kinds", pa.list_(pa.string())),
        ("fines", pa.list_(pa.struct([("amount_yuan", pa.float64()), ("raw", pa.string())]))),
        ("fine_yuan", pa.float64()), ("rectification_deadline", pa.date32()), ("facts", pa.string()),
        ("warnings", pa.list_(pa.string())),
        ("laws_violated", pa.list_(pa.string())), ("penalty_basis_law", pa.string()),
        ("proposed_fine_yuan", pa.float64()),
        ("fines_on_persons", pa.list_(pa.struct([("amount_yuan", pa.float64()), ("raw", pa.string())]))),
        ("confiscated_yuan", pa.float64()), ("flags", pa.list_(pa.string())),
        ("evidence", pa.list_(pa.struct([
            ("field", pa.string()), ("text", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
            ("where", pa.string()), ("inferred_from", pa.string()),
        ]))),
    ]
)  # fmt: skip

QUARANTINE_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()), ("source_url", pa.string()), ("snapshot_sha256", pa.string()),
        ("row_index", pa.int32()), ("fetched_at", _TS), ("reason", pa.string()), ("parser", pa.string()),
    ]
)  # fmt: skip

# The schema must follow the model: a field appended to CanonicalRecord without a column here fails fast.
assert RECORD_SCHEMA.names == list(CanonicalRecord.model_fields), "RECORD_SCHEMA out of step with CanonicalRecord"
assert QUARANTINE_SCHEMA.names == list(QuarantinedPage.model_fields), "QUARANTINE_SCHEMA out of step with QuarantinedPage"


def _rows(models: list[Any]) -> list[dict[str, Any]]:
    # python mode keeps date/datetime objects; enums become their values below.
    out = []
    for m in models:
        d = m.model_dump(mode="python")
        out.append({k: (v.value if hasattr(v, "value") and not isinstance(v, int | float) else v) for k, v in d.items()})
    return out


def write_table_atomic(path: Path, models: list[Any], schema: pa.Schema) -> None:
    """Write models to Parquet via a temporary file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(_rows(models), schema=schema)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)

"""Reference data: the company registry and brand supplier lists the match stage reads.

Operators bring them in with `greenchain reference import companies|suppliers` (importing.py);
every file in use has a version id (store.py) that runs record. Only the demo (the simulator crawl
profile) may generate them: a production run without a real registry stops and says what to import.
"""

from __future__ import annotations

from typing import Any

from greenchain.brands import load_brands
from greenchain.paths import DataPaths
from greenchain.reference import store

IMPORT_COMPANIES = "greenchain reference import companies FILE"
IMPORT_SUPPLIERS = "greenchain reference import suppliers BRAND FILE"


class ReferenceMissingError(RuntimeError):
    """A production run has no usable registry; the message says what to import."""


def registry_version(paths: DataPaths | None = None) -> str | None:
    """Version id of data/reference/companies.parquet (first 16 hex of its sha256), None if absent.

    Stable for the same bytes, so a persisted match index can be keyed on it.
    """
    paths = paths or DataPaths.default()
    manifest = store.read_manifest(paths)
    return store.describe(store.registry_path(paths), manifest.get("companies"), "unmanaged")["version"]


def current_versions(paths: DataPaths | None = None) -> dict[str, Any]:
    """Every reference file the match stage would read now: version, origin, path (what a run records)."""
    from match.inputs import supplier_list_source

    paths = paths or DataPaths.default()
    manifest = store.read_manifest(paths)
    out: dict[str, Any] = {
        "companies": store.describe(store.registry_path(paths), manifest.get("companies"), "unmanaged"),
        "suppliers": {},
    }
    for brand in load_brands().brands:
        path, where = supplier_list_source(brand, paths)
        fallback = "realdata" if where == "realdata" else "unmanaged"
        entry = manifest["suppliers"].get(brand.id) if where == "reference" else None
        out["suppliers"][brand.id] = store.describe(path, entry, fallback)
    return out


def check_production(versions: dict[str, Any]) -> list[str]:
    """Why these reference files cannot serve a production run (empty when they can).

    A generated file names invented companies, so alerts built on it would too.
    """
    problems = []
    reg = versions["companies"]
    if reg["origin"] == "missing":
        problems.append(f"no company registry at {reg['path']}: import one with `{IMPORT_COMPANIES}` "
                        "(CSV, XLSX or Parquet; columns name and company_id, optionally uscc, address, "
                        "division_code…; docs/operations.md, 'Reference data')")
    elif reg["origin"] == "demo":
        problems.append(f"{reg['path']} was generated for the demo (invented companies): import the real "
                        f"registry with `{IMPORT_COMPANIES}`")
    demo_lists = sorted(b for b, v in versions["suppliers"].items() if v["origin"] == "demo")
    if demo_lists:
        problems.append(f"supplier lists generated for the demo: {', '.join(demo_lists)}; import each brand's "
                        f"real list with `{IMPORT_SUPPLIERS}` or delete data/reference/suppliers/<brand>.csv")
    return problems

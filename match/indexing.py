"""How a registry table becomes the match index's tables (reg_entities, reg_variants and the keys
that match/sql/registry_index.sql derives from them).

Kept apart from the engine's query path on purpose: match.index fingerprints this module (with the
name parser and the index SQL) to tell whether a persisted index is still valid, so a change to how
queries are matched or scored does not force a million-firm index to be rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa

from greenchain.progress import track
from match.config import MatchingConfig
from match.features import Variant, division_codes, parse_address, registry_variants, valid_uscc
from match.names import written_parts
from match.regions import cities
from match.sqlfiles import run_script

REGISTRY_BATCH = 50_000


def build_tables(con: duckdb.DuckDBPyConnection, companies: pa.Table, config: MatchingConfig,
                 progress: bool = False) -> int:
    """Create and fill the index tables from a registry table; returns the number of firms."""
    run_script(con, "registry_tables")
    n, _ = _insert_companies(con, companies, "reg_entities", "reg_variants", 0, 0, progress)
    run_script(con, "registry_index", {"n_entities": max(n, 1), "max_df": config.blocking.max_key_entities})
    return n


def update_tables(con: duckdb.DuckDBPyConnection, companies: pa.Table, config: MatchingConfig,
                  progress: bool = False) -> tuple[dict[str, int], list[int], list[str]]:
    """Re-index only the rows of `companies` that differ from the indexed ones (by each row's
    fingerprint); returns (what changed, positions of the fresh rows, company ids removed or replaced)."""
    new_hash = dict(zip((str(c) for c in companies.column("company_id").to_pylist()), _row_hashes(companies),
                        strict=True))
    old = dict(con.execute("SELECT company_id, row_hash FROM reg_entities").fetchall())
    gone = [c for c, h in old.items() if new_hash.get(c) != h]
    fresh = [i for i, (c, h) in enumerate(new_hash.items()) if old.get(c) != h]
    eid0, vid0 = con.execute("SELECT (SELECT coalesce(max(eid), -1) + 1 FROM reg_entities), "
                             "(SELECT coalesce(max(vid), -1) + 1 FROM reg_variants)").fetchall()[0]
    con.register("gone_ids", pa.table({"company_id": pa.array(gone, pa.string())}))
    con.execute("CREATE OR REPLACE TEMP TABLE gone_entities AS "
                "SELECT * FROM reg_entities WHERE company_id IN (SELECT company_id FROM gone_ids)")
    con.unregister("gone_ids")
    con.execute("CREATE OR REPLACE TEMP TABLE gone_variants AS "
                "SELECT * FROM reg_variants WHERE eid IN (SELECT eid FROM gone_entities)")
    con.execute("DELETE FROM reg_variants WHERE eid IN (SELECT eid FROM gone_entities)")
    con.execute("DELETE FROM reg_entities WHERE eid IN (SELECT eid FROM gone_entities)")
    con.execute("CREATE OR REPLACE TEMP TABLE new_entities AS FROM reg_entities LIMIT 0")
    con.execute("CREATE OR REPLACE TEMP TABLE new_variants AS FROM reg_variants LIMIT 0")
    _insert_companies(con, companies.take(fresh), "new_entities", "new_variants", eid0, vid0, progress)
    con.execute("INSERT INTO reg_entities FROM new_entities")
    con.execute("INSERT INTO reg_variants FROM new_variants")
    n_entities = con.execute("SELECT count(*) FROM reg_entities").fetchall()[0][0]
    run_script(con, "registry_update", {"n_entities": max(n_entities, 1),
                                        "max_df": config.blocking.max_key_entities})
    for t in ("gone_entities", "gone_variants", "new_entities", "new_variants"):
        con.execute(f"DROP TABLE {t}")
    changes = {"added": len(new_hash.keys() - old.keys()), "removed": len(old.keys() - new_hash.keys()),
               "changed": len(set(gone) & new_hash.keys()), "companies": n_entities}
    return changes, fresh, gone


def _codes_str(codes: frozenset[str]) -> str:
    return ",".join(sorted(codes))


def _variant_row(v: Variant) -> dict[str, Any]:
    return {"lang": v.lang, "kind": v.kind, "name": v.name, "core": v.core, "trade": v.trade,
            "industry": v.industry, "xkey": v.xkey, "branch": v.branch, "codes": _codes_str(v.codes),
            "regions": v.regions, "family": v.family, **written_columns(v.name if v.lang == "zh" else "")}


def written_columns(name: str) -> dict[str, str]:
    body, form = written_parts(name) if name else ("", "")
    return {"written": body, "wform": form}


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # CSV registries: "name1|name2"
        return [p.strip() for p in value.replace(";", "|").split("|") if p.strip()]
    return [str(p) for p in value if p]


def _row_hashes(companies: pa.Table) -> list[str]:
    """Each registry row's fingerprint: what an update compares to find the rows that changed."""
    names = sorted(companies.column_names)
    cols = [companies.column(n).to_pylist() for n in names]
    return [hashlib.md5(json.dumps(vals, ensure_ascii=False, default=str).encode(), usedforsecurity=False).hexdigest()
            for vals in zip(*cols, strict=True)]


def _insert_companies(con: duckdb.DuckDBPyConnection, companies: pa.Table, entities: str, variants: str,
                      eid: int, vid: int, progress: bool = False) -> tuple[int, int]:
    """Parse every row's names and place into `entities` / `variants` (reg_entities / reg_variants shape),
    ids from `eid` / `vid` on; returns (rows inserted, next vid)."""
    cols = set(companies.column_names)
    batches = companies.to_batches(max_chunksize=REGISTRY_BATCH)
    it: Iterable[pa.RecordBatch] = track(batches, "indexing registry") if progress else batches
    first = eid
    for batch in it:
        d = batch.to_pydict()
        hashes = _row_hashes(pa.Table.from_batches([batch]))
        ents: dict[str, list[Any]] = defaultdict(list)
        vars_: dict[str, list[Any]] = defaultdict(list)
        for i in range(batch.num_rows):
            name = d["name"][i]
            variants_ = registry_variants(
                name,
                _as_list(d["former_names"][i]) if "former_names" in cols else (),
                _as_list(d["aliases"][i]) if "aliases" in cols else (),
                (d["english_name"][i] or None) if "english_name" in cols else None,
            )
            addr = parse_address(d["address"][i] if "address" in cols else None)
            codes = division_codes(d["division_code"][i] if "division_code" in cols else None) or addr.codes
            ents["eid"].append(eid)
            ents["company_id"].append(str(d["company_id"][i]))
            ents["name"].append(name)
            ents["uscc"].append(valid_uscc(d["uscc"][i]) if "uscc" in cols else None)
            ents["address_rest"].append(addr.rest)
            ents["codes"].append(_codes_str(codes))
            ents["parent_company_id"].append(d["parent_company_id"][i] if "parent_company_id" in cols else None)
            ents["cities"].append(cities(codes or variants_[0].codes))
            ents["places"].append(sorted(codes))
            ents["row_hash"].append(hashes[i])
            for v in variants_:
                vars_["vid"].append(vid)
                vars_["eid"].append(eid)
                for k, val in _variant_row(v).items():
                    vars_[k].append(val)
                vid += 1
            eid += 1
        con.register("ent_batch", pa.table(dict(ents)))
        con.register("var_batch", pa.table(dict(vars_)))
        con.execute(f"INSERT INTO {entities} BY NAME SELECT * FROM ent_batch")
        con.execute(f"INSERT INTO {variants} BY NAME SELECT * FROM var_batch")
        con.unregister("ent_batch")
        con.unregister("var_batch")
    return eid - first, vid

"""Hostile documents and a fuzz run of the readers (issue #18): `make bench` figures.

1. The hostile inputs of the issue at full size (a 200 KB JSON of 100,000 nested brackets, a ~1 MB
   xlsx whose sheet expands to 480 MB, a ~400 KB PDF whose content stream expands to 200 MB, 1,000
   nested HTML tables, a zip lying about its sizes, XXE and billion laughs), landed in one run with
   ordinary documents and normalized with the default limits (config/greenchain.yaml): each
   hostile document's outcome, wall time and peak memory, and whether the ordinary ones all
   became their records.
2. bench/fuzz.py for a fixed time over HTML, JSON, xls, xlsx and PDF inputs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import fuzz
from bench import hostile_inputs as hostile
from greenchain.paths import DataPaths
from greenchain.settings import DocumentLimits

_HEADER = ["序号", "行政相对人名称", "统一社会信用代码", "处罚决定书文号", "违法行为类型", "罚款金额（万元）", "处罚决定日期", "处罚机关"]
_ROW = ["1", "昆山某某金属制品有限公司", "91320583MA1XXXXX1X", "苏环罚字〔2024〕17号", "超标排放", "8.5", "2024-05-13", "苏州市生态环境局"]


def _ordinary() -> list[tuple[str, bytes, str]]:
    """Three documents that must become one record each, whatever else is in the run."""
    label_table = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in zip(_HEADER[1:], _ROW[1:], strict=True))
    page = f"<html><head><meta charset='utf-8'></head><body><table>{label_table}</table></body></html>"
    item = {"CF_XDR_MC": "吴江某某印染有限公司", "CF_WSH": "苏环罚字〔2024〕18号", "CF_CFJG": "苏州市生态环境局", "CF_JDRQ": "2024-05-14"}
    return [
        ("http://bench.example/ok/page.html", page.encode(), "html"),
        ("http://bench.example/ok/item.json", json.dumps(item, ensure_ascii=False).encode(), "json"),
        ("http://bench.example/ok/table.xlsx", fuzz._xlsx([["2024年5月行政处罚信息公示表"], _HEADER, [*_ROW[:3], "苏环罚字〔2024〕19号", *_ROW[4:]]]), "xlsx"),
    ]


def hostile_docs(quick: bool) -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, doc_type): the issue's sizes, smaller bombs in quick mode."""
    return {
        "json 100,000 nested brackets": (hostile.nested_json(100_000), "json"),
        "xlsx zip bomb": (hostile.xlsx_zip_bomb(300 if quick else 480), "xlsx"),
        "xlsx lying about its sizes": (hostile.xlsx_lying_sizes(300 if quick else 480), "xlsx"),
        "pdf content-stream bomb": (hostile.pdf_content_bomb(200), "pdf"),
        "html nested tables": (hostile.nested_html_tables(300 if quick else 1000), "html"),
        "xlsx XXE": (hostile.xlsx_xxe(), "xlsx"),
        "xlsx billion laughs": (hostile.xlsx_billion_laughs(), "xlsx"),
    }


def _land(paths: DataPaths, run_id: str, docs: list[tuple[str, bytes, str]]) -> None:
    lines = []
    for url, raw, doc_type in docs:
        sha = hashlib.sha256(raw).hexdigest()
        snap = paths.snapshots / sha[:2] / f"{sha}.gz"
        snap.parent.mkdir(parents=True, exist_ok=True)
        snap.write_bytes(gzip.compress(raw, compresslevel=6, mtime=0))
        lines.append({"source_id": "bench-src", "run_id": run_id, "url": url, "fetched_at": "2026-11-23T02:00:00+00:00",
                      "status": 200, "snapshot_sha256": sha, "size": len(raw), "doc_type": doc_type,
                      "kind": "penalty_decision", "declared_encoding": None})  # fmt: skip
    d = paths.landing_run(run_id)
    d.mkdir(parents=True, exist_ok=True)
    (d / "bench-src.jsonl").write_text("".join(json.dumps(ln, ensure_ascii=False) + "\n" for ln in lines), encoding="utf-8")


def hostile_run(quick: bool, limits: DocumentLimits | None = None) -> dict[str, Any]:
    """One run of every hostile document beside the ordinary ones; the outcome of each."""
    import pyarrow.parquet as pq

    from normalize.run import normalize_run

    limits = limits or DocumentLimits()
    t0 = time.monotonic()
    built = hostile_docs(quick)
    by_url = {f"http://bench.example/hostile/{i}": name for i, name in enumerate(built)}
    docs = [(url, *built[name]) for url, name in by_url.items()]
    build_s = time.monotonic() - t0
    with tempfile.TemporaryDirectory(prefix="greenchain-hostile-") as tmp:
        paths = DataPaths(Path(tmp))
        _land(paths, "hostile", [*docs, *_ordinary()])
        costs: list[dict[str, Any]] = []
        t1 = time.monotonic()
        summary = normalize_run("hostile", paths, workers=2, limits=limits, costs=costs)
        run_s = time.monotonic() - t1
        reasons = {r["source_url"]: r["reason"] for r in pq.read_table(paths.normalized_run("hostile") / "quarantine.parquet").to_pylist()}
    cost = {c["url"]: c for c in costs}
    outcomes = {}
    for url, name in by_url.items():
        c = cost[url]
        outcomes[name] = {
            "bytes": len(built[name][0]),
            "outcome": reasons.get(url, "read without quarantine"),
            "wall_s": c["wall_s"],
            "peak_mb": c["peak_mb"],  # None: the worker was killed before it could say
            "within_limits": c["wall_s"] <= limits.time_s + 1 and (c["peak_mb"] or 0) <= limits.memory_mb,
        }
    return {
        "limits": limits.model_dump(),
        "documents": summary["documents"],
        "ordinary_records": f"{summary['records']} of {len(_ordinary())}",
        "rest_of_run_complete": summary["records"] == len(_ordinary()),
        "every_hostile_document_quarantined": all(url in reasons for url in by_url),
        "poison_documents": summary["poison_documents"],
        "workers_replaced": summary["workers_replaced"],
        "build_s": round(build_s, 1),
        "run_wall_s": round(run_s, 1),
        "hostile": outcomes,
    }


def run(quick: bool = False) -> dict[str, Any]:
    result = {"hostile_run": hostile_run(quick)}
    print(json.dumps(result, ensure_ascii=False, indent=2), flush=True)
    result["fuzz"] = fuzz.run(seconds=40 if quick else 300)
    f = result["fuzz"]
    print(f"fuzz: {f['documents']} documents in {f['seconds']} s, {f['crashes']} crashes")
    for t, s in f["by_type"].items():
        print(f"  {t:5} {s['documents']:6} tried  {s['crashes']} crashes  slowest {s['slowest_s']:.2f} s ({s['slowest_bytes']} B)  peak {s['peak_mb']:.1f} MB")
    return result

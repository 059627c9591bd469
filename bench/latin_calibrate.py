"""Fit config/latin.yaml's cross-script weights: logistic regression on (English query, candidate)
pairs of the calibration half of the listed-company set (bench.latin_sets.half), labelled by the true
firm, against the benchmark's registry (all registered names plus generated namesakes). The report
half is never used here.

    .venv/bin/python -m bench.latin_calibrate [--generated 20000] [--english | --decision]

Prints the fitted `cross:` weights and a reliability table (score bucket → share of true pairs).
"""

from __future__ import annotations

import argparse

import duckdb
import numpy as np
import pyarrow as pa

from bench.latin import en_zh_queries, en_zh_registry
from bench.latin_sets import half, listed_pairs
from bench.matching.calibrate import fit_logistic
from match.latin.config import (
    CROSS_FEATURES,
    DECISION_FEATURES,
    ENGLISH_FEATURES,
    LatinConfig,
    load_latin_config,
)
from match.latin.matcher import LatinIndex


def patstat_training(which: str) -> tuple[list[list[float]], list[float]]:
    """English-model rows from PATSTAT applicant names of one half of the clusters: each distinct name
    against its blocked candidates, true when both are of the same hand-checked cluster."""
    from bench.latin_sets import patstat_records

    records = [r for r in patstat_records() if half(r[1]) == which]
    cluster = {n: c for _, c, n in records}
    names = sorted(cluster)
    con = duckdb.connect(":memory:")
    index = LatinIndex.build(con, pa.Table.from_pylist([{"company_id": n, "name": n} for n in names]))
    from match.engine import Query

    xs, ys = [], []
    for n, cands in zip(names, index.candidate_features([Query(n, n, skip=frozenset({n})) for n in names]),
                        strict=True):
        for cid, (f, model) in cands.items():
            if model == "english":
                xs.append([f[k] for k in ENGLISH_FEATURES])
                ys.append(1.0 if cluster[cid] == cluster[n] else 0.0)
    con.close()
    return xs, ys


def english_config(xs: list[list[float]], ys: list[float], base: LatinConfig | None = None) -> LatinConfig:
    """config/latin.yaml with the English weights fitted on these rows."""
    base = base or load_latin_config()
    b, w = fit_logistic(np.array(xs), np.array(ys), l2=1.0)
    english = base.english.model_copy(update={"intercept": float(b),
                                              "weights": {k: float(v) for k, v in zip(ENGLISH_FEATURES, w, strict=True)}})
    return base.model_copy(update={"english": english})


def pair_matrix(n_generated: int) -> tuple[np.ndarray, np.ndarray]:
    registry = en_zh_registry(n_generated)
    con = duckdb.connect(":memory:")
    index = LatinIndex.build(con, pa.Table.from_pylist(registry))
    pairs = [p for p in listed_pairs() if half(p.key) == "calibration"]
    xs, ys = [], []
    for with_place in (True, False):
        for p, cands in zip(pairs, index.candidate_features(en_zh_queries(pairs, with_place)), strict=True):
            for cid, (f, model) in cands.items():
                if model == "cross":
                    xs.append([f[k] for k in CROSS_FEATURES])
                    ys.append(1.0 if cid == f"zh:{p.zh_name}" else 0.0)
    con.close()
    return np.array(xs), np.array(ys)


def decision_matrix(n_generated: int) -> tuple[np.ndarray, np.ndarray]:
    """Decision rows: per calibration-half query (with and without the province), the features of the
    firm ranked first, true when it is the right one."""
    registry = en_zh_registry(n_generated)
    con = duckdb.connect(":memory:")
    index = LatinIndex.build(con, pa.Table.from_pylist(registry))
    pairs = [p for p in listed_pairs() if half(p.key) == "calibration"]
    xs, ys = [], []
    for with_place in (True, False):
        for p, r in zip(pairs, index.match(en_zh_queries(pairs, with_place)), strict=True):
            d = r.explanation.get("decision_features")
            if d:
                xs.append([d[k] for k in DECISION_FEATURES])
                ys.append(1.0 if r.explanation["matched"]["company_id"] == f"zh:{p.zh_name}" else 0.0)
    con.close()
    return np.array(xs), np.array(ys)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--generated", type=int, default=20_000, help="generated namesakes in the registry")
    ap.add_argument("--english", action="store_true",
                    help="fit the English model instead (PATSTAT calibration half + every OAR pair)")
    ap.add_argument("--decision", action="store_true",
                    help="fit the decision on the first-ranked firm of cross-script queries instead")
    args = ap.parse_args()
    if args.decision:
        x, y = decision_matrix(args.generated)
        b, w = fit_logistic(x, y, l2=1.0)
        print(f"# {len(y)} queries, {int(y.sum())} ranked the right firm first")
        print(f"  intercept: {b:.2f}")
        for k, v in zip(DECISION_FEATURES, w, strict=True):
            print(f"    {k}: {v:.2f}")
        p = 1 / (1 + np.exp(-np.clip(b + x @ w, -50, 50)))
        for lo, hi in ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.97), (0.97, 1.01)):
            m = (p >= lo) & (p < hi)
            if m.any():
                print(f"  {lo:.2f}-{hi:.2f}: {int(m.sum())} queries, {y[m].mean():.3f} right")
        return
    if args.english:
        from bench.latin import oar_training
        from bench.latin_sets import oar_pairs

        px, py = patstat_training("calibration")
        ox, oy = oar_training(oar_pairs())
        e = english_config(px + ox, py + oy).english
        print(f"# {len(py) + len(oy)} pairs")
        print(f"  intercept: {e.intercept:.2f}")
        for k, v in e.weights.items():
            print(f"    {k}: {v:.2f}")
        return
    x, y = pair_matrix(args.generated)
    b, w = fit_logistic(x, y, l2=1.0)
    print(f"# {len(y)} pairs, {int(y.sum())} true")
    print(f"  intercept: {b:.2f}")
    for k, v in zip(CROSS_FEATURES, w, strict=True):
        print(f"    {k}: {v:.2f}")
    p = 1 / (1 + np.exp(-np.clip(b + x @ w, -50, 50)))
    for lo, hi in ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.97), (0.97, 1.01)):
        m = (p >= lo) & (p < hi)
        if m.any():
            print(f"  {lo:.2f}-{hi:.2f}: {int(m.sum())} pairs, {y[m].mean():.3f} true")


if __name__ == "__main__":
    main()

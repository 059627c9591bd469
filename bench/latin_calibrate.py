"""Fit config/latin.yaml's cross-script weights: logistic regression on (English query, candidate)
pairs of the calibration half of the listed-company set (bench.latin_sets.half), labelled by the true
firm, against the benchmark's registry (all registered names plus generated namesakes). The report
half is never used here.

    .venv/bin/python -m bench.latin_calibrate [--generated 20000]

Prints the fitted `cross:` weights and a reliability table (score bucket → share of true pairs).
"""

from __future__ import annotations

import argparse

import duckdb
import numpy as np
import pyarrow as pa

from bench.latin import en_zh_queries, en_zh_registry
from bench.latin_sets import half, listed_pairs
from match.calibrate import fit_logistic
from match.latin.config import CROSS_FEATURES
from match.latin.matcher import LatinIndex


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--generated", type=int, default=20_000, help="generated namesakes in the registry")
    args = ap.parse_args()
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

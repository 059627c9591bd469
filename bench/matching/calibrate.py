"""Fit the score weights in config/matching.yaml: logistic regression on (query, candidate) pairs,
labelled by the true company, from calibration data only:

- the independent gold set (bench.matching.goldset) over a generated training universe, seed 101
  (the benchmark reports on seed 7);
- the real Chinese names' `calibration` half (bench.matching.realnames): all its firms and traps in
  that universe, and brand-sized registries of 100 of them (the benchmark reports on the other half).

    .venv/bin/python -m bench.matching.calibrate [--companies 60000] [--queries 8000]

Prints the fitted `score:` block and a reliability table (predicted score bucket → observed share
of true matches), which is what "calibrated" means here. Only the queries the score decides give
pairs: what a decisive rule settles (an exact unique name, a USCC) says nothing about the weights.
The USCC weight is not fitted (an equal
USCC decides on its own, match.engine); it stays as configured.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from bench.matching import realnames
from bench.matching.goldset import GoldQuery, make_gold_queries
from bench.matching.queries import as_queries, registry_table
from match.config import FEATURES, load_matching_config
from match.engine import Matcher
from simulator.companies import Company, generate_companies

FITTED = tuple(f for f in FEATURES if f != "uscc")


def training_universe(n: int, seed: int) -> tuple[list[Company], list[Company]]:
    """(registry companies, outsiders whose exact names are not registered)."""
    companies = list(generate_companies(n, seed))
    names = {c.name for c in companies}
    outsiders = [c for c in generate_companies(max(n // 5, 100), seed + 1000) if c.name not in names]
    return companies, outsiders


def pair_matrix(matcher: Matcher, gold: list[GoldQuery]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the candidates of the queries the score decides: those that no decisive
    rule (the only firm with the exact name or USCC, a unit through its parent) settles."""
    decided = {r.key for r in matcher.match(as_queries(gold)) if r.rule in ("uscc", "name_exact", "branch_of")}
    gold = [g for g in gold if g.key not in decided]
    feats = matcher.candidate_features(as_queries(gold))
    xs, ys = [], []
    for g, cands in zip(gold, feats, strict=True):
        for cid, f in cands.items():
            xs.append([f[k] for k in FITTED])
            ys.append(1.0 if cid == g.truth else 0.0)
    return np.array(xs).reshape(-1, len(FITTED)), np.array(ys)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, iters: int = 50) -> tuple[float, np.ndarray]:
    """Newton-Raphson (IRLS) with a small ridge; returns (intercept, weights)."""
    a = np.hstack([np.ones((x.shape[0], 1)), x])
    w = np.zeros(a.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(a @ w, -50, 50)))
        grad = a.T @ (p - y) + l2 * w
        h = (a * (p * (1 - p))[:, None]).T @ a + l2 * np.eye(a.shape[1])
        step = np.linalg.solve(h, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return float(w[0]), w[1:]


def reliability(x: np.ndarray, y: np.ndarray, b: float, w: np.ndarray) -> list[dict[str, Any]]:
    p = 1 / (1 + np.exp(-np.clip(b + x @ w, -50, 50)))
    rows = []
    for lo, hi in ((0, 0.1), (0.1, 0.3), (0.3, 0.55), (0.55, 0.75), (0.75, 0.9), (0.9, 0.97), (0.97, 0.995), (0.995, 1.01)):
        m = (p >= lo) & (p < hi)
        if m.any():
            rows.append({"bucket": f"{lo:.3f}-{min(hi, 1):.3f}", "pairs": int(m.sum()),
                         "mean_score": round(float(p[m].mean()), 4), "true_share": round(float(y[m].mean()), 4)})
    return rows


def calibration_pairs(n_companies: int, n_queries: int, seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Feature rows and labels from every calibration set; and how many queries made them."""
    companies, outsiders = training_universe(n_companies, seed)
    gold = make_gold_queries(companies, outsiders, n_queries, "zh", seed)
    rows = [c.as_row() for c in companies]
    if realnames.available():
        real = realnames.build("calibration", seed=seed)[0]
        rows += real.rows
        gold += real.queries
    matcher = Matcher.build(registry_table(rows), load_matching_config(), progress=True)
    x, y = pair_matrix(matcher, gold)
    matcher.close()
    parts_x, parts_y, n = [x], [y], len(gold)
    if realnames.available():
        for small in realnames.build("calibration", seed=seed, size=100):
            m = Matcher.build(registry_table(small.rows), load_matching_config())
            sx, sy = pair_matrix(m, small.queries)
            m.close()
            parts_x.append(sx)
            parts_y.append(sy)
            n += len(small.queries)
    return np.vstack(parts_x), np.concatenate(parts_y), n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--companies", type=int, default=60000)
    ap.add_argument("--queries", type=int, default=8000)
    ap.add_argument("--seed", type=int, default=101)
    args = ap.parse_args()
    x, y, n = calibration_pairs(args.companies, args.queries, args.seed)
    b, w = fit_logistic(x, y)
    uscc = load_matching_config().score.weights["uscc"]
    print(f"# fitted on {len(y)} pairs ({int(y.sum())} true) from {n} queries, universe {args.companies}, "
          f"seed {args.seed}, real names: calibration half")
    print("score:")
    print(f"  intercept: {b:.2f}")
    print("  weights:")
    for k, val in [*zip(FITTED, w, strict=True), ("uscc", uscc)]:
        print(f"    {k}: {val:.2f}")
    for row in reliability(x, y, b, w):
        print("#", row)


if __name__ == "__main__":
    main()

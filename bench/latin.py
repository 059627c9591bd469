"""Latin-script matching benchmark: English supplier names against Chinese registered names, and
English against English, on real labelled sets (../shared/realdata), each beside a plain rapidfuzz
baseline that gets the same preprocessing.

1. English → Chinese (en-zh-names): the registry is every registered Chinese name of the set plus
   generated namesakes (simulator companies, as a real registry has thousands of firms per trade
   name); queries are the official English names of the `report` half (the `calibration` half fitted
   the weights), once with the province a supplier list gives ("Zhejiang") and once with the name
   alone; and the supplier-list pairs, whose hard negatives (sibling firms) must never be auto.
   Baseline: rapidfuzz `token_set_ratio` between the cleaned English name and each registry name's
   pinyin (the same cleaning and pinyin as the engine), cutoff chosen on the calibration half.
2. OAR labelled facility pairs: each pair's first facility (with its address and country) blocked and
   scored against every facility of the set; a pair is called a match when the other facility scores
   at or above the cutoff chosen on the other fold (a pairwise decision). 2-fold cross-validation by
   facility-id parity. Baseline: token_set_ratio on cleaned name + address (facilities in different
   countries never match), cutoff chosen on the other fold.
3. PATSTAT applicant names: distinct names deduplicated by linking every pair scored into the auto
   band (pairwise P/R/F1 on the report half of the clusters and on all records); baseline:
   token_set_ratio ≥ cutoff links, cutoff chosen on the calibration half.

`quick=True`: no generated namesakes (the real names alone) instead of 20k.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import combinations
from typing import Any

import duckdb
import pyarrow as pa
from rapidfuzz import fuzz, process

from bench.latin_sets import (
    EnZhPair,
    area_code,
    area_english,
    half,
    listed_pairs,
    oar_pairs,
    patstat_records,
    supplier_pairs,
)
from greenchain.paths import SHARED_REALDATA
from match.engine import Matcher, MatchResult, Query
from match.latin.config import ENGLISH_FEATURES, LatinConfig
from match.latin.crossscript import en_side, zh_side
from match.latin.english import english_side
from match.latin.matcher import LatinIndex
from match.latin.pinyin import spell
from match.latin.text import name_tokens

SEED = 7


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


# --- English → Chinese -----------------------------------------------------------------------


def en_zh_registry(n_generated: int) -> list[dict[str, Any]]:
    """Registered Chinese names of the set (with their area and short name, as a registry of listed firms
    gives them), their negatives, and generated firms (with their aliases)."""
    rows: dict[str, dict[str, Any]] = {}
    for p in listed_pairs():
        rows.setdefault(p.zh_name, {"company_id": f"zh:{p.zh_name}", "name": p.zh_name,
                                    "division_code": area_code(p.area), "aliases": [p.short_name] if p.short_name else []})
    for p in supplier_pairs():
        for name in (p.zh_name, *p.negatives):
            rows.setdefault(name, {"company_id": f"zh:{name}", "name": name, "division_code": "", "aliases": []})
    if n_generated:
        from simulator.companies import (
            generate_companies,  # bench only: production never imports the simulator
        )

        for c in generate_companies(n_generated, SEED):
            rows.setdefault(c.name, {"company_id": c.company_id, "name": c.name, "division_code": c.division_code,
                                     "address": c.address, "aliases": list(c.aliases)})
    return list(rows.values())


def en_zh_queries(pairs: Iterable[EnZhPair], with_place: bool) -> list[Query]:
    return [Query(p.key, p.en_name, (p.en_address or area_english(p.area)) if with_place else None) for p in pairs]


def score_en_zh(pairs: Sequence[EnZhPair], results: Sequence[MatchResult]) -> dict[str, Any]:
    tp = fp = review = neg_auto = 0
    for p, r in zip(pairs, results, strict=True):
        truth = f"zh:{p.zh_name}"
        if r.band == "auto":
            tp += r.company_id == truth
            fp += r.company_id != truth
            neg_auto += r.explanation["matched"]["name"] in p.negatives
        review += r.band == "review" or (r.band == "auto" and r.company_id != truth)
    out = _prf(tp, fp, len(pairs) - tp)
    out.update(queries=len(pairs), auto_correct=tp, auto_wrong=fp, review=review,
               truth_ranked_first=round(sum(r.company_id == f"zh:{p.zh_name}" or
                                            r.explanation.get("matched", {}).get("company_id") == f"zh:{p.zh_name}"
                                            for p, r in zip(pairs, results, strict=True)) / max(len(pairs), 1), 4))
    if any(p.negatives for p in pairs):
        out["hard_negatives_auto"] = neg_auto
    return out


def _en_clean(name: str) -> str:
    # the engine's reading of the words (legal forms off, a pinyin apostrophe a syllable break: Qin'an)
    return " ".join(en_side(name).words)


def _zh_as_pinyin(name: str) -> str:
    z = zh_side(name)
    return " ".join(spell(ch) for ch in z.body)


def baseline_en_zh(calibration: Sequence[EnZhPair], report: Sequence[EnZhPair], registry: Sequence[dict[str, Any]],
                   with_place: bool) -> dict[str, Any]:
    """rapidfuzz token_set_ratio of the cleaned English name against every registry name's pinyin
    (form and region words off, as the engine sees it), best hit ≥ cutoff; with a place, only firms
    of that province compete; a firm's short names are choices too (the help the engine gets). Cutoff:
    best F1 on the calibration half."""
    rows = [(r, zh) for r in registry for zh in (r["name"], *r.get("aliases", ())) if zh]
    choices = [_zh_as_pinyin(zh) for _, zh in rows]
    provinces = [(r["division_code"] or "")[:2] for r, _ in rows]
    ids = [r["company_id"] for r, _ in rows]

    def predict(pairs: Sequence[EnZhPair]) -> list[tuple[str | None, float]]:
        out = []
        for p in pairs:
            prov = area_code(p.area)[:2] if with_place and p.area else ""
            sub = [i for i, pv in enumerate(provinces) if pv == prov] if prov else range(len(choices))
            got = process.extractOne(_en_clean(p.en_name), [choices[i] for i in sub], scorer=fuzz.token_set_ratio)
            out.append((ids[sub[got[2]]], got[1]) if got else (None, 0.0))
        return out

    def at(pairs: Sequence[EnZhPair], preds: list[tuple[str | None, float]], cutoff: float) -> dict[str, float]:
        tp = sum(1 for p, (cid, s) in zip(pairs, preds, strict=True) if s >= cutoff and cid == f"zh:{p.zh_name}")
        fp = sum(1 for p, (cid, s) in zip(pairs, preds, strict=True) if s >= cutoff and cid != f"zh:{p.zh_name}")
        return _prf(tp, fp, len(pairs) - tp)

    t0 = time.perf_counter()
    cal = predict(calibration)
    cutoff = max(range(50, 101, 5), key=lambda c: (at(calibration, cal, c)["f1"], c))
    rep = predict(report)
    return {**at(report, rep, cutoff), "cutoff": cutoff, "calibrated_on": "calibration half",
            "ms_per_query": round(1000 * (time.perf_counter() - t0) / max(len(calibration) + len(report), 1), 2)}


def en_zh(n_generated: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    registry = en_zh_registry(n_generated)
    matcher = Matcher.build(pa.Table.from_pylist(registry))  # the engine itself: both readings of a Latin name
    matcher.latin_index()
    build_s = time.perf_counter() - t0
    listed = listed_pairs()
    report = [p for p in listed if half(p.key) == "report"]
    calibration = [p for p in listed if half(p.key) == "calibration"]
    suppliers = supplier_pairs()
    out: dict[str, Any] = {"registry_firms": len(registry), "generated_namesakes": n_generated,
                           "index_build_s": round(build_s, 1), "calibrated_on": "calibration half (crc32 even)",
                           "reported_on": f"report half: {len(report)} listed companies"}
    t0 = time.perf_counter()
    for label, with_place in (("name_and_province", True), ("name_only", False)):
        results = matcher.match(en_zh_queries(report, with_place))
        out[label] = score_en_zh(report, results)
    out["match_ms_per_query"] = round(1000 * (time.perf_counter() - t0) / (2 * len(report)), 2)
    # the half the weights and the auto threshold were fitted on, for comparison (not the figure to report)
    out["calibration_half_name_and_province"] = score_en_zh(calibration, matcher.match(en_zh_queries(calibration, True)))
    out["supplier_pairs"] = score_en_zh(suppliers, matcher.match(en_zh_queries(suppliers, True)))
    matcher.close()
    out["baseline_name_and_province"] = baseline_en_zh(calibration, report, registry, True)
    return out


# --- English ↔ English -----------------------------------------------------------------------


def _oar_index(pairs: Sequence[dict[str, str]], config: LatinConfig | None = None) -> tuple[duckdb.DuckDBPyConnection, LatinIndex]:
    facilities: dict[str, dict[str, str]] = {}
    for p in pairs:
        for s in ("a", "b"):
            facilities.setdefault(p[f"id_{s}"], {"company_id": p[f"id_{s}"], "name": p[f"name_{s}"],
                                                 "address": p[f"address_{s}"], "country": p[f"country_{s}"]})
    con = duckdb.connect(":memory:")
    return con, LatinIndex.build(con, pa.Table.from_pylist(list(facilities.values())), config)


def _oar_queries(pairs: Sequence[dict[str, str]]) -> list[Query]:
    return [Query(str(i), p["name_a"], p["address_a"], skip=frozenset({p["id_a"]}), country=p["country_a"] or None)
            for i, p in enumerate(pairs)]


def oar_training(pairs: Sequence[dict[str, str]]) -> tuple[list[list[float]], list[float]]:
    """English-model training rows from labelled pairs: the pair's features (when blocking finds it)."""
    con, index = _oar_index(pairs)
    xs, ys = [], []
    for p, cands in zip(pairs, index.candidate_features(_oar_queries(pairs)), strict=True):
        got = cands.get(p["id_b"])
        if got and got[1] == "english":
            xs.append([got[0][k] for k in ENGLISH_FEATURES])
            ys.append(1.0 if p["label"] == "match" else 0.0)
    con.close()
    return xs, ys


def oar() -> dict[str, Any]:
    """2-fold cross-validation (folds by the parity of the first facility's id): each fold is matched
    with English weights fitted on the other fold plus the PATSTAT calibration half; the baseline's
    cutoff is chosen on the other fold too."""
    from bench.latin_calibrate import english_config, patstat_training

    pairs = oar_pairs()
    folds = [int(p["id_a"]) % 2 for p in pairs]
    px, py = patstat_training("calibration")
    said = [False] * len(pairs)
    engine_cutoffs: list[float] = []
    queries = _oar_queries(pairs)
    for k in (0, 1):
        train = [p for p, f in zip(pairs, folds, strict=True) if f != k]
        ox, oy = oar_training(train)
        con, index = _oar_index(pairs, english_config(px + ox, py + oy))
        got = [cands.get(p["id_b"], 0.0) for p, cands in zip(pairs, index.candidate_scores(queries), strict=True)]
        con.close()
        train_i = [i for i in range(len(pairs)) if folds[i] != k]
        # a labelled pair is a pairwise decision: score ≥ cutoff, the cutoff chosen on the other fold
        cut = operating_cutoff(LINK_CUTOFFS, lambda c, t=train_i, g=got: _pair_prf([pairs[i] for i in t],
                                                                                   [g[i] >= c for i in t]),
                               OAR_PRECISION)
        engine_cutoffs.append(cut)
        for i in range(len(pairs)):
            if folds[i] == k:
                said[i] = got[i] >= cut
    engine = _pair_prf(pairs, said)

    def text(p: dict[str, str], s: str) -> str:
        e = english_side(p[f"name_{s}"], p[f"address_{s}"])
        return " ".join(e.words + e.address_words)

    # the same help: facilities in two different countries never match
    scores = [0.0 if p["country_a"] and p["country_b"] and p["country_a"] != p["country_b"]
              else fuzz.token_set_ratio(text(p, "a"), text(p, "b")) for p in pairs]

    def baseline(best_f1: bool) -> dict[str, Any]:
        called = [False] * len(pairs)
        cutoffs = []
        for k in (0, 1):
            train_i = [i for i in range(len(pairs)) if folds[i] != k]
            cut = operating_cutoff(range(40, 101, 2), lambda c, t=train_i: _pair_prf([pairs[i] for i in t],
                                                                                      [scores[i] >= c for i in t]),
                                   1.01 if best_f1 else OAR_PRECISION)
            cutoffs.append(cut)
            for i in range(len(pairs)):
                if folds[i] == k:
                    called[i] = scores[i] >= cut
        return {**_pair_prf(pairs, called), "cutoffs": cutoffs}

    return {"pairs": len(pairs), "match_pairs": sum(p["label"] == "match" for p in pairs), **engine, "cutoffs": engine_cutoffs,
            "calibrated_on": "2-fold split by facility id parity: weights from the other fold + PATSTAT calibration "
                             "half, cutoff from the other fold",
            "baseline_token_set_ratio": {**baseline(False),
                                         "calibrated_on": "the same 2-fold split and cutoff rule (from the other fold)"},
            "baseline_token_set_ratio_best_f1": {**baseline(True),
                                                 "calibrated_on": "cutoff with the best F1 on the other fold"}}


def _pair_prf(pairs: Sequence[dict[str, str]], said: Sequence[bool]) -> dict[str, float]:
    tp = sum(s and p["label"] == "match" for p, s in zip(pairs, said, strict=True))
    fp = sum(s and p["label"] != "match" for p, s in zip(pairs, said, strict=True))
    fn = sum(not s and p["label"] == "match" for p, s in zip(pairs, said, strict=True))
    return _prf(tp, fp, fn)


def _clusters_prf(labels: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    def pairs(lab: dict[str, str]) -> set[tuple[str, str]]:
        by: dict[str, list[str]] = defaultdict(list)
        for pid, c in lab.items():
            by[c].append(pid)
        return {(a, b) if a < b else (b, a) for m in by.values() for a, b in combinations(m, 2)}

    t, p = pairs(truth), pairs(labels)
    return _prf(len(p & t), len(p - t), len(t - p))


def _union_find(keys: Iterable[str], links: Iterable[tuple[str, str]]) -> Callable[[str], str]:
    parent = {k: k for k in keys}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        parent[find(a)] = find(b)
    return find


LINK_CUTOFFS = [round(0.05 * k, 2) for k in range(4, 20)]  # the engine's pairwise cutoffs tried on calibration data
OAR_PRECISION, PATSTAT_PRECISION = 0.90, 0.95  # the issue's aims: the operating point each cutoff is chosen for


def operating_cutoff(cutoffs: Iterable[float], measure: Callable[[float], dict[str, float]], precision: float) -> float:
    """The cutoff with the best recall among those reaching `precision` on calibration data (the best F1
    when none does): the same rule for the engine and for its baseline."""
    got = [(c, measure(c)) for c in cutoffs]
    ok = [(m["recall"], c) for c, m in got if m["precision"] >= precision]
    return max(ok)[1] if ok else max(got, key=lambda cm: (cm[1]["f1"], cm[0]))[0]


def patstat() -> dict[str, Any]:
    """Deduplication of the PATSTAT applicant names: every name against its blocked candidates, a pair
    linked when its score reaches the cutoff, clusters by transitive closure. The cutoff (engine) and
    the baseline's token_set_ratio cutoff are both chosen for the best F1 on the calibration half of the
    clusters; figures on the report half."""
    records = patstat_records()  # (person_id, cluster, name)
    names = sorted({n for _, _, n in records})
    gid = {n: f"n{i}" for i, n in enumerate(names)}
    con = duckdb.connect(":memory:")
    index = LatinIndex.build(con, pa.Table.from_pylist([{"company_id": gid[n], "name": n} for n in names]))
    t0 = time.perf_counter()
    scores = index.candidate_scores([Query(gid[n], n, skip=frozenset({gid[n]})) for n in names])
    engine_ms = 1000 * (time.perf_counter() - t0) / len(names)
    con.close()
    name_of = {gid[n]: n for n in names}
    halves = {h: {n for _, c, n in records if half(c) == h} for h in ("calibration", "report")}

    def linked(pairs: Iterable[tuple[str, str]], subset: set[str]) -> dict[str, float]:
        f = _union_find(gid.values(), pairs)
        return _clusters_prf({pid: f(gid[n]) for pid, _, n in records if n in subset},
                             {pid: c for pid, c, n in records if n in subset})

    def engine(cut: float, subset: set[str]) -> dict[str, float]:
        # many spellings of one firm compete, so a lead over the runner-up says nothing here: every pair counts
        return linked(((gid[n], cid) for n, cands in zip(names, scores, strict=True) if n in subset
                       for cid, sc in cands.items() if sc >= cut and name_of[cid] in subset), subset)

    cut = operating_cutoff(LINK_CUTOFFS, lambda c: engine(c, halves["calibration"]), PATSTAT_PRECISION)
    # baseline: token_set_ratio of cleaned names ≥ cutoff links two names (all pairs, no blocking)
    clean = [" ".join(name_tokens(n)) for n in names]
    t0 = time.perf_counter()
    sims = process.cdist(clean, clean, scorer=fuzz.token_set_ratio, workers=-1)
    baseline_ms = 1000 * (time.perf_counter() - t0) / len(names)

    def baseline(bcut: float, subset: set[str]) -> dict[str, float]:
        idx = [i for i, n in enumerate(names) if n in subset]
        return linked(((gid[names[i]], gid[names[j]]) for a, i in enumerate(idx) for j in idx[a + 1:]
                       if sims[i][j] >= bcut), subset)

    bcut = operating_cutoff(range(60, 101, 5), lambda c: baseline(c, halves["calibration"]), PATSTAT_PRECISION)
    # the baseline's best on the report half itself (an oracle cutoff: an upper bound, not a fair figure)
    best = max((baseline(c, halves["report"]) | {"cutoff": c} for c in range(60, 101, 5)), key=lambda m: m["f1"])
    return {"records": len(records), "clusters": len({c for _, c, _ in records}), "distinct_names": len(names),
            "engine_report_half": {**engine(cut, halves["report"]), "cutoff": cut, "ms_per_name": round(engine_ms, 2)},
            "engine_report_half_at_auto": engine(index.config.bands.auto, halves["report"]),
            "calibrated_on": "weights and cutoffs: calibration half of the clusters (crc32 of leuven_id even)",
            "baseline_token_set_ratio_report_half": {**baseline(bcut, halves["report"]), "cutoff": bcut,
                                                     "ms_per_name": round(baseline_ms, 2)},
            "baseline_token_set_ratio_report_half_oracle_cutoff": best}


def run(quick: bool = False) -> dict[str, Any]:
    """Run the Latin-script benchmark; print a short table; return the figures."""
    t0 = time.perf_counter()
    if not SHARED_REALDATA.exists():
        out: dict[str, Any] = {"realdata": f"skipped: {SHARED_REALDATA} is absent"}
        print(f"latin benchmark: {out['realdata']}")
        return out
    out = {"en_zh": en_zh(0 if quick else 20_000), "oar": oar(), "patstat": patstat()}
    out["wall_s"] = round(time.perf_counter() - t0, 1)
    _print(out)
    return out


def _row(label: str, m: dict[str, Any], note: str = "") -> str:
    return f"  {label:<34}{m['precision']:>10.4f}{m['recall']:>8.4f}{m['f1']:>8.4f}   {note}"


def _print(out: dict[str, Any]) -> None:
    e = out["en_zh"]
    print(f"latin benchmark: English → Chinese registry of {e['registry_firms']:,} firms; {e['reported_on']}")
    print(f"  {'set':<34}{'precision':>10}{'recall':>8}{'f1':>8}   notes")
    print(_row("en→zh name + province", e["name_and_province"], f"{e['name_and_province']['review']} to review; "
               f"right firm first {e['name_and_province']['truth_ranked_first']}"))
    print(_row("  baseline rapidfuzz (same help)", e["baseline_name_and_province"],
               f"cutoff {e['baseline_name_and_province']['cutoff']}"))
    print(_row("en→zh name only", e["name_only"], f"{e['name_only']['review']} to review"))
    c = e["calibration_half_name_and_province"]
    print(_row("  name + province, calibration half", c, f"fitted here; right firm first {c['truth_ranked_first']}"))
    s = e["supplier_pairs"]
    print(_row("en→zh supplier-list pairs", s, f"hard negatives auto: {s.get('hard_negatives_auto', 0)}"))
    o = out["oar"]
    print(_row("OAR labelled pairs", o, f"{o['pairs']} pairs, cutoffs {o['cutoffs']} (2-fold)"))
    print(_row("  baseline token_set_ratio", o["baseline_token_set_ratio"],
               f"cutoffs {o['baseline_token_set_ratio']['cutoffs']} (2-fold)"))
    print(_row("  baseline, best-F1 cutoff", o["baseline_token_set_ratio_best_f1"],
               f"cutoffs {o['baseline_token_set_ratio_best_f1']['cutoffs']} (2-fold)"))
    p = out["patstat"]
    print(_row("PATSTAT clusters (report half)", p["engine_report_half"], f"cutoff {p['engine_report_half']['cutoff']}"))
    print(_row("  baseline token_set_ratio", p["baseline_token_set_ratio_report_half"],
               f"cutoff {p['baseline_token_set_ratio_report_half']['cutoff']}"))
    b = p["baseline_token_set_ratio_report_half_oracle_cutoff"]
    print(_row("  baseline, cutoff best on report", b, f"cutoff {b['cutoff']} (upper bound)"))


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2, default=str))

"""Match benchmark: precision/recall of auto-matches on generated and real Chinese names, at a brand's
list size and at a million firms, speed against two fair rapidfuzz baselines.

Every figure here is *reported* on data the engine was not calibrated on: the weights in
config/matching.yaml and the baselines' cutoffs are fitted on the calibration sets
(bench.matching.calibrate: universe seed 101, the real names' `calibration` half); this reports on
universe seed 7 and the real names' `report` half.

1. Independent gold set (bench.matching.goldset, which imports nothing of the engine): a registry of
   1M generated companies (`generate_companies(n, seed=7)`) and 100k queries, 60% Chinese (the kinds
   of variation seen in real names, with unregistered namesakes, siblings, sole proprietorships and
   persons as outsiders), 40% English. Precision and recall of the auto band per language and per
   kind, and for Chinese the ceiling (bench.matching.ambiguity).
2. Real Chinese names (bench.matching.realnames, read from ../shared/realdata): the report half's
   firms and their traps in the same 1M registry, and ten brand lists of 100 firms each.
3. Speed: the engine's queries/s over the whole run; brute force (`process.cdist(workers=-1)` against
   every variant, the same normalized names) and a blocked baseline (2-gram inverted index, top 50,
   `fuzz.ratio`) on samples of the same Chinese queries, each at its calibrated cutoff, with their
   precision/recall/F1 beside the engine's on the same sample.
4. Review decisions kept on a re-run, and the real English sets' figures live in bench/latin.py.

`quick=True`: 50k registry, 2k queries, 2 brand lists, small baseline samples.
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.matching import realnames
from bench.matching.ambiguity import ceiling
from bench.matching.baselines import Blocked, Choices, best_cutoff, brute_force, prf_at
from bench.matching.calibrate import training_universe
from bench.matching.goldset import GoldQuery, make_gold_queries
from bench.matching.queries import as_queries, registry_table
from greenchain.paths import PROJECT_ROOT, DataPaths
from match.config import load_matching_config
from match.engine import Matcher, MatchResult
from match.index import persisted_matcher
from match.review import apply_judgements, load_judgements, record_judgement
from simulator.companies import generate_companies

SEED = 7
CALIBRATION_SEED = 101
DUCKDB_MEMORY = load_matching_config().index_memory_limit  # the index's buffer pool, as the match stage's
# The bench's registry index, kept between runs like the match stage's own (match.index): rebuilt only
# when the registry generated or the engine's indexing code changes.
INDEX_CACHE = PROJECT_ROOT / "data" / "bench"


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _kind(g: GoldQuery) -> str:
    return g.noise.split("+")[0] if not g.noise.startswith("outsider:") else ":".join(g.noise.split(":")[:2])


def score_auto(gold: Sequence[GoldQuery], results: Sequence[MatchResult]) -> dict[str, Any]:
    """Precision/recall of the auto band, how many went to review, and per kind of query."""
    tp = fp = fn = review = first = 0
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # queries, right autos, wrong autos, review
    for g, r in zip(gold, results, strict=True):
        k = kinds[_kind(g)]
        k[0] += 1
        first += g.truth is not None and r.company_id == g.truth
        if r.band == "auto":
            right = r.company_id == g.truth
            tp += right
            fp += not right
            k[1 if right else 2] += 1
        if g.truth is not None and not (r.band == "auto" and r.company_id == g.truth):
            fn += 1
        review += r.band == "review"
        k[3] += r.band == "review"
    out = _prf(tp, fp, fn)
    in_registry = sum(g.truth is not None for g in gold)
    out.update(queries=len(gold), in_registry=in_registry, auto_correct=tp, auto_wrong=fp, review=review,
               # the true firm was the best candidate, whatever the band: the ceiling of recall at any threshold
               truth_ranked_first=round(first / max(1, in_registry), 4),
               by_kind={k: {"queries": n, "auto_right": a, "auto_wrong": w, "review": rv}
                        for k, (n, a, w, rv) in sorted(kinds.items())})
    return out


def review_kept(matcher: Matcher, gold: Sequence[GoldQuery], results: Sequence[MatchResult], n: int) -> dict[str, Any]:
    """A reviewer works through `n` review-band results (confirms the proposal when it is the true firm,
    rejects it otherwise); the queries are matched again the way the match stage does (rejected firms
    excluded, judgements applied). Every decision must still stand."""
    picked = [(g, r) for g, r in zip(gold, results, strict=True) if r.band == "review" and r.company_id][:n]
    with tempfile.TemporaryDirectory(prefix="gc-bench-review-") as tmp:
        paths = DataPaths(Path(tmp))
        for g, r in picked:
            record_judgement(paths, r.key, r.company_id or "", "positive" if r.company_id == g.truth else "negative",
                             by="bench")
        judged = load_judgements(paths)
    queries = [replace(q, exclude=frozenset(c for c, j in judged[q.key].items() if j.judgement == "negative"))
               for q in as_queries([g for g, _ in picked])]
    again = [apply_judgements(r, judged.get(r.key)) for r in matcher.match(queries)]
    kept = sum((r2.band == "auto" and r2.company_id == r.company_id) if r.company_id == g.truth
               else r2.company_id != r.company_id for (g, r), r2 in zip(picked, again, strict=True))
    confirmed = sum(r.company_id == g.truth for g, r in picked)
    return {"judged": len(picked), "confirmed": confirmed, "rejected": len(picked) - confirmed,
            "decisions_kept": kept,
            # after a rejection the next candidate may be the true firm, but never automatically so
            "rejected_now_auto": sum(r2.band == "auto" for (g, r), r2 in zip(picked, again, strict=True)
                                     if r.company_id != g.truth)}


# --- baselines --------------------------------------------------------------------------------


def baseline_cutoffs(n_companies: int, n_queries: int) -> dict[str, float]:
    """Each baseline's cutoff: the best F1 on the calibration universe's Chinese gold queries."""
    companies, outsiders = training_universe(n_companies, CALIBRATION_SEED)
    gold = make_gold_queries(companies, outsiders, n_queries, "zh", CALIBRATION_SEED)
    choices = Choices.from_registry(registry_table(c.as_row() for c in companies))
    return {"brute_force": best_cutoff(gold, brute_force(gold, choices)),
            "blocked": best_cutoff(gold, Blocked(choices).match(gold))}


def baselines(gold: Sequence[GoldQuery], results: dict[str, MatchResult], choices: Choices,
              cutoffs: dict[str, float], n_brute: int, n_blocked: int, engine_ms: float,
              engine_cpu_ms: float) -> dict[str, Any]:
    """Brute force and blocked rapidfuzz on samples of the Chinese queries, at their calibrated cutoffs,
    over the variants the engine indexed. Speed-ups are given by wall time and by CPU time (brute force
    runs on every core; the busier the machine, the more the CPU ratio tells)."""
    zh = [g for g in gold if g.lang == "zh"]
    rng = random.Random(f"baseline-sample:{SEED}")
    out: dict[str, Any] = {"registry_variants": len(choices.texts)}
    t0 = time.perf_counter()
    blocked = Blocked(choices)
    out["blocked_index_s"] = round(time.perf_counter() - t0, 1)
    for name, n, run in (("brute_force", n_brute, lambda s: brute_force(s, choices)),
                         ("blocked", n_blocked, blocked.match)):
        sample = rng.sample(zh, min(n, len(zh)))
        t0, c0 = time.perf_counter(), time.process_time()
        preds = run(sample)
        ms = 1000 * (time.perf_counter() - t0) / len(sample)
        cpu_ms = 1000 * (time.process_time() - c0) / len(sample)
        engine = score_auto(sample, [results[g.key] for g in sample])
        out[name] = {"sample": len(sample), "cutoff": cutoffs[name], "ms_per_query": round(ms, 3),
                     "cpu_ms_per_query": round(cpu_ms, 3), **prf_at(sample, preds, cutoffs[name]),
                     "engine_on_sample": {k: engine[k] for k in ("precision", "recall", "f1")},
                     "engine_speedup": round(ms / engine_ms, 1) if engine_ms else None,
                     "engine_speedup_cpu": round(cpu_ms / engine_cpu_ms, 1) if engine_cpu_ms else None}
    return out


# --- the run ------------------------------------------------------------------------------------


def real_small_registries(size: int, lists: int) -> dict[str, Any]:
    """The real names' report half as `lists` brand lists of `size` firms: P/R over all of them."""
    gold: list[GoldQuery] = []
    results: list[MatchResult] = []
    for small in realnames.build("report", seed=SEED, size=size, lists=lists):
        m = Matcher.build(registry_table(small.rows), load_matching_config())
        results += m.match(as_queries(small.queries))
        gold += small.queries
        m.close()
    return {"registry_size": size, "lists": lists, **score_auto(gold, results)}


class _Clock:
    """Wall and CPU seconds (all threads of this process: DuckDB's and rapidfuzz's workers included) of
    each section; on a busy machine both are upper bounds of what a quiet one takes."""

    def __init__(self) -> None:
        self.sections: dict[str, dict[str, float]] = {}
        self._started: dict[str, tuple[float, float]] = {}

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        self._started[name] = (time.perf_counter(), time.process_time())
        yield
        self.stop(name)

    def stop(self, name: str) -> None:
        """End a section (once; a section ended early is not ended again when its block closes)."""
        if name not in self._started:
            return
        w0, c0 = self._started.pop(name)
        self.sections[name] = {"wall_s": round(time.perf_counter() - w0, 1), "cpu_s": round(time.process_time() - c0, 1),
                               "peak_rss_mb": _peak_rss_mb()}
        print(f"[match bench] {name}: {self.sections[name]}", file=sys.stderr, flush=True)


def _partial(label: str, figures: dict[str, Any]) -> None:
    """A figure as soon as it is measured (stderr, unbuffered): a run stopped later still reports it."""
    keep = {k: figures[k] for k in ("precision", "recall", "f1", "queries", "in_registry", "auto_wrong", "review",
                                    "registry_size") if k in figures}
    print(f"[match bench] {label}: {json.dumps(keep)}", file=sys.stderr, flush=True)


def _speed(section: dict[str, float], n: int) -> dict[str, float]:
    return {"match_wall_s": section["wall_s"], "match_cpu_s": section["cpu_s"],
            "queries_per_s": round(n / max(section["wall_s"], 1e-9), 1),
            "ms_per_query": round(1000 * section["wall_s"] / n, 3), "cpu_ms_per_query": round(1000 * section["cpu_s"] / n, 3)}


def _slim(results: list[MatchResult]) -> list[MatchResult]:
    """Results without their explanations (a hundred thousand of them are gigabytes of dicts)."""
    return [replace(r, explanation={}) for r in results]


def run(quick: bool = False) -> dict[str, Any]:
    """Run the match benchmark; print a short table; return the figures.

    One registry is generated and indexed once, into a DuckDB file with a bounded buffer pool (the
    index pages out rather than growing the process), and every measurement at registry size reuses
    it: real names first (the figure most wanted), then the gold set, review decisions and the
    baselines (their variants read from the same index), then the ceiling."""
    # English queries cost tens of times a Chinese one (match.latin): at full size a sample of them
    n_registry, n_zh, n_en, n_brute, n_blocked, n_lists = ((50_000, 1_200, 800, 100, 500, 2) if quick
                                                           else (1_000_000, 60_000, 4_000, 300, 5_000, 10))
    clock = _Clock()
    t_all, c_all = time.perf_counter(), time.process_time()
    out: dict[str, Any] = {"universe": {"n": n_registry, "seed": SEED}, "duckdb_memory_limit": DUCKDB_MEMORY,
                           "gold": {}}
    with clock.section("generate"):
        companies = list(generate_companies(n_registry, SEED))
        names = {c.name for c in companies}
        outsiders = [c for c in generate_companies(max(n_registry // 20, 1000), SEED + 1000) if c.name not in names]
        del names
        real = realnames.build("report", seed=SEED)[0] if realnames.available() else None
    real_rows = real.rows if real else []
    version = hashlib.sha256(json.dumps([n_registry, SEED, real_rows], ensure_ascii=False, default=str).encode()
                             ).hexdigest()[:16]
    out["registry_companies"] = n_registry + len(real_rows)
    with clock.section("index"), persisted_matcher(
            DataPaths(INDEX_CACHE / f"registry-{n_registry}"),
            lambda: registry_table([*(c.as_row() for c in companies), *real_rows]), version, load_matching_config(),
            progress=True, memory_limit=DUCKDB_MEMORY) as (matcher, action):
        clock.stop("index")
        out["index"] = {k: action[k] for k in ("index", "seconds", "companies") if k in action}
        if real is not None:
            with clock.section("real_zh_large"):
                big = score_auto(real.queries, matcher.match(as_queries(real.queries)))
            out["real_zh_large"] = {"registry_size": matcher.n_entities, **big, **clock.sections["real_zh_large"]}
            _partial("real_zh_large", out["real_zh_large"])
        else:
            out["real_zh_large"] = {"skipped": f"{realnames.SHARED_REALDATA} is absent"}
        gold_by = {"zh": make_gold_queries(companies, outsiders, n_zh, "zh", SEED),
                   "en": make_gold_queries(companies, outsiders, n_en, "en", SEED)}
        del outsiders
        results_by: dict[str, list[MatchResult]] = {}
        for lang, g in gold_by.items():  # timed apart: the baselines are measured on Chinese queries
            with clock.section(f"gold_match_{lang}"):
                results_by[lang] = _slim(matcher.match(as_queries(g), progress=True))
            out["gold"][lang] = {**score_auto(g, results_by[lang]), **_speed(clock.sections[f"gold_match_{lang}"], len(g))}
            _partial(f"gold {lang}", out["gold"][lang])
        gold = gold_by["zh"] + gold_by["en"]
        results = results_by["zh"] + results_by["en"]
        del gold_by, results_by
        zh_speed = out["gold"]["zh"]
        out.update(queries=len(gold), queries_per_s=zh_speed["queries_per_s"], ms_per_query=zh_speed["ms_per_query"],
                   cpu_ms_per_query=zh_speed["cpu_ms_per_query"])
        with clock.section("review_decisions"):
            out["review_decisions"] = review_kept(matcher, gold, results, n_brute)
        with clock.section("baselines"):
            choices = Choices.from_index(matcher)
            cutoffs = baseline_cutoffs(*((20_000, 1_000) if quick else (60_000, 4_000)))
            out["baselines"] = baselines(gold, {r.key: r for r in results}, choices, cutoffs, n_brute, n_blocked,
                                         zh_speed["ms_per_query"], zh_speed["cpu_ms_per_query"])
            del choices
        for name in ("brute_force", "blocked"):
            _partial(name, out["baselines"][name])
    with clock.section("ceiling"):
        c = ceiling(gold, companies)
    ambiguous = c.pop("ambiguous_keys")
    clear = [(g, r) for g, r in zip(gold, results, strict=True)
             if g.lang == "zh" and g.truth is not None and g.key not in ambiguous]
    c["engine_recall_unambiguous"] = round(sum(r.band == "auto" and r.company_id == g.truth for g, r in clear)
                                           / max(len(clear), 1), 4)
    c["seconds"] = clock.sections["ceiling"]["wall_s"]
    out["gold"]["zh"]["ceiling"] = c
    del gold, results
    if realnames.available():
        with clock.section("real_zh_small"):
            out["real_zh_small"] = real_small_registries(100, n_lists)
        _partial("real_zh_small", out["real_zh_small"])
    out["index_build_s"] = clock.sections["index"]["wall_s"] if out["index"]["index"] == "built" else None
    out["generate_s"] = clock.sections["generate"]["wall_s"]
    out["sections"] = clock.sections
    out["peak_rss_mb"] = _peak_rss_mb()
    out["wall_s"] = round(time.perf_counter() - t_all, 1)
    out["cpu_s"] = round(time.process_time() - c_all, 1)
    _print(out)
    return out


def _row(label: str, m: dict[str, Any], note: str) -> str:
    return f"  {label:<30}{m['precision']:>10.4f}{m['recall']:>8.4f}{m['f1']:>8.4f}   {note}"


def _print(out: dict[str, Any]) -> None:
    print(f"match benchmark: registry {out['registry_companies']:,}, {out['queries']:,} generated queries "
          f"(reported on universe seed {SEED} and the real names' report half)")
    print(f"  {'set':<30}{'precision':>10}{'recall':>8}{'f1':>8}   notes")
    for lang in ("zh", "en"):
        m = out["gold"][lang]
        print(_row(f"gold {lang}", m, f"{m['auto_wrong']} wrong autos, {m['review']} to review"))
    c = out["gold"]["zh"]["ceiling"]
    print(f"  {'gold zh ceiling (oracle)':<30}{c['oracle_precision']:>10.4f}{c['oracle_recall']:>8.4f}{'':>8}   "
          f"{c['ambiguous']} of {c['in_registry']} ambiguous, {c['decoys']} outsider decoys; engine recall on the "
          f"rest {c['engine_recall_unambiguous']}")
    big = out["real_zh_large"]
    if "precision" in big:
        print(_row(f"real zh, {big['registry_size']:,} firms", big,
                   f"{big['queries']} queries, {big['in_registry']} in the registry"))
        small = out["real_zh_small"]
        print(_row(f"real zh, {small['lists']} lists of {small['registry_size']}", small,
                   f"{small['queries']} queries, {small['in_registry']} on their list"))
    else:
        print(f"  real names: {big['skipped']}")
    b = out["baselines"]
    for name in ("brute_force", "blocked"):
        x = b[name]
        e = x["engine_on_sample"]
        print(_row(f"{name.replace('_', ' ')} ({x['sample']})", x,
                   f"cutoff {x['cutoff']}, {x['ms_per_query']} ms/query; engine on the same queries "
                   f"{e['precision']:.4f} / {e['recall']:.4f} / {e['f1']:.4f}; engine {x['engine_speedup']}x faster "
                   f"by wall time, {x['engine_speedup_cpu']}x by CPU time"))
    k = out["review_decisions"]
    en = out["gold"]["en"]
    print(f"  engine, Chinese: {out['queries_per_s']} queries/s ({out['ms_per_query']} ms/query wall, "
          f"{out['cpu_ms_per_query']} ms CPU); English: {en['ms_per_query']} ms/query wall, {en['cpu_ms_per_query']} ms CPU; review: {k['judged']} judged "
          f"({k['confirmed']} confirmed, {k['rejected']} rejected), {k['decisions_kept']} kept on a re-run")
    idx = out["index"]
    print(f"  index {idx['index']} in {idx['seconds']} s, matching {out['gold']['zh']['match_wall_s']} + {en['match_wall_s']} s wall / "
          f"{out['gold']['zh']['match_cpu_s']} + {en['match_cpu_s']} s CPU, "
          f"whole bench {out['wall_s']} s wall / {out['cpu_s']} s CPU, peak RSS {out['peak_rss_mb']} MB "
          f"(times are upper bounds on a busy machine)")


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2, default=str, ensure_ascii=False))

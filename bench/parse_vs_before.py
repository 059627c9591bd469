"""Parse speed against the parser before #15, on the same pages in the same run.

The HTML and JSON pages of the simulator's gold set are rendered once; the parser of this checkout
and the one of `--ref` (a commit before #15; its normalize/, config/ and greenchain/ are taken with
`git archive` into a temporary folder) each parse them in a fresh process, alternately, so a busy
machine slows both alike. Prints CPU ms per page by type for each run and the median ratio.

    python -m bench.parse_vs_before [--ref cc40522] [--pages 1200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE_15 = "cc40522"  # main just before the first #15 commit

_PARSE = """
import json, pickle, sys, time
from collections import Counter
from normalize.document import preload_reference_data, read_document
pages = pickle.load(open(sys.argv[1], "rb"))
preload_reference_data()
cpu, n = Counter(), Counter()
for raw, url, dt, dec, sid, kind, ld in pages:
    c0 = time.process_time()
    read_document(raw, url=url, doc_type=dt, declared_encoding=dec, source_id=sid, kind=kind, list_date=ld)
    cpu[dt] += time.process_time() - c0
    n[dt] += 1
print(json.dumps({t: 1000 * cpu[t] / n[t] for t in n}))
"""


def _checkout(ref: str, into: Path) -> None:
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "normalize", "config", "greenchain"],
                         check=True, capture_output=True).stdout  # fmt: skip
    with tarfile.open(fileobj=BytesIO(tar)) as tf:
        tf.extractall(into, filter="data")


def _parse(pythonpath: Path, pages: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    out = subprocess.run([sys.executable, "-c", _PARSE, str(pages)], env=env, check=True, capture_output=True, text=True, cwd=pythonpath)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(ref: str = BEFORE_15, n_pages: int = 1200, rounds: int = 3) -> dict:
    from bench.parse import gold_pages

    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        _checkout(ref, old)
        pages = Path(tmp) / "pages.pkl"
        gold = [p for p in gold_pages(n_pages) if p.doc_type in ("html", "json")]
        pages.write_bytes(pickle.dumps([(p.raw, p.url, p.doc_type, p.declared, p.source_id, p.kind, p.list_date) for p in gold]))
        now_runs, old_runs = [], []
        for _ in range(rounds):
            now_runs.append(_parse(ROOT, pages))
            old_runs.append(_parse(old, pages))
    types = sorted(now_runs[0])
    med = {t: (statistics.median(r[t] for r in now_runs), statistics.median(r[t] for r in old_runs)) for t in types}
    for t, (now, before) in med.items():
        print(f"{t}: {now:.2f} ms/page now vs {before:.2f} before #15 ({ref}) = {now / before:.2f}x (median of {rounds})")
    return {"ref": ref, "pages": len(gold), "cpu_ms_per_page": {t: {"now": round(a, 2), "before": round(b, 2), "ratio": round(a / b, 2)} for t, (a, b) in med.items()}}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", default=BEFORE_15)
    ap.add_argument("--pages", type=int, default=1200)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    run(a.ref, a.pages, a.rounds)

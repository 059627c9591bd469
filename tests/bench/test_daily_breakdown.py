"""bench.daily's crawl breakdown: per shard, start-up before the first source, crawling span, tail."""

from __future__ import annotations

import json
from pathlib import Path

from bench.daily import crawl_breakdown
from greenchain.paths import DataPaths


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_each_shard_splits_into_start_up_crawling_and_tail(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    run = "2026-11-23"
    # two shards, one after the other: 10 s each; the first starts crawling after 6 s, the second after 7 s
    for i, (start, first, last, requests) in enumerate((("00:00:00", "00:00:06", "00:00:09", 5),
                                                        ("00:00:10", "00:00:17", "00:00:19", 3))):
        _write(paths.runs / run / "stages" / f"crawl-s{i}.json",
               {"stage": "crawl", "started_at": f"2026-12-08T{start}+00:00", "seconds": 10.0})
        _write(paths.landing_run(run) / "health" / f"s{i}a.json",
               {"started_at": f"2026-12-08T{first}+00:00", "finished_at": f"2026-12-08T{last}+00:00",
                "requests": requests, "not_modified": i == 1})
    out = crawl_breakdown(paths, run)
    assert out == {"shards": 2, "seconds": 20.0, "startup_s": 13.0, "crawling_s": 5.0, "tail_s": 2.0,
                   "requests": 8, "sources": 2, "not_modified": 1}

"""Entity resolution: which registered company a penalty record or a brand's supplier row is about.

Modules: names (normalization of Chinese/English/pinyin names), regions (gazetteer), features
(name variants, addresses), engine (DuckDB blocking + scoring + bands), scoring, bands, inputs
(registry and supplier lists with row errors), review (judgements), run (the stage).
SQL lives in match/sql/. Entry point: match.run.match_run(run_id, paths).
What measures the engine (gold sets, calibration, the recall ceiling, baselines) lives in
bench/matching/: it imports match/, never the other way round.
"""

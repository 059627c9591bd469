-- meta.runs: one row per load attempt (load_id), published or failed, with what it loaded.
-- Filled from data/warehouse/loads/*.json, so a failed load (which publishes nothing) still
-- appears here after the next successful one.
CREATE TABLE IF NOT EXISTS meta.runs AS
SELECT * FROM raw.load_log LIMIT 0;

MERGE INTO meta.runs AS t
USING raw.load_log AS s
ON t.load_id = s.load_id
WHEN MATCHED THEN UPDATE SET
    run_id = s.run_id,
    started_at = s.started_at,
    finished_at = s.finished_at,
    status = s.status,
    error = s.error,
    counts = s.counts,
    inputs = s.inputs
WHEN NOT MATCHED THEN INSERT BY NAME;

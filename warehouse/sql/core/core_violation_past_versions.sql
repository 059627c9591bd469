-- core.violation_past_versions: the versions of violation records that newer content replaced,
-- closed at valid_to (the fetch that brought the new content). The current version of every
-- record is its row in core.violations; core.violation_versions shows both. Keeping each content
-- once means a backfill of millions of records writes them once, not twice.
CREATE TABLE IF NOT EXISTS core.violation_past_versions AS
SELECT
    s.* EXCLUDE (run_id, facts),
    0::INTEGER AS version,
    s.fetched_at AS valid_from,
    s.fetched_at AS valid_to,
    s.run_id AS loaded_run_id
FROM staging.penalty_records AS s
LIMIT 0;
ALTER TABLE core.violation_past_versions ADD COLUMN IF NOT EXISTS facts VARCHAR USING COMPRESSION zstd;

-- core.violation_versions: every distinct content of every violation record, oldest first.
-- A record whose content_hash differs from its current version, seen later than that version
-- began, becomes version n+1; the previous version gets valid_to and loses is_current.
-- Re-loading a run (or an older run) adds nothing: its hashes are already current or older.
-- facts (long free text) is added after the rest, compressed with ZSTD: DuckDB's own pick
-- (dictionary + FSST) costs 2-3x the write time for text of this length and stores no smaller.
CREATE TABLE IF NOT EXISTS core.violation_versions AS
SELECT
    s.* EXCLUDE (run_id, facts),
    0::INTEGER AS version,
    s.fetched_at AS valid_from,
    s.fetched_at AS valid_to,
    true AS is_current,
    s.run_id AS loaded_run_id
FROM staging.penalty_records AS s
LIMIT 0;
ALTER TABLE core.violation_versions ADD COLUMN IF NOT EXISTS facts VARCHAR USING COMPRESSION zstd;

INSERT INTO core.violation_versions BY NAME
SELECT
    s.* EXCLUDE (run_id),
    (coalesce(c.version, 0) + 1)::INTEGER AS version,
    s.fetched_at AS valid_from,
    NULL AS valid_to,
    true AS is_current,
    s.run_id AS loaded_run_id
FROM staging.penalty_records AS s
LEFT JOIN core.violation_versions AS c ON c.record_id = s.record_id AND c.is_current
WHERE c.record_id IS NULL
   OR (c.content_hash IS DISTINCT FROM s.content_hash AND s.fetched_at > c.valid_from);

-- close the versions that were just superseded
UPDATE core.violation_versions AS v
SET is_current = false, valid_to = n.valid_from
FROM core.violation_versions AS n
WHERE n.record_id = v.record_id
  AND n.version = v.version + 1
  AND v.is_current
  AND n.is_current;

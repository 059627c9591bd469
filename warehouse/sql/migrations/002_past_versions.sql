-- requires table: core.violation_versions
-- core.violation_versions was a table holding every version, the current ones a second copy of
-- core.violations' content. Past versions now live in core.violation_past_versions and
-- core.violation_versions is a view over both (core_violation_versions.sql), so a backfill
-- writes each record's content once. Keeps every version; the current ones' load run moves to
-- core.violations.version_run_id.
ALTER TABLE core.violations ADD COLUMN IF NOT EXISTS version_run_id VARCHAR;
UPDATE core.violations AS v
SET version_run_id = c.loaded_run_id
FROM core.violation_versions AS c
WHERE c.record_id = v.record_id AND c.is_current;
DELETE FROM core.violation_versions WHERE is_current;
ALTER TABLE core.violation_versions DROP COLUMN is_current;
ALTER TABLE core.violation_versions RENAME TO violation_past_versions;

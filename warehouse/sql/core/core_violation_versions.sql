-- core.violation_versions: every distinct content of every violation record: its past versions
-- (core.violation_past_versions) and its current one (its row in core.violations, is_current).
-- A record whose content_hash differs from its current version, seen later than that version
-- began, gets version n+1 (core_violations.sql); re-loading a run, or an older run, adds nothing.
-- A view: the current content is stored once, in core.violations.
CREATE OR REPLACE VIEW core.violation_versions AS
SELECT
    v.* EXCLUDE (
        first_seen_at, last_seen_at, first_seen_run_id, last_seen_run_id, taken_down_at, taken_down_run_id,
        company_id, match_band, version_run_id, facts
    ),
    v.fetched_at AS valid_from,
    NULL::TIMESTAMPTZ AS valid_to,
    true AS is_current,
    v.version_run_id AS loaded_run_id,
    v.facts
FROM core.violations AS v
UNION ALL BY NAME
SELECT p.*, false AS is_current
FROM core.violation_past_versions AS p;

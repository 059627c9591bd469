-- core.violation_resolutions: what suppliers published about each violation, one row per
-- (record_id, company_id, stage, at, url): explanation, corrective_action, third_party_audit,
-- resolved. Append-only: the input file is a log, and re-reading it adds nothing new.
CREATE TABLE IF NOT EXISTS core.violation_resolutions AS
SELECT *, getvariable('run_id') AS loaded_run_id FROM staging.resolutions LIMIT 0;

INSERT INTO core.violation_resolutions BY NAME
SELECT s.*, getvariable('run_id') AS loaded_run_id
FROM staging.resolutions AS s
WHERE NOT EXISTS (
    SELECT 1 FROM core.violation_resolutions AS r
    WHERE r.record_id = s.record_id
      AND r.company_id IS NOT DISTINCT FROM s.company_id
      AND r.stage = s.stage
      AND r."at" IS NOT DISTINCT FROM s."at"
      AND r.url IS NOT DISTINCT FROM s.url
);

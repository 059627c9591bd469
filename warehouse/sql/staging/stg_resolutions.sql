-- staging.resolutions: supplier explanations / corrective actions, known stages only, exact
-- duplicates dropped.
CREATE OR REPLACE VIEW staging.resolutions AS
SELECT DISTINCT record_id, company_id, stage, TRY_CAST(nullif("at", '') AS TIMESTAMPTZ) AS "at", url
FROM raw.resolutions
WHERE record_id IS NOT NULL
  AND stage IN ('explanation', 'corrective_action', 'third_party_audit', 'resolved');

-- Row-level evidence 2/3: every violation record in the period of a screened supplier company,
-- with how far the supplier's feedback on it got by the cutoff. Parameters: $period_start,
-- $period_end (DATE), $resolution_cutoff (TIMESTAMPTZ, exclusive). Needs evidence_suppliers.
-- A violation belongs to the period of its decision (publication date when the decision date is
-- unknown). Records later taken down at the source still count: once seen, never lost.
-- Stages are cumulative: corrective action implies the explanation step was passed, and so on.
-- The audit is optional, so "resolved" does not imply "audited".
CREATE OR REPLACE TEMP TABLE evidence_violations AS
WITH stages AS (
    SELECT record_id,
           bool_or(stage IN ('explanation', 'corrective_action', 'third_party_audit', 'resolved')) AS explained,
           bool_or(stage IN ('corrective_action', 'third_party_audit', 'resolved')) AS corrected,
           bool_or(stage = 'third_party_audit') AS audited,
           min("at") FILTER (WHERE stage = 'resolved') AS resolved_at
    FROM core.violation_resolutions
    WHERE "at" < $resolution_cutoff
    GROUP BY record_id
)
SELECT v.record_id, v.company_id, coalesce(v.violation_key, v.record_id) AS violation_key,
       CAST(coalesce(v.decision_date, v.publish_date) AS DATE) AS decided,
       v.decision_no, v.fine_yuan, v.source_url,
       coalesce(s.explained, false) AS explained,
       coalesce(s.corrected, false) AS corrected,
       coalesce(s.audited, false) AS audited,
       s.resolved_at
FROM core.violations AS v
LEFT JOIN stages AS s USING (record_id)
WHERE v.company_id IN (SELECT company_id FROM evidence_suppliers WHERE company_id IS NOT NULL)
  AND CAST(coalesce(v.decision_date, v.publish_date) AS DATE) BETWEEN $period_start AND $period_end

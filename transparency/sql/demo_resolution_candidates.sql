-- Violations the demo's supplier feedback is generated for (simulator/resolutions.py): one row per
-- decision (violation_key: the same decision republished on several sites gets feedback once,
-- filed against its first record), with the decision date and whether the company is on any
-- brand's supplier list (brands push their suppliers to explain; other firms rarely do).
WITH suppliers AS (
    SELECT DISTINCT company_id FROM core.brand_suppliers WHERE accepted AND company_id IS NOT NULL
)
SELECT min(v.record_id) AS record_id,
       v.company_id,
       CAST(min(coalesce(v.decision_date, v.publish_date)) AS DATE) AS decided,
       bool_or(s.company_id IS NOT NULL) AS is_supplier
FROM core.violations v
LEFT JOIN suppliers s USING (company_id)
WHERE v.company_id IS NOT NULL
  AND coalesce(v.decision_date, v.publish_date) IS NOT NULL
GROUP BY v.company_id, coalesce(v.violation_key, v.record_id)
ORDER BY record_id

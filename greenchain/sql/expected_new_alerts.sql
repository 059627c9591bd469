-- The new-violation alerts a run should produce: violations first seen in run $run_id whose
-- accepted company is a brand's accepted supplier, or a branch of one.
SELECT DISTINCT bs.brand_id, v.record_id
FROM core.violations AS v
JOIN core.companies AS c ON c.company_id = v.company_id
JOIN core.brand_suppliers AS bs
  ON bs.accepted AND (bs.company_id = v.company_id OR bs.company_id = c.parent_company_id)
WHERE v.first_seen_run_id = $run_id
ORDER BY ALL

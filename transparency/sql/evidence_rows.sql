-- One brand's evidence rows, as written to data/index/<period>/evidence/<brand>.csv: its supplier
-- rows, the period's violations of its screened suppliers, their disclosures for the year. Each row
-- says which facts (transparency/facts.py) it counts towards. Parameter: $brand_id.
SELECT 'supplier' AS kind, s.supplier_row_id, s.supplier_name, s.tier, s.match_band,
       s.company_id, s.company_name,
       NULL::VARCHAR AS record_id, NULL::VARCHAR AS violation_key, NULL::VARCHAR AS decision_no,
       NULL::DATE AS decided, NULL::VARCHAR AS fine_yuan, NULL::BOOLEAN AS explained,
       NULL::BOOLEAN AS corrected, NULL::BOOLEAN AS audited, NULL::TIMESTAMPTZ AS resolved_at,
       NULL::VARCHAR AS title, NULL::BOOLEAN AS pollutant_release, NULL::BOOLEAN AS energy_carbon,
       NULL::VARCHAR AS source_url,
       concat_ws(' ', 'suppliers_listed',
                 CASE WHEN s.company_id IS NOT NULL THEN 'suppliers_screened screened_share' END,
                 CASE WHEN s.tier IS NOT NULL THEN 'max_tier_listed upstream_tier_share' END) AS counts_towards
FROM evidence_suppliers AS s
WHERE s.brand_id = $brand_id
UNION ALL
SELECT 'violation', NULL, NULL, NULL, NULL, v.company_id, c.company_name, v.record_id, v.violation_key,
       v.decision_no, v.decided, CAST(v.fine_yuan AS VARCHAR), v.explained, v.corrected, v.audited,
       v.resolved_at, NULL, NULL, NULL, v.source_url,
       'violating_suppliers violating_share explained_share corrected_share audited_share resolved_share'
       || CASE WHEN v.resolved_at IS NOT NULL THEN ' median_days_to_resolution' ELSE '' END
FROM evidence_violations AS v
JOIN (SELECT DISTINCT company_id, company_name FROM evidence_suppliers WHERE brand_id = $brand_id) AS c
    USING (company_id)
UNION ALL
SELECT 'disclosure', NULL, NULL, NULL, NULL, d.company_id, c.company_name, d.record_id, NULL, NULL,
       d.publish_date, NULL, NULL, NULL, NULL, NULL, d.title, d.pollutant_release, d.energy_carbon,
       d.source_url,
       concat_ws(' ', CASE WHEN d.pollutant_release THEN 'pollutant_disclosure_share' END,
                 CASE WHEN d.energy_carbon THEN 'energy_carbon_disclosure_share' END)
FROM evidence_disclosures AS d
JOIN (SELECT DISTINCT company_id, company_name FROM evidence_suppliers WHERE brand_id = $brand_id) AS c
    USING (company_id)
ORDER BY CASE kind WHEN 'supplier' THEN 1 WHEN 'violation' THEN 2 ELSE 3 END, company_id NULLS LAST,
         supplier_row_id, decided, record_id

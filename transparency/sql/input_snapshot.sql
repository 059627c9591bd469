-- A fingerprint of every warehouse row the index reads for one period: row count and md5 of the
-- sorted rows, per input. Same parameters as brand_evidence.sql. Two runs with equal fingerprints
-- (and equal methodology and questionnaire hashes) must give equal scores.
SELECT 'core.brands' AS input, count(*) AS n_rows,
       md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) AS md5
FROM (SELECT CAST([brand_id] AS VARCHAR) AS r FROM core.brands)
UNION ALL
SELECT 'core.brand_suppliers', count(*), md5(coalesce(string_agg(r, chr(10) ORDER BY r), ''))
FROM (SELECT CAST([brand_id, CAST(supplier_row_id AS VARCHAR), CAST(company_id AS VARCHAR),
                   CAST(accepted AS VARCHAR), CAST(tier AS VARCHAR)] AS VARCHAR) AS r
      FROM core.brand_suppliers)
UNION ALL
SELECT 'core.violations', count(*), md5(coalesce(string_agg(r, chr(10) ORDER BY r), ''))
FROM (SELECT CAST([CAST(record_id AS VARCHAR), CAST(company_id AS VARCHAR), CAST(violation_key AS VARCHAR),
                   CAST(coalesce(decision_date, publish_date) AS VARCHAR)] AS VARCHAR) AS r
      FROM core.violations
      WHERE company_id IS NOT NULL
        AND CAST(coalesce(decision_date, publish_date) AS DATE) BETWEEN $period_start AND $period_end)
UNION ALL
SELECT 'core.violation_resolutions', count(*), md5(coalesce(string_agg(r, chr(10) ORDER BY r), ''))
FROM (SELECT CAST([CAST(record_id AS VARCHAR), stage, CAST("at" AS VARCHAR)] AS VARCHAR) AS r
      FROM core.violation_resolutions
      WHERE "at" < $resolution_cutoff)
UNION ALL
SELECT 'core.supplier_disclosures', count(*), md5(coalesce(string_agg(r, chr(10) ORDER BY r), ''))
FROM (SELECT CAST([CAST(company_id AS VARCHAR), title, CAST(publish_date AS VARCHAR),
                   CAST(decision_date AS VARCHAR), md5(coalesce(facts, ''))] AS VARCHAR) AS r
      FROM core.supplier_disclosures
      WHERE company_id IS NOT NULL)
ORDER BY input

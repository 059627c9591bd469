-- marts.violations_by_region: violations and fines by province, city, year and violation type.
-- A violation with several types counts once under each type; the rows with violation_type NULL
-- are the all-types totals (use them for fines and counts across types, which per-type rows
-- would double-count).
CREATE OR REPLACE TABLE marts.violations_by_region AS
WITH typed AS (
    SELECT
        h.*,
        unnest(CASE WHEN len(h.violation_types) > 0 THEN list_distinct(h.violation_types) ELSE ['unknown'] END)
            AS violation_type
    FROM marts.violation_history AS h
)
SELECT
    coalesce(province, '(unknown)') AS province,
    coalesce(city, '(unknown)') AS city,
    year,
    violation_type,
    count(*) AS violations,
    coalesce(sum(fine_yuan), 0) AS fines_yuan,
    count(DISTINCT coalesce(company_id, party_name)) AS parties
FROM typed
GROUP BY ALL
UNION ALL
SELECT
    coalesce(province, '(unknown)') AS province,
    coalesce(city, '(unknown)') AS city,
    year,
    NULL AS violation_type,
    count(*) AS violations,
    coalesce(sum(fine_yuan), 0) AS fines_yuan,
    count(DISTINCT coalesce(company_id, party_name)) AS parties
FROM marts.violation_history
GROUP BY ALL;

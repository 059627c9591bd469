-- marts.company_violations: per matched company, its violation record over time: how many, over
-- which years, fines, how many are unresolved or taken down, and whether it is a repeat offender
-- (violations in two or more different years).
CREATE OR REPLACE TABLE marts.company_violations AS
SELECT
    h.company_id,
    c.name AS company_name,
    c.uscc,
    c.province,
    c.city,
    count(*) AS violations,
    count(DISTINCT h.year) AS years_with_violations,
    list(DISTINCT h.year ORDER BY h.year) FILTER (WHERE h.year IS NOT NULL) AS years,
    min(h.decision_date) AS first_decision_date,
    max(h.decision_date) AS last_decision_date,
    coalesce(sum(h.fine_yuan), 0) AS fines_yuan,
    count(*) FILTER (WHERE NOT h.resolved) AS unresolved,
    count(*) FILTER (WHERE h.taken_down_at IS NOT NULL) AS taken_down,
    count(DISTINCT h.year) >= 2 AS repeat_offender
FROM marts.violation_history AS h
LEFT JOIN core.companies AS c USING (company_id)
WHERE h.company_id IS NOT NULL
GROUP BY ALL;

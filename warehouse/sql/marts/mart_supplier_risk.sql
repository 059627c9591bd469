-- marts.supplier_risk: per brand and supplier row, the supplier's violations (through its accepted
-- company match) and a risk level: high = an unresolved violation decided in the 365 days before
-- as_of; medium = any unresolved violation or any in the last 365 days; low = older, resolved
-- ones only; none = no violations (or no accepted match: see matched).
CREATE OR REPLACE TABLE marts.supplier_risk AS
WITH per_supplier AS (
    SELECT
        s.brand_id,
        s.supplier_row_id,
        s.supplier_name,
        s.company_id,
        s.accepted AS matched,
        s.band,
        s.score,
        count(h.violation_key) AS violations,
        count(h.violation_key) FILTER (WHERE h.decision_date >= getvariable('as_of') - INTERVAL 365 DAY)
            AS violations_365d,
        count(h.violation_key) FILTER (WHERE NOT h.resolved) AS unresolved,
        count(h.violation_key) FILTER (
            WHERE NOT h.resolved AND h.decision_date >= getvariable('as_of') - INTERVAL 365 DAY
        ) AS unresolved_365d,
        coalesce(sum(h.fine_yuan), 0) AS fines_yuan,
        max(h.decision_date) AS last_decision_date
    FROM core.brand_suppliers AS s
    LEFT JOIN marts.violation_history AS h ON s.accepted AND h.company_id = s.company_id
    GROUP BY ALL
)
SELECT
    p.*,
    b.name AS brand_name,
    c.name AS company_name,
    CASE
        WHEN p.unresolved_365d > 0 THEN 'high'
        WHEN p.unresolved > 0 OR p.violations_365d > 0 THEN 'medium'
        WHEN p.violations > 0 THEN 'low'
        ELSE 'none'
    END AS risk_level,
    getvariable('as_of') AS as_of
FROM per_supplier AS p
LEFT JOIN core.brands AS b USING (brand_id)
LEFT JOIN core.companies AS c USING (company_id);

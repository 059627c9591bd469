-- Warehouse evidence per brand for one index period: one row per core.brands row, columns named
-- as the facts of transparency/facts.py (plus the counts the shares are made of, for the report).
-- Computed only from the row-level evidence tables (evidence_suppliers.sql, evidence_violations.sql,
-- evidence_disclosures.sql), which the report links per brand. The session runs in Asia/Shanghai
-- time, so dates are the bureaus' dates. A share whose denominator is zero is NULL: "no evidence",
-- which earns no points.
WITH listed AS (
    SELECT b.brand_id,
           count(s.supplier_row_id) AS suppliers_listed,
           count(s.company_id) AS suppliers_screened,
           count(DISTINCT s.company_id) AS screened_companies,
           max(s.tier) AS max_tier_listed,
           count(*) FILTER (WHERE s.tier >= 2) AS upstream_rows
    FROM core.brands AS b
    LEFT JOIN evidence_suppliers AS s USING (brand_id)
    GROUP BY b.brand_id
),
supplier_companies AS (
    SELECT DISTINCT brand_id, company_id FROM evidence_suppliers WHERE company_id IS NOT NULL
),
-- The same decision published on several sites is one violation (violation_key); feedback filed
-- against any site's copy of a decision counts for the decision.
per_violation AS (
    SELECT company_id, violation_key,
           min(decided) AS decided,
           bool_or(explained) AS explained,
           bool_or(corrected) AS corrected,
           bool_or(audited) AS audited,
           min(resolved_at) AS resolved_at
    FROM evidence_violations
    GROUP BY company_id, violation_key
),
-- A supplier counts as having explained (corrected, …) only when it did so for every violation.
per_company AS (
    SELECT company_id,
           bool_and(explained) AS explained,
           bool_and(corrected) AS corrected,
           bool_and(audited) AS audited,
           bool_and(resolved_at IS NOT NULL) AS resolved
    FROM per_violation
    GROUP BY company_id
),
brand_violations AS (
    SELECT c.brand_id,
           count(*) AS violating_suppliers,
           count(*) FILTER (WHERE p.explained) AS explained_suppliers,
           count(*) FILTER (WHERE p.corrected) AS corrected_suppliers,
           count(*) FILTER (WHERE p.audited) AS audited_suppliers,
           count(*) FILTER (WHERE p.resolved) AS resolved_suppliers
    FROM supplier_companies AS c
    JOIN per_company AS p USING (company_id)
    GROUP BY c.brand_id
),
brand_resolution_days AS (
    SELECT c.brand_id,
           count(*) AS resolved_violations,
           median(date_diff('day', v.decided, CAST(v.resolved_at AS DATE))) AS median_days_to_resolution
    FROM supplier_companies AS c
    JOIN per_violation AS v USING (company_id)
    WHERE v.resolved_at IS NOT NULL
    GROUP BY c.brand_id
),
brand_disclosures AS (
    SELECT c.brand_id,
           count(DISTINCT c.company_id) FILTER (WHERE d.pollutant_release) AS pollutant_disclosers,
           count(DISTINCT c.company_id) FILTER (WHERE d.energy_carbon) AS energy_carbon_disclosers
    FROM supplier_companies AS c
    JOIN evidence_disclosures AS d USING (company_id)
    GROUP BY c.brand_id
)
SELECT l.brand_id,
       l.suppliers_listed,
       l.suppliers_screened,
       l.screened_companies,
       l.suppliers_screened / nullif(l.suppliers_listed, 0) AS screened_share,
       coalesce(v.violating_suppliers, 0) AS violating_suppliers,
       coalesce(v.violating_suppliers, 0) / nullif(l.screened_companies, 0) AS violating_share,
       coalesce(v.explained_suppliers, 0) AS explained_suppliers,
       coalesce(v.corrected_suppliers, 0) AS corrected_suppliers,
       coalesce(v.audited_suppliers, 0) AS audited_suppliers,
       coalesce(v.resolved_suppliers, 0) AS resolved_suppliers,
       v.explained_suppliers / nullif(v.violating_suppliers, 0) AS explained_share,
       v.corrected_suppliers / nullif(v.violating_suppliers, 0) AS corrected_share,
       v.audited_suppliers / nullif(v.violating_suppliers, 0) AS audited_share,
       v.resolved_suppliers / nullif(v.violating_suppliers, 0) AS resolved_share,
       coalesce(r.resolved_violations, 0) AS resolved_violations,
       CAST(r.median_days_to_resolution AS DOUBLE) AS median_days_to_resolution,
       coalesce(d.pollutant_disclosers, 0) AS pollutant_disclosers,
       coalesce(d.energy_carbon_disclosers, 0) AS energy_carbon_disclosers,
       coalesce(d.pollutant_disclosers, 0) / nullif(l.screened_companies, 0) AS pollutant_disclosure_share,
       coalesce(d.energy_carbon_disclosers, 0) / nullif(l.screened_companies, 0) AS energy_carbon_disclosure_share,
       l.max_tier_listed,
       l.upstream_rows / nullif(l.suppliers_listed, 0) AS upstream_tier_share
FROM listed AS l
LEFT JOIN brand_violations AS v USING (brand_id)
LEFT JOIN brand_resolution_days AS r USING (brand_id)
LEFT JOIN brand_disclosures AS d USING (brand_id)
ORDER BY l.brand_id

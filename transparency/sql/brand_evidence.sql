-- Warehouse evidence per brand for one index period: one row per core.brands row, columns named
-- as the facts of transparency/facts.py (plus the counts the shares are made of, for the report).
-- Parameters: $period_start, $period_end (DATE), $resolution_cutoff (TIMESTAMPTZ, exclusive),
-- $year (INTEGER). The session runs in Asia/Shanghai time, so dates are the bureaus' dates.
-- A share whose denominator is zero is NULL: "no evidence", which earns no points.
WITH suppliers AS (
    -- screened = matched to a registry company and the match accepted (auto band or a reviewer's yes)
    SELECT brand_id, supplier_row_id,
           CASE WHEN accepted THEN company_id END AS company_id,
           TRY_CAST(tier AS INTEGER) AS tier
    FROM core.brand_suppliers
),
listed AS (
    SELECT b.brand_id,
           count(s.supplier_row_id) AS suppliers_listed,
           count(s.company_id) AS suppliers_screened,
           count(DISTINCT s.company_id) AS screened_companies,
           max(s.tier) AS max_tier_listed,
           count(*) FILTER (WHERE s.tier >= 2) AS upstream_rows
    FROM core.brands b
    LEFT JOIN suppliers s USING (brand_id)
    GROUP BY b.brand_id
),
supplier_companies AS (
    SELECT DISTINCT brand_id, company_id FROM suppliers WHERE company_id IS NOT NULL
),
-- A violation belongs to the period of its decision (publication date when the decision date is
-- unknown). The same decision published on several sites is one violation (violation_key).
-- Records later taken down at the source still count: once seen, never lost.
violation_records AS (
    SELECT record_id, company_id, coalesce(violation_key, record_id) AS violation_key,
           CAST(coalesce(decision_date, publish_date) AS DATE) AS decided
    FROM core.violations
    WHERE company_id IS NOT NULL
      AND CAST(coalesce(decision_date, publish_date) AS DATE) BETWEEN $period_start AND $period_end
),
-- Stages are cumulative: corrective action implies the explanation step was passed, and so on.
-- The audit is optional, so "resolved" does not imply "audited".
stages AS (
    SELECT record_id,
           bool_or(stage IN ('explanation', 'corrective_action', 'third_party_audit', 'resolved')) AS explained,
           bool_or(stage IN ('corrective_action', 'third_party_audit', 'resolved')) AS corrected,
           bool_or(stage = 'third_party_audit') AS audited,
           min("at") FILTER (WHERE stage = 'resolved') AS resolved_at
    FROM core.violation_resolutions
    WHERE "at" < $resolution_cutoff
    GROUP BY record_id
),
-- Feedback filed against any site's copy of a decision counts for the decision.
per_violation AS (
    SELECT v.company_id, v.violation_key,
           min(v.decided) AS decided,
           coalesce(bool_or(s.explained), false) AS explained,
           coalesce(bool_or(s.corrected), false) AS corrected,
           coalesce(bool_or(s.audited), false) AS audited,
           min(s.resolved_at) AS resolved_at
    FROM violation_records v
    LEFT JOIN stages s USING (record_id)
    GROUP BY v.company_id, v.violation_key
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
    FROM supplier_companies c
    JOIN per_company p USING (company_id)
    GROUP BY c.brand_id
),
brand_resolution_days AS (
    SELECT c.brand_id,
           count(*) AS resolved_violations,
           median(date_diff('day', v.decided, CAST(v.resolved_at AS DATE))) AS median_days_to_resolution
    FROM supplier_companies c
    JOIN per_violation v USING (company_id)
    WHERE v.resolved_at IS NOT NULL
    GROUP BY c.brand_id
),
-- Enterprise disclosure reports (MEE Order No. 24). An annual report covers the year named in its
-- title ("2025年度…"), else the year before publication (annual reports are due by 15 March).
-- The kind of data is recognized by its words: an Order No. 24 report (依法披露) always carries
-- pollutant generation, treatment and discharge (its part 3); carbon/energy data appears only for
-- firms that must report it, or in a separate greenhouse-gas report.
-- Temporary reports (临时报告, after a penalty) are not annual disclosure.
disclosures AS (
    SELECT company_id,
           coalesce(TRY_CAST(regexp_extract(title, '(20[0-9]{2})\s*年度', 1) AS INTEGER),
                    year(coalesce(publish_date, decision_date)) - 1) AS disclosure_year,
           regexp_matches(coalesce(title, '') || ' ' || coalesce(facts, ''), '依法披露|污染物|排污|废水|废气')
               AS pollutant_release,
           regexp_matches(coalesce(title, '') || ' ' || coalesce(facts, ''), '碳排放|温室气体|能源消耗|能耗')
               AS energy_carbon
    FROM core.supplier_disclosures
    WHERE company_id IS NOT NULL
      AND NOT contains(coalesce(title, ''), '临时')
),
brand_disclosures AS (
    SELECT c.brand_id,
           count(DISTINCT c.company_id) FILTER (WHERE d.pollutant_release) AS pollutant_disclosers,
           count(DISTINCT c.company_id) FILTER (WHERE d.energy_carbon) AS energy_carbon_disclosers
    FROM supplier_companies c
    JOIN disclosures d ON d.company_id = c.company_id AND d.disclosure_year = $year
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
FROM listed l
LEFT JOIN brand_violations v USING (brand_id)
LEFT JOIN brand_resolution_days r USING (brand_id)
LEFT JOIN brand_disclosures d USING (brand_id)
ORDER BY l.brand_id

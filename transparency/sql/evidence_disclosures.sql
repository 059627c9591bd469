-- Row-level evidence 3/3: the screened supplier companies' enterprise disclosure reports (MEE Order
-- No. 24) for the year. Parameter: $year (INTEGER). Needs evidence_suppliers.
-- An annual report covers the year named in its title ("2025年度…"), else the year before
-- publication (annual reports are due by 15 March). The kind of data is recognized by its words: an
-- Order No. 24 report (依法披露) always carries pollutant generation, treatment and discharge (its
-- part 3); carbon/energy data appears only for firms that must report it, or in a separate
-- greenhouse-gas report. Temporary reports (临时报告, after a penalty) are not annual disclosure.
CREATE OR REPLACE TEMP TABLE evidence_disclosures AS
SELECT *
FROM (
    SELECT record_id, company_id, title, publish_date, source_url,
           coalesce(TRY_CAST(regexp_extract(title, '(20[0-9]{2})\s*年度', 1) AS INTEGER),
                    year(coalesce(publish_date, decision_date)) - 1) AS disclosure_year,
           regexp_matches(coalesce(title, '') || ' ' || coalesce(facts, ''), '依法披露|污染物|排污|废水|废气')
               AS pollutant_release,
           regexp_matches(coalesce(title, '') || ' ' || coalesce(facts, ''), '碳排放|温室气体|能源消耗|能耗')
               AS energy_carbon
    FROM core.supplier_disclosures
    WHERE company_id IN (SELECT company_id FROM evidence_suppliers WHERE company_id IS NOT NULL)
      AND NOT contains(coalesce(title, ''), '临时')
)
WHERE disclosure_year = $year

-- What the demo (or any run) left in the published warehouse: one row of headline counts.
SELECT
    (SELECT count(*) FROM core.violations)                                   AS records_loaded,
    (SELECT count(*) FROM core.violations WHERE taken_down_at IS NOT NULL)   AS records_taken_down,
    (SELECT count(*) FROM core.key_polluter_listings)                        AS listings_loaded,
    (SELECT count(*) FROM core.supplier_disclosures)                         AS disclosures_loaded,
    (SELECT count(DISTINCT source_id) FROM core.violations)                  AS sources_with_records,
    (SELECT count(DISTINCT record_id) FROM core.violation_matches WHERE accepted) AS records_matched_auto,
    (SELECT count(DISTINCT record_id) FROM core.violation_matches WHERE band = 'review' AND NOT coalesce(accepted, false)) AS records_in_review,
    (SELECT count(*) FROM core.brand_suppliers)                              AS supplier_rows,
    (SELECT count(*) FROM core.brand_suppliers WHERE company_id IS NOT NULL) AS suppliers_matched,
    (SELECT count(DISTINCT brand_id) FROM core.brand_suppliers)              AS brands

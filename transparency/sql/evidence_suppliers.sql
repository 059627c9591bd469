-- Row-level evidence 1/3: every supplier row of every brand, screened or not. brand_evidence.sql
-- computes the supplier facts from exactly these rows, and they are written to
-- data/index/<period>/evidence/<brand>.csv, so every figure can be traced to the rows behind it.
-- Screened = matched to a registry company and the match accepted (auto band or a reviewer's yes).
CREATE OR REPLACE TEMP TABLE evidence_suppliers AS
SELECT s.brand_id, s.supplier_row_id, s.supplier_name, TRY_CAST(s.tier AS INTEGER) AS tier,
       s.band AS match_band,
       CASE WHEN s.accepted THEN s.company_id END AS company_id,
       CASE WHEN s.accepted THEN c.name END AS company_name
FROM core.brand_suppliers AS s
LEFT JOIN core.companies AS c ON c.company_id = s.company_id AND s.accepted

-- core.brand_suppliers: each brand's supplier rows with their match. company_id is the matched
-- candidate; `accepted` says whether it counts (auto band or a positive judgement). A brand in
-- this run's supplier_matches gets its whole list replaced (the list file is a full snapshot).
CREATE TABLE IF NOT EXISTS core.brand_suppliers AS
SELECT * EXCLUDE (run_id), run_id AS matched_run_id FROM staging.supplier_matches LIMIT 0;
ALTER TABLE core.brand_suppliers ADD COLUMN IF NOT EXISTS branch_of VARCHAR;

DELETE FROM core.brand_suppliers
WHERE brand_id IN (SELECT DISTINCT brand_id FROM staging.supplier_matches);

INSERT INTO core.brand_suppliers BY NAME
SELECT * EXCLUDE (run_id), run_id AS matched_run_id FROM staging.supplier_matches;

-- judgements made after the list was matched still win
UPDATE core.brand_suppliers AS b
SET judged = true,
    judgement = j.judgement,
    accepted = j.judgement = 'positive'
        OR (list_contains(getvariable('accepted_bands'), b.band) AND j.judgement <> 'negative')
FROM staging.judgements AS j
WHERE j.left_id = b.supplier_row_id
  AND j.company_id = b.company_id
  AND b.judgement IS DISTINCT FROM j.judgement;

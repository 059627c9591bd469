-- core.supplier_disclosures: enterprise environmental disclosure reports (MEE Order No. 24), the
-- latest content per record_id, with first/last seen and the company of the accepted match.
CREATE TABLE IF NOT EXISTS core.supplier_disclosures AS
SELECT
    record_id, source_id, source_url, snapshot_sha256, title, party_name, party_name_raw, uscc,
    province, city, county, authority, publish_date, decision_date, content_hash, fetched_at,
    fetched_at AS first_seen_at, fetched_at AS last_seen_at, run_id AS last_seen_run_id,
    NULL::VARCHAR AS company_id
FROM staging.disclosures
LIMIT 0;
ALTER TABLE core.supplier_disclosures ADD COLUMN IF NOT EXISTS facts VARCHAR USING COMPRESSION zstd;

MERGE INTO core.supplier_disclosures AS t
USING (
    SELECT
        record_id, source_id, source_url, snapshot_sha256, title, party_name, party_name_raw, uscc,
        province, city, county, authority, publish_date, decision_date, facts, content_hash, fetched_at,
        fetched_at AS first_seen_at, fetched_at AS last_seen_at, run_id AS last_seen_run_id,
        NULL::VARCHAR AS company_id
    FROM staging.disclosures
) AS s
ON t.record_id = s.record_id
WHEN MATCHED AND s.fetched_at > t.last_seen_at THEN UPDATE SET
    source_url = s.source_url,
    snapshot_sha256 = s.snapshot_sha256,
    title = s.title,
    party_name = s.party_name,
    party_name_raw = s.party_name_raw,
    uscc = s.uscc,
    province = s.province,
    city = s.city,
    county = s.county,
    authority = s.authority,
    publish_date = s.publish_date,
    decision_date = s.decision_date,
    facts = s.facts,
    content_hash = s.content_hash,
    fetched_at = s.fetched_at,
    last_seen_at = s.fetched_at,
    last_seen_run_id = s.last_seen_run_id
WHEN MATCHED THEN UPDATE SET first_seen_at = least(t.first_seen_at, s.fetched_at)
WHEN NOT MATCHED THEN INSERT BY NAME;

UPDATE core.supplier_disclosures AS d
SET company_id = CASE WHEN m.accepted THEN m.company_id END
FROM core.violation_matches AS m
WHERE m.record_id = d.record_id
  AND d.company_id IS DISTINCT FROM CASE WHEN m.accepted THEN m.company_id END;

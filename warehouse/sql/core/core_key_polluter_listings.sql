-- core.key_polluter_listings: entries of the key-polluter lists (环境监管重点单位名录), latest per
-- record_id, with first/last seen and the company of the accepted match. Not violations.
CREATE TABLE IF NOT EXISTS core.key_polluter_listings AS
SELECT
    record_id, source_id, source_url, title, party_name, uscc, province, city, county, authority,
    publish_date, content_hash, fetched_at,
    fetched_at AS first_seen_at, fetched_at AS last_seen_at, run_id AS last_seen_run_id,
    NULL::VARCHAR AS company_id
FROM staging.key_polluter_listings
LIMIT 0;

MERGE INTO core.key_polluter_listings AS t
USING (
    SELECT
        record_id, source_id, source_url, title, party_name, uscc, province, city, county, authority,
        publish_date, content_hash, fetched_at,
        fetched_at AS first_seen_at, fetched_at AS last_seen_at, run_id AS last_seen_run_id,
        NULL::VARCHAR AS company_id
    FROM staging.key_polluter_listings
) AS s
ON t.record_id = s.record_id
WHEN MATCHED AND s.fetched_at > t.last_seen_at THEN UPDATE SET
    source_url = s.source_url,
    title = s.title,
    party_name = s.party_name,
    uscc = s.uscc,
    province = s.province,
    city = s.city,
    county = s.county,
    authority = s.authority,
    publish_date = s.publish_date,
    content_hash = s.content_hash,
    fetched_at = s.fetched_at,
    last_seen_at = s.fetched_at,
    last_seen_run_id = s.last_seen_run_id
WHEN MATCHED THEN UPDATE SET first_seen_at = least(t.first_seen_at, s.fetched_at)
WHEN NOT MATCHED THEN INSERT BY NAME;

UPDATE core.key_polluter_listings AS k
SET company_id = CASE WHEN m.accepted THEN m.company_id END
FROM core.violation_matches AS m
WHERE m.record_id = k.record_id
  AND k.company_id IS DISTINCT FROM CASE WHEN m.accepted THEN m.company_id END;

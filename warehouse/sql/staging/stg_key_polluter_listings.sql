-- staging.key_polluter_listings: this run's key-polluter list entries (环境监管重点单位名录).
CREATE OR REPLACE VIEW staging.key_polluter_listings AS
SELECT *, getvariable('run_id') AS run_id
FROM raw.records
WHERE doc_kind = 'key_polluter_listing'
QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY fetched_at DESC, content_hash) = 1;

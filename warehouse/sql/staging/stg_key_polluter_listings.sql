-- staging.key_polluter_listings: this run's key-polluter list entries (环境监管重点单位名录).
CREATE OR REPLACE VIEW staging.key_polluter_listings AS
WITH latest AS (
    SELECT arg_max(row_no, (fetched_at, content_hash)) AS keep_row_no
    FROM raw.records
    WHERE doc_kind = 'key_polluter_listing'
    GROUP BY record_id
)
SELECT r.* EXCLUDE (row_no), getvariable('run_id') AS run_id
FROM raw.records AS r
SEMI JOIN latest ON r.row_no = latest.keep_row_no;

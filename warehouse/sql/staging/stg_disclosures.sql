-- staging.disclosures: this run's enterprise disclosure reports (企业环境信息依法披露), one per record_id.
CREATE OR REPLACE VIEW staging.disclosures AS
WITH latest AS (
    SELECT arg_max(row_no, (fetched_at, content_hash)) AS keep_row_no
    FROM raw.records
    WHERE doc_kind = 'enterprise_disclosure'
    GROUP BY record_id
)
SELECT r.* EXCLUDE (row_no), getvariable('run_id') AS run_id
FROM raw.records AS r
SEMI JOIN latest ON r.row_no = latest.keep_row_no;

-- staging.disclosures: this run's enterprise disclosure reports (企业环境信息依法披露), one per record_id.
CREATE OR REPLACE VIEW staging.disclosures AS
WITH latest AS (
    SELECT arg_max(rowid, (fetched_at, content_hash)) AS keep_rowid
    FROM raw.records
    WHERE doc_kind = 'enterprise_disclosure'
    GROUP BY record_id
)
SELECT r.*, getvariable('run_id') AS run_id
FROM raw.records AS r
SEMI JOIN latest ON r.rowid = latest.keep_rowid;

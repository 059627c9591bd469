-- staging.disclosures: this run's enterprise disclosure reports (企业环境信息依法披露), one per record_id.
CREATE OR REPLACE VIEW staging.disclosures AS
SELECT *, getvariable('run_id') AS run_id
FROM raw.records
WHERE doc_kind = 'enterprise_disclosure'
QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY fetched_at DESC, content_hash) = 1;

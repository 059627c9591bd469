-- What this run changed, from the core tables' run columns (the same on a re-run of the run).
SELECT
    -- staging keeps one row per record_id: counted without choosing which (that reads the file twice)
    (SELECT count(*) FROM (
        SELECT DISTINCT record_id FROM raw.records WHERE list_contains(getvariable('violation_kinds'), doc_kind)
    )) AS violation_records_in_run,
    (SELECT count(*) FROM core.violation_versions WHERE loaded_run_id = getvariable('run_id')) AS versions_from_run,
    (SELECT count(*) FROM core.violation_versions
        WHERE loaded_run_id = getvariable('run_id') AND version > 1) AS changed_records_from_run,
    (SELECT count(*) FROM core.violations WHERE taken_down_run_id = getvariable('run_id')) AS taken_down_by_run,
    (SELECT count(*) FROM core.violations WHERE taken_down_at IS NOT NULL) AS taken_down_total,
    (SELECT count(*) FROM core.violations WHERE company_id IS NOT NULL) AS violations_with_company,
    (SELECT count(*) FROM raw.quarantine) AS quarantined_in_run;

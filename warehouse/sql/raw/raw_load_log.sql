-- raw.load_log: every load attempt's summary from data/warehouse/loads/*.json, failed ones
-- included (a failed load cannot write into the warehouse it refused to publish).
CREATE OR REPLACE TABLE raw.load_log (
    load_id VARCHAR,
    run_id VARCHAR,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    status VARCHAR,
    error VARCHAR,
    counts JSON,
    inputs JSON
);

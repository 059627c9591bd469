-- raw.quarantine: this run's quarantine.parquet (pages that could not become records, with why).
CREATE OR REPLACE TABLE raw.quarantine (
    source_id VARCHAR,
    source_url VARCHAR,
    snapshot_sha256 VARCHAR,
    row_index BIGINT,
    fetched_at TIMESTAMPTZ,
    reason VARCHAR,
    parser VARCHAR
);

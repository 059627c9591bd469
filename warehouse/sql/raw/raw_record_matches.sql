-- raw.record_matches: this run's data/matched/<run_id>/record_matches.parquet.
CREATE OR REPLACE TABLE raw.record_matches (
    row_no BIGINT,
    record_id VARCHAR,
    company_id VARCHAR,
    band VARCHAR,
    score DOUBLE,
    rule VARCHAR,
    runner_up_company_id VARCHAR,
    runner_up_score DOUBLE,
    explanation VARCHAR,
    branch_of VARCHAR  -- when match writes it as a column; else read from explanation in staging
);

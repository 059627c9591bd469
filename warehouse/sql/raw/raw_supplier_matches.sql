-- raw.supplier_matches: this run's data/matched/<run_id>/supplier_matches.parquet (the contract's
-- columns, then the extras match writes: the supplier row's address, country, tier, runner-up).
CREATE OR REPLACE TABLE raw.supplier_matches (
    brand_id VARCHAR,
    supplier_row_id VARCHAR,
    supplier_name VARCHAR,
    company_id VARCHAR,
    band VARCHAR,
    score DOUBLE,
    rule VARCHAR,
    explanation VARCHAR,
    address VARCHAR,
    country VARCHAR,
    tier VARCHAR,
    runner_up_company_id VARCHAR,
    runner_up_score DOUBLE,
    branch_of VARCHAR
);

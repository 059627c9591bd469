-- raw.supplier_matches: this run's data/matched/<run_id>/supplier_matches.parquet.
CREATE OR REPLACE TABLE raw.supplier_matches (
    brand_id VARCHAR,
    supplier_row_id VARCHAR,
    supplier_name VARCHAR,
    company_id VARCHAR,
    band VARCHAR,
    score DOUBLE,
    rule VARCHAR,
    explanation VARCHAR
);

-- raw.suppliers: data/reference/suppliers/<brand_id>.csv rows; row_no counts data rows from 1.
CREATE OR REPLACE TABLE raw.suppliers (
    brand_id VARCHAR,
    row_no BIGINT,
    supplier_name VARCHAR,
    address VARCHAR,
    country VARCHAR,
    tier VARCHAR,
    uscc VARCHAR
);

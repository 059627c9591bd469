-- raw.companies: data/reference/companies.parquet (the company registry), when present.
CREATE OR REPLACE TABLE raw.companies (
    company_id VARCHAR,
    name VARCHAR,
    uscc VARCHAR,
    former_names VARCHAR[],
    aliases VARCHAR[],
    english_name VARCHAR,
    address VARCHAR,
    division_code VARCHAR,
    province VARCHAR,
    city VARCHAR,
    county VARCHAR,
    parent_company_id VARCHAR
);

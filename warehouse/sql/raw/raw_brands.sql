-- raw.brands: config/brands/brands.yaml (greenchain.brands.load_brands).
CREATE OR REPLACE TABLE raw.brands (
    id VARCHAR,
    name VARCHAR,
    industry VARCHAR,
    supplier_list VARCHAR,
    supplier_language VARCHAR,
    questionnaire VARCHAR,
    webhook_url VARCHAR,
    email VARCHAR
);

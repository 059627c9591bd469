-- raw.brands: config/brands/brands.yaml (greenchain.brands.load_brands), without the brands'
-- contacts: e-mail addresses and webhook URLs belong to alerts' configuration, never to the
-- warehouse analysts read and export (warehouse/inputs.py leaves them out).
CREATE OR REPLACE TABLE raw.brands (
    id VARCHAR,
    name VARCHAR,
    industry VARCHAR,
    supplier_list VARCHAR,
    supplier_language VARCHAR,
    questionnaire VARCHAR
);

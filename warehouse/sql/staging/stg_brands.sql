-- staging.brands: brands from config/brands/brands.yaml.
CREATE OR REPLACE VIEW staging.brands AS
SELECT id AS brand_id, * EXCLUDE (id)
FROM raw.brands;

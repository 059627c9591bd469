-- core.brands: brands as configured in config/brands/brands.yaml at the latest load.
CREATE TABLE IF NOT EXISTS core.brands AS
SELECT * FROM staging.brands LIMIT 0;

-- warehouses built before contacts were kept out had them here
ALTER TABLE core.brands DROP COLUMN IF EXISTS webhook_url;
ALTER TABLE core.brands DROP COLUMN IF EXISTS email;

DELETE FROM core.brands WHERE (SELECT count(*) FROM staging.brands) > 0;
INSERT INTO core.brands BY NAME SELECT * FROM staging.brands;

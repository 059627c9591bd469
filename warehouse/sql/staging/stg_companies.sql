-- staging.companies: the company registry, one row per company_id.
CREATE OR REPLACE VIEW staging.companies AS
SELECT *
FROM raw.companies
WHERE company_id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY company_id ORDER BY name) = 1;

-- core.companies: the company registry (data/reference/companies.parquet) as of the latest load
-- that had one. The file is a full snapshot, so it replaces the table; no file, no change.
CREATE TABLE IF NOT EXISTS core.companies AS
SELECT * FROM staging.companies LIMIT 0;

DELETE FROM core.companies WHERE (SELECT count(*) FROM staging.companies) > 0;
INSERT INTO core.companies BY NAME SELECT * FROM staging.companies;

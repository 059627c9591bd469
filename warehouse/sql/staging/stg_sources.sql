-- staging.sources: the source registry with the warehouse's column names.
CREATE OR REPLACE VIEW staging.sources AS
SELECT id AS source_id, * EXCLUDE (id)
FROM raw.sources;

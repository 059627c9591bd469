-- Tables of the warehouse's own schemas, for before/after row counts.
SELECT schema_name || '.' || table_name AS name
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name IN ('core', 'marts', 'meta')
ORDER BY name;

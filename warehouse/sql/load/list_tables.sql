-- Tables and views of the warehouse's own schemas (core.violation_versions is a view), for
-- before/after row counts and exports.
SELECT schema_name || '.' || table_name AS name
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name IN ('core', 'marts', 'meta')
UNION ALL
SELECT schema_name || '.' || view_name
FROM duckdb_views()
WHERE database_name = current_database() AND schema_name IN ('core', 'marts', 'meta') AND NOT internal
ORDER BY name;

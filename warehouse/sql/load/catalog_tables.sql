-- Every table and view of the warehouse's schemas with its comment, by schema and name.
SELECT schema_name, table_name, comment
FROM duckdb_tables()
WHERE database_name = current_database() AND list_contains($schemas, schema_name)
UNION ALL
SELECT schema_name, view_name, comment
FROM duckdb_views()
WHERE database_name = current_database() AND list_contains($schemas, schema_name) AND NOT internal
ORDER BY 1, 2;

-- Whether $schema.$name is a view of this database.
SELECT count(*) > 0
FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = $schema AND view_name = $name;

-- Whether $schema.$table is a table (not a view) of this database.
SELECT count(*) > 0
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = $schema AND table_name = $table;

-- Every column with its type and comment, in table order.
SELECT schema_name, table_name, column_name, data_type, comment
FROM duckdb_columns()
WHERE database_name = current_database() AND list_contains($schemas, schema_name)
ORDER BY schema_name, table_name, column_index;

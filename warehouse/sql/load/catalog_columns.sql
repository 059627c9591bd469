-- Every column of the warehouse's tables and views: schema, table, TABLE or VIEW, column, and the
-- comments the table and column carry now.
SELECT
    c.schema_name,
    c.table_name,
    CASE WHEN v.view_name IS NULL THEN 'TABLE' ELSE 'VIEW' END,
    c.column_name,
    coalesce(t.comment, v.comment),
    c.comment
FROM duckdb_columns() AS c
LEFT JOIN duckdb_tables() AS t
    ON t.database_name = c.database_name AND t.schema_name = c.schema_name AND t.table_name = c.table_name
LEFT JOIN duckdb_views() AS v
    ON v.database_name = c.database_name AND v.schema_name = c.schema_name AND v.view_name = c.table_name
WHERE c.database_name = current_database() AND list_contains($schemas, c.schema_name)
ORDER BY c.schema_name, c.table_name, c.column_index;

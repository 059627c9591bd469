-- Columns of one table in order, with type, comment and whether the value is nested (list, struct, map).
SELECT
    column_name,
    data_type,
    comment,
    data_type LIKE '%[]' OR data_type LIKE 'STRUCT(%' OR data_type LIKE 'MAP(%' OR data_type LIKE 'UNION(%'
        OR regexp_matches(data_type, '\[\d+\]$') AS nested
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = $schema AND table_name = $table
ORDER BY column_index;

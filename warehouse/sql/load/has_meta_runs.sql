-- Whether this warehouse has meta.runs yet (a new one does not).
SELECT count(*) > 0
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'meta' AND table_name = 'runs';

-- Raw table {table} read in place from one Parquet file ({path}) for the rest of this load:
-- the declared columns by name, cast to their declared types (NULL where the file lacks one).
-- inputs.materialize_inputs turns it back into a table before the file is published.
DROP TABLE IF EXISTS {table};
CREATE VIEW {table} AS
SELECT {columns}
FROM read_parquet({path}, file_row_number = true);

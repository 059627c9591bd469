-- Append the JSON Lines file $path to raw table {table}: its declared columns by name ({columns},
-- name: type), NULL where a line lacks one; keys it does not declare are left out.
INSERT INTO {table} BY NAME
SELECT *
FROM read_json($path, format = 'newline_delimited', columns = {columns});

-- Every key used in the JSON Lines file $path (keys a raw table does not declare are reported).
SELECT DISTINCT unnest(json_keys(json))
FROM read_json_objects($path, format = 'newline_delimited');

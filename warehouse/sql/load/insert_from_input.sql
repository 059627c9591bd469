-- Keep the run's input rows in {table} (config keep_raw_rows).
INSERT INTO {table} BY NAME
SELECT * FROM {table}_input;

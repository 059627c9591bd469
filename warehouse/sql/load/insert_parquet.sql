-- Fill raw table {table} from one Parquet file ($path), matching columns by name (the others NULL).
INSERT INTO {table} BY NAME
SELECT {columns} FROM read_parquet($path);

SELECT {column}::VARCHAR FROM {table} WHERE {column} IS NOT NULL

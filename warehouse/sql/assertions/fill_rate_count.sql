-- Non-empty values of {column} (an expression inside fill_rate.sql).
count(nullif(trim({column}::VARCHAR), ''))

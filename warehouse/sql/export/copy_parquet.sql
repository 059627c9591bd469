COPY ({query}) TO {path} (FORMAT parquet, COMPRESSION zstd);

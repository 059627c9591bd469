COPY (SELECT * FROM read_parquet({src})) TO {path} (FORMAT parquet);

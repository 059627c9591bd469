-- Replace raw.index_scores with every data/index/<period>/scores.parquet (list in $files),
-- columns unioned by name; `period` is the folder name.
CREATE OR REPLACE TABLE raw.index_scores AS
SELECT
    * EXCLUDE (filename),
    regexp_extract(filename, '([^/\\]+)[/\\]scores\.parquet$', 1) AS period
FROM read_parquet($files, union_by_name = true, filename = true);

-- raw.index_scores: data/index/<period>/scores.parquet written by the transparency index, all
-- periods. Its columns belong to the index; this empty shape stands in when no period exists yet,
-- and warehouse/sql/load/index_scores.sql replaces it with the files' own columns plus `period`.
CREATE OR REPLACE TABLE raw.index_scores (
    period VARCHAR,
    brand_id VARCHAR
);

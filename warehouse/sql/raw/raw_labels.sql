-- raw.labels: config/labels.yaml and the taxonomy names (warehouse/labels.py), one row per code.
CREATE OR REPLACE TABLE raw.labels (
    code_set VARCHAR,
    code VARCHAR,
    label_zh VARCHAR,
    label_en VARCHAR
);

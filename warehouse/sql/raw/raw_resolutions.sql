-- raw.resolutions: data/reference/resolutions.jsonl, the suppliers' published explanations and
-- corrective actions per violation (stage: explanation|corrective_action|third_party_audit|resolved).
CREATE OR REPLACE TABLE raw.resolutions (
    record_id VARCHAR,
    company_id VARCHAR,
    stage VARCHAR,
    "at" VARCHAR,  -- ISO 8601 text; parsed (TRY_CAST) in staging
    url VARCHAR
);

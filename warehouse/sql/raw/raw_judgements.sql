-- raw.judgements: data/review/judgements.jsonl, reviewers' decisions (they always win over scores).
CREATE OR REPLACE TABLE raw.judgements (
    "left" VARCHAR,
    company_id VARCHAR,
    judgement VARCHAR,
    "by" VARCHAR,
    "at" VARCHAR  -- ISO 8601 text; parsed (TRY_CAST) in staging
);

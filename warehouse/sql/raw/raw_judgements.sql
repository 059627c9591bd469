-- raw.judgements: data/review/judgements.jsonl, reviewers' decisions (they always win over scores).
CREATE OR REPLACE TABLE raw.judgements (
    "left" VARCHAR,
    company_id VARCHAR,
    judgement VARCHAR,
    "by" VARCHAR,
    "at" TIMESTAMPTZ
);

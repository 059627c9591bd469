-- staging.judgements: the latest reviewer judgement per (left id, company).
CREATE OR REPLACE VIEW staging.judgements AS
SELECT "left" AS left_id, company_id, judgement, "by" AS judged_by, TRY_CAST(nullif("at", '') AS TIMESTAMPTZ) AS judged_at
FROM raw.judgements
WHERE "left" IS NOT NULL AND company_id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY "left", company_id ORDER BY TRY_CAST(nullif("at", '') AS TIMESTAMPTZ) DESC NULLS LAST, judgement) = 1;

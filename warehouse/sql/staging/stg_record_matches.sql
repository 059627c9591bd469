-- staging.record_matches: this run's best match per record, with the reviewer's judgement.
-- accepted: a positive judgement, or an accepted band ($accepted_bands) not judged negative.
-- Only records a core table holds: a prior notice or a news report is matched by the matcher but
-- is no violation, so its match has no record to attach to.
CREATE OR REPLACE VIEW staging.record_matches AS
WITH best AS (
    -- highest score first, then lowest company_id; chosen on narrow columns and joined back by
    -- row_no (a window over the rows would sort every explanation too)
    SELECT arg_min(row_no, (score IS NULL, -score, company_id)) AS keep_row_no
    FROM raw.record_matches
    WHERE record_id IS NOT NULL
      AND record_id IN (
          SELECT record_id FROM raw.records
          WHERE list_contains(getvariable('violation_kinds'), doc_kind)
             OR doc_kind IN ('enterprise_disclosure', 'key_polluter_listing')
      )
    GROUP BY record_id
),
b AS (
    SELECT m.*
    FROM raw.record_matches AS m
    SEMI JOIN best ON m.row_no = best.keep_row_no
)
SELECT
    b.record_id,
    nullif(b.company_id, '') AS company_id,
    b.band,
    b.score,
    b.rule,
    b.runner_up_company_id,
    b.runner_up_score,
    b.explanation,
    -- the head office of a branch (分公司) the match went through: penalties on a branch concern
    -- the parent's supply relationships (match's explanation carries it as branch_of)
    -- (parsed only where the text names it: most explanations do not)
    coalesce(
        nullif(b.branch_of, ''),
        CASE WHEN contains(b.explanation, 'branch_of') THEN
            json_extract_string(TRY_CAST(b.explanation AS JSON), '$.branch_of') END
    ) AS branch_of,
    j.judgement IS NOT NULL AS judged,
    j.judgement,
    nullif(b.company_id, '') IS NOT NULL AND (
        j.judgement = 'positive'
        OR (list_contains(getvariable('accepted_bands'), b.band) AND j.judgement IS DISTINCT FROM 'negative')
    ) AS accepted,
    getvariable('run_id') AS run_id
FROM b
LEFT JOIN staging.judgements AS j ON j.left_id = b.record_id AND j.company_id = b.company_id;

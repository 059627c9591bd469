-- staging.record_matches: this run's best match per record, with the reviewer's judgement.
-- accepted: a positive judgement, or an accepted band ($accepted_bands) not judged negative.
-- Only records a core table holds: a prior notice or a news report is matched by the matcher but
-- is no violation, so its match has no record to attach to.
CREATE OR REPLACE VIEW staging.record_matches AS
WITH best AS (
    SELECT *
    FROM raw.record_matches
    WHERE record_id IS NOT NULL
      AND record_id IN (
          SELECT record_id FROM raw.records
          WHERE list_contains(getvariable('violation_kinds'), doc_kind)
             OR doc_kind IN ('enterprise_disclosure', 'key_polluter_listing')
      )
    QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY score DESC NULLS LAST, company_id) = 1
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
    coalesce(nullif(b.branch_of, ''), json_extract_string(TRY_CAST(b.explanation AS JSON), '$.branch_of'))
        AS branch_of,
    j.judgement IS NOT NULL AS judged,
    j.judgement,
    nullif(b.company_id, '') IS NOT NULL AND (
        j.judgement = 'positive'
        OR (list_contains(getvariable('accepted_bands'), b.band) AND j.judgement IS DISTINCT FROM 'negative')
    ) AS accepted,
    getvariable('run_id') AS run_id
FROM best AS b
LEFT JOIN staging.judgements AS j ON j.left_id = b.record_id AND j.company_id = b.company_id;

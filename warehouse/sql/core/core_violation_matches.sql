-- core.violation_matches: the latest match of every record (violations, disclosures, key-polluter
-- listings): the candidate company, band, score, rule and explanation, whether a reviewer judged
-- it, and whether it is accepted (accepted ones set core.violations.company_id).
CREATE TABLE IF NOT EXISTS core.violation_matches AS
SELECT * EXCLUDE (run_id), run_id AS matched_run_id
FROM staging.record_matches
LIMIT 0;
ALTER TABLE core.violation_matches ADD COLUMN IF NOT EXISTS branch_of VARCHAR;

-- Whether this run matched any record already stored: on a first load none, and a false
-- variable folds the MERGE below to an empty plan (no pass over the run's matches for nothing).
SET VARIABLE run_has_known_matches = (
    SELECT count(*) > 0
    FROM raw.record_matches AS r
    SEMI JOIN core.violation_matches AS known ON known.record_id = r.record_id
);

-- known records: their match as of this run
MERGE INTO core.violation_matches AS t
USING (
    SELECT s.* EXCLUDE (run_id), s.run_id AS matched_run_id
    FROM staging.record_matches AS s
    SEMI JOIN core.violation_matches AS known ON known.record_id = s.record_id
    WHERE getvariable('run_has_known_matches')
) AS s
ON t.record_id = s.record_id
WHEN MATCHED THEN UPDATE SET
    company_id = s.company_id,
    band = s.band,
    score = s.score,
    rule = s.rule,
    runner_up_company_id = s.runner_up_company_id,
    runner_up_score = s.runner_up_score,
    explanation = s.explanation,
    branch_of = s.branch_of,
    judged = s.judged,
    judgement = s.judgement,
    accepted = s.accepted,
    matched_run_id = s.matched_run_id;

-- first matches of new records: a plain INSERT (a MERGE that inserts millions is much slower)
INSERT INTO core.violation_matches BY NAME
SELECT s.* EXCLUDE (run_id), s.run_id AS matched_run_id
FROM staging.record_matches AS s
ANTI JOIN core.violation_matches AS known ON known.record_id = s.record_id;

SET VARIABLE run_has_judgements = (SELECT count(*) > 0 FROM staging.judgements);

-- Judgements are re-applied to every stored match, not only this run's: a reviewer may judge
-- an old record today, and the judgement always wins over the score.
UPDATE core.violation_matches AS m
SET judged = true,
    judgement = j.judgement,
    accepted = j.judgement = 'positive'
        OR (list_contains(getvariable('accepted_bands'), m.band) AND j.judgement <> 'negative')
FROM staging.judgements AS j
WHERE j.left_id = m.record_id
  AND j.company_id = m.company_id
  AND m.judgement IS DISTINCT FROM j.judgement;

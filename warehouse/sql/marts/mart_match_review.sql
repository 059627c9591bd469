-- marts.match_review: violation records whose company match is in the review band (the matcher
-- was unsure), with the candidate company and what a reviewer decided so far. A small table
-- built at load: finding the review queue in core.violations joined to core.violation_matches
-- reads and joins every record's id (two million strings) on every query.
CREATE OR REPLACE TABLE marts.match_review AS
SELECT
    v.record_id,
    v.party_name,
    v.uscc,
    v.decision_no,
    v.decision_date,
    v.authority,
    v.province,
    v.city,
    v.fine_yuan,
    m.company_id,
    c.name AS company_name,
    m.score,
    m.rule,
    m.runner_up_company_id,
    m.runner_up_score,
    m.judged,
    m.judgement,
    v.source_url
FROM core.violations AS v
JOIN core.violation_matches AS m USING (record_id)
LEFT JOIN core.companies AS c ON c.company_id = m.company_id
-- the same test on both sides (core.violations copies match_band from the match's band), so
-- each scan skips the other 90% of rows before the join
WHERE v.match_band = 'review' AND m.band = 'review';

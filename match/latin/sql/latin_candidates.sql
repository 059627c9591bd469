-- Candidates of English queries (q_keys(qid, key), q_uscc(qid, uscc)): summed IDF weight of the
-- keys they share, best $top_k firms per query; a firm with the query's USCC always comes first.
WITH hits AS (
    SELECT q.qid, i.eid, sum(i.w) AS w
    FROM (SELECT DISTINCT qid, key FROM q_keys) q JOIN latin_index i USING (key)
    GROUP BY q.qid, i.eid
),
by_uscc AS (
    SELECT q.qid, e.eid, 1000.0 AS w
    FROM q_uscc q JOIN latin_entities e ON q.uscc = e.uscc
),
ranked AS (
    SELECT qid, eid, w, row_number() OVER (PARTITION BY qid ORDER BY w DESC, eid) AS rn
    FROM (SELECT qid, eid, round(sum(w), 6) AS w
          FROM (SELECT * FROM hits UNION ALL SELECT * FROM by_uscc) GROUP BY qid, eid)
)
SELECT r.qid, r.eid, r.w AS block_weight, e.company_id, e.name, e.english, e.uscc, e.codes, e.address, e.country
FROM ranked r JOIN latin_entities e USING (eid)
WHERE r.rn <= $top_k
ORDER BY r.qid, r.rn;

-- Candidates of English queries (q_keys(qid, key), q_uscc(qid, uscc)): summed IDF weight of the
-- keys they share, best $top_k firms per query in each reading: pinyin / translated words / acronyms
-- (Chinese names) and English words (English names), so that a registry rich in English names of one
-- city's firms of one trade cannot crowd out the Chinese name the pinyin spells. A firm with the
-- query's USCC always comes first.
WITH hits AS (
    SELECT q.qid, i.eid, CASE WHEN left(q.key, 1) IN ('w', 'h', 't', 'c', 'e') THEN 'en' ELSE 'zh' END AS pool,
           sum(i.w) AS w
    FROM (SELECT DISTINCT qid, key FROM q_keys) q JOIN latin_index i USING (key)
    GROUP BY ALL
),
by_uscc AS (
    SELECT q.qid, e.eid, 'uscc' AS pool, 1000.0 AS w
    FROM q_uscc q JOIN latin_entities e ON q.uscc = e.uscc
),
ranked AS (
    SELECT qid, eid, w, row_number() OVER (PARTITION BY qid, pool ORDER BY w DESC, eid) AS rn
    FROM (SELECT qid, eid, pool, round(sum(w), 6) AS w
          FROM (SELECT * FROM hits UNION ALL SELECT * FROM by_uscc) GROUP BY qid, eid, pool)
),
kept AS (
    SELECT qid, eid, max(w) AS w, min(rn) AS rn FROM ranked WHERE rn <= $top_k GROUP BY qid, eid
)
SELECT k.qid, k.eid, k.w AS block_weight, e.company_id, e.name, e.english, e.aliases, e.uscc, e.codes, e.address, e.country
FROM kept k JOIN latin_entities e USING (eid)
ORDER BY k.qid, k.rn, k.w DESC, k.eid;

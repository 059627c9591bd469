-- Candidate entities per query: registry variants sharing blocking keys, summed IDF weight per
-- entity, best $top_k entities per query; plus every entity whose USCC equals the query's, and
-- address matches (their weight adds to the name keys' weight).
-- Returns every variant of those entities in the query's language, with the entity columns.
WITH qk AS (
    SELECT qid, unnest(blocking_keys(lang, core, trade, xkey)) AS key FROM q_variants
),
hits AS (
    SELECT qk.qid, ri.eid, max(ri.w) AS w
    FROM qk JOIN reg_index ri USING (key)
    GROUP BY qk.qid, ri.eid, qk.key
),
by_address AS (
    SELECT q.qid, a.eid, a.w
    FROM q_variants q JOIN reg_address a ON q.address_rest = a.address_rest
    WHERE q.address_rest <> ''
),
by_entity AS (
    SELECT qid, eid, sum(w) AS w
    FROM (SELECT qid, eid, w FROM hits UNION ALL SELECT qid, eid, w FROM by_address)
    GROUP BY qid, eid
),
by_uscc AS (
    SELECT q.qid, e.eid, 1000.0 AS w
    FROM q_variants q JOIN reg_entities e ON q.uscc = e.uscc
    WHERE q.uscc IS NOT NULL
),
ranked AS (
    SELECT qid, eid, w, row_number() OVER (PARTITION BY qid ORDER BY w DESC, eid) AS rn
    FROM (SELECT qid, eid, max(w) AS w FROM (SELECT * FROM by_entity UNION ALL SELECT * FROM by_uscc) GROUP BY qid, eid)
)
SELECT r.qid, r.eid, r.w AS block_weight,
       v.kind, v.core, v.trade, v.industry, v.xkey, v.branch, v.codes AS name_codes, v.name AS variant_name,
       e.company_id, e.uscc, e.address_rest, e.codes AS entity_codes, e.parent_company_id, e.name AS entity_name
FROM ranked r
JOIN q_variants q ON q.qid = r.qid
JOIN reg_variants v ON v.eid = r.eid AND v.lang = q.lang
JOIN reg_entities e ON e.eid = r.eid
WHERE r.rn <= $top_k
ORDER BY r.qid;

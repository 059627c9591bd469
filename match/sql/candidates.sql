-- Candidate entities per query: registry variants sharing blocking keys, summed IDF weight per
-- entity, best $top_k entities per query; plus every entity whose USCC equals the query's, and
-- address matches (their weight adds to the name keys' weight).
-- Entities within one edit of the query's trade name in the query's cities (typo keys 'e…') and
-- entities at the very address the query gives (shared by at most 5 firms) are ranked first: they
-- are the candidates a typo'd name still has, and the near-namesakes that make a typo ambiguous.
-- So are the firms of the query's place whose whole written name is at most one edit from the
-- query's (`whole`; `n_whole`: how many there are).
-- `n_exact`: how many registered firms have the query's exact key; `n_uscc`: how many its USCC.
-- Returns every variant of those entities in the query's language, with the entity columns, whether
-- the entity is such a near-namesake (`near`), how many trade names these bear (`n_near`), how many firms
-- of the same industry anywhere are within one edit of the query's trade name (`n_similar`: how crowded
-- that corner of the name space is).
WITH qk AS (
    SELECT qid, unnest(list_concat(blocking_keys(lang, core, trade, xkey),
                                   CASE WHEN lang = 'zh' AND length(trade) >= 2
                                        THEN typo_keys_query(trade, industry, cities) ELSE [] END)) AS key
    FROM q_variants
),
hits AS (
    SELECT qk.qid, ri.eid, qk.key, max(ri.w) AS w
    FROM qk JOIN reg_index ri USING (key)
    GROUP BY qk.qid, ri.eid, qk.key
),
near AS (
    SELECT DISTINCT qid, eid FROM hits WHERE starts_with(key, 'e')
),
n_near AS (
    -- distinct registered trade names, not entities: a head office and its branches are one name
    SELECT n.qid, count(DISTINCT v.trade) AS n_near
    FROM near n JOIN reg_variants v ON v.eid = n.eid AND v.kind = 'name'
    GROUP BY n.qid
),
crowd AS (
    -- summed over the query's typo keys, so a firm counts once per key it shares: a firm one edit
    -- away once, a firm with the very same trade name once per character (it is the most crowding)
    SELECT qs.qid, sum(t.df)::BIGINT AS n_similar
    FROM (SELECT DISTINCT qid, unnest(typo_keys_query(trade, industry, [''])) AS key
          FROM q_variants WHERE lang = 'zh' AND length(trade) >= 2) qs
    JOIN typo_df t USING (key)
    GROUP BY qs.qid
),
whole AS (
    -- registered names at most one edit from the query's whole written name (the same form), in its place
    SELECT DISTINCT q.qid, ri.eid
    FROM (SELECT qid, written, unnest(whole_keys_query(written, wform, places)) AS key
          FROM q_variants WHERE lang = 'zh') q
    JOIN reg_index ri USING (key)
    JOIN reg_variants v ON v.vid = ri.vid
    WHERE within_one_edit(q.written, v.written)
),
n_whole AS (
    SELECT qid, count(*) AS n_whole FROM whole GROUP BY qid
),
by_address AS (
    SELECT q.qid, a.eid, a.w
    FROM q_variants q JOIN reg_address a ON q.address_rest = a.address_rest
    WHERE q.address_rest <> ''
),
by_entity AS (
    -- rounded: a float sum's last bits depend on the order parallel threads add in, and the ranking
    -- below must break ties on eid, not on those bits, for a re-run to give the same candidates
    SELECT qid, eid, round(sum(w), 6) AS w
    FROM (SELECT qid, eid, w FROM hits UNION ALL SELECT qid, eid, w FROM by_address)
    GROUP BY qid, eid
),
by_uscc AS (
    SELECT q.qid, e.eid, 1000.0 AS w
    FROM q_variants q JOIN reg_entities e ON q.uscc = e.uscc
    WHERE q.uscc IS NOT NULL
),
first AS (
    SELECT qid, eid, 500.0 AS w FROM near
    UNION ALL
    SELECT qid, eid, 500.0 AS w FROM whole
    UNION ALL
    SELECT qid, eid, 500.0 AS w FROM by_address WHERE w >= ln(1 + $n_entities / 5)
),
scored AS (
    SELECT qid, eid, max(w) AS w, max(bonus) AS bonus
    FROM (SELECT qid, eid, w, 0.0 AS bonus FROM by_entity
          UNION ALL SELECT qid, eid, w, 0.0 AS bonus FROM by_uscc
          UNION ALL SELECT qid, eid, 0.0 AS w, w AS bonus FROM first)
    GROUP BY qid, eid
),
ranked AS (
    -- the best $top_k firms of each query (a top-n aggregate, much cheaper than ranking every pair);
    -- ties go to the lower eid, so a re-run gives the same candidates
    SELECT qid, t.eid, t.w, t.rn
    FROM (SELECT qid, unnest(list_transform(
                     max_by(struct_pack(eid := eid, w := w), struct_pack(s := w + bonus, e := -eid), $top_k),
                     lambda x, i: struct_pack(eid := x.eid, w := x.w, rn := i))) AS t
          FROM scored GROUP BY qid)
)
SELECT r.qid, r.eid, r.w AS block_weight, coalesce(xd.df, 0) AS n_exact, coalesce(ud.df, 0) AS n_uscc, nr.eid IS NOT NULL AS near, coalesce(nn.n_near, 0) AS n_near,
       coalesce(si.n_similar, 0) AS n_similar, wh.eid IS NOT NULL AS whole, coalesce(nw.n_whole, 0) AS n_whole, v.regions AS variant_regions, v.family, v.kind, v.core, v.trade, v.industry, v.xkey, v.branch, v.codes AS name_codes, v.name AS variant_name,
       e.company_id, e.uscc, e.address_rest, e.codes AS entity_codes, e.parent_company_id, e.name AS entity_name
FROM ranked r
JOIN q_variants q ON q.qid = r.qid
JOIN reg_variants v ON v.eid = r.eid AND v.lang = q.lang
JOIN reg_entities e ON e.eid = r.eid
LEFT JOIN near nr ON nr.qid = r.qid AND nr.eid = r.eid
LEFT JOIN n_near nn ON nn.qid = r.qid
LEFT JOIN crowd si ON si.qid = r.qid
LEFT JOIN whole wh ON wh.qid = r.qid AND wh.eid = r.eid
LEFT JOIN n_whole nw ON nw.qid = r.qid
LEFT JOIN key_df xd ON xd.key = 'x' || q.xkey
LEFT JOIN uscc_df ud ON ud.uscc = q.uscc
ORDER BY r.qid, r.rn, v.vid;  -- a fixed order: equal scores are resolved the same way on every run

-- The decisive candidates of each query, found without blocking: the only registered firm with the
-- query's exact key, and the only one with its USCC. Same columns as candidates.sql, so the engine
-- judges them with the same code; a query they do not settle goes through candidates.sql.
WITH hits AS (
    SELECT q.qid, ri.eid, ri.vid
    FROM q_variants q
    JOIN key_df d ON d.key = 'x' || q.xkey AND d.df = 1
    JOIN reg_index ri ON ri.key = d.key
    -- the firm's registered or former name decides, not a short name that reads the same
    JOIN reg_variants rv ON rv.vid = ri.vid AND rv.kind IN ('name', 'former')
    UNION
    SELECT q.qid, e.eid, v.vid
    FROM q_variants q
    JOIN uscc_df u ON u.uscc = q.uscc AND u.df = 1
    JOIN reg_entities e ON e.uscc = q.uscc
    JOIN reg_variants v ON v.eid = e.eid AND v.lang = q.lang
)
SELECT h.qid, h.eid, 0.0 AS block_weight, coalesce(xd.df, 0) AS n_exact, coalesce(ud.df, 0) AS n_uscc,
       false AS near, 0 AS n_near, 0 AS n_similar, false AS whole, 0 AS n_whole,
       v.regions AS variant_regions, v.family, v.kind, v.core, v.trade, v.industry, v.xkey, v.branch,
       v.codes AS name_codes, v.name AS variant_name,
       e.company_id, e.uscc, e.address_rest, e.codes AS entity_codes, e.parent_company_id, e.name AS entity_name
FROM hits h
JOIN q_variants q ON q.qid = h.qid
JOIN reg_variants v ON v.vid = h.vid AND v.lang = q.lang
JOIN reg_entities e ON e.eid = h.eid
LEFT JOIN key_df xd ON xd.key = 'x' || q.xkey
LEFT JOIN uscc_df ud ON ud.uscc = q.uscc
ORDER BY h.qid, v.vid;

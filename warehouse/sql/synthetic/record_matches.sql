-- Synthetic record_matches for synthetic/records.sql: 85% auto, 10% review, 5% no match.
COPY (
    SELECT
        'rec-' || left(md5('r' || i), 20) AS record_id,
        CASE WHEN i % 20 = 19 THEN NULL
             ELSE 'co-' || lpad(((CASE WHEN i % 20 = 1 THEN i - 1 ELSE i END) % getvariable('syn_companies'))::VARCHAR, 7, '0')
        END AS company_id,
        CASE WHEN i % 20 = 19 THEN 'none' WHEN i % 10 = 4 THEN 'review' ELSE 'auto' END AS band,
        CASE WHEN i % 20 = 19 THEN 0.0 WHEN i % 10 = 4 THEN 0.7 ELSE 0.97 END AS score,
        CASE WHEN i % 20 = 19 THEN 'none' WHEN i % 10 = 4 THEN 'name.fuzzy' ELSE 'uscc.exact' END AS rule,
        NULL AS runner_up_company_id,
        NULL::DOUBLE AS runner_up_score,
        '{"uscc": "equal"}' AS explanation
    FROM range(getvariable('syn_n')) AS t(i)
) TO {path} (FORMAT parquet);

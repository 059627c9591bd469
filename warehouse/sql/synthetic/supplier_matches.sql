-- Synthetic supplier_matches for synthetic/suppliers.sql (row ids "<brand>:<row>").
COPY (
    SELECT
        getvariable('syn_brand') AS brand_id,
        getvariable('syn_brand') || ':' || (row_number() OVER (ORDER BY j)) AS supplier_row_id,
        'Synthetic Chemical ' || j || ' Co., Ltd.' AS supplier_name,
        'co-' || lpad(j::VARCHAR, 7, '0') AS company_id,
        CASE WHEN j % 11 = 0 THEN 'review' ELSE 'auto' END AS band,
        CASE WHEN j % 11 = 0 THEN 0.6 ELSE 0.99 END AS score,
        'uscc.exact' AS rule,
        '{}' AS explanation
    FROM range(getvariable('syn_brand_no'), getvariable('syn_companies'), 7) AS t(j)
) TO {path} (FORMAT parquet);

-- Synthetic supplier list of brand number syn_brand_no: every 7th company from an offset.
COPY (
    SELECT
        'Synthetic Chemical ' || j || ' Co., Ltd.' AS supplier_name,
        NULL AS address,
        'China' AS country,
        '1' AS tier,
        '91320500' || lpad(j::VARCHAR, 9, '0') || 'X' AS uscc
    FROM range(getvariable('syn_brand_no'), getvariable('syn_companies'), 7) AS t(j)
    ORDER BY j
) TO {path} (FORMAT csv, HEADER);

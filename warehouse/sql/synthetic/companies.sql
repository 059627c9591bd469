-- Synthetic company registry matching synthetic/records.sql.
COPY (
    SELECT
        'co-' || lpad(j::VARCHAR, 7, '0') AS company_id,
        syn_city(j) || '合成' || j || '化工有限公司' AS name,
        '91' || syn_division(j) || lpad(j::VARCHAR, 9, '0') || 'X' AS uscc,
        []::VARCHAR[] AS former_names,
        []::VARCHAR[] AS aliases,
        'Synthetic Chemical ' || j || ' Co., Ltd.' AS english_name,
        NULL AS address,
        syn_division(j) AS division_code,
        syn_province(j) AS province,
        syn_city(j) AS city,
        syn_county(j) AS county,
        NULL AS parent_company_id
    FROM range(getvariable('syn_companies')) AS t(j)
) TO {path} (FORMAT parquet);

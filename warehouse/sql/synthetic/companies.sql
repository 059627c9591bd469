-- Synthetic company registry matching synthetic/records.sql.
COPY (
    SELECT
        'co-' || lpad(j::VARCHAR, 7, '0') AS company_id,
        ['苏州市', '宁波市', '东莞市', '潍坊市', '唐山市', '娄底市', '成都市', '厦门市'][1 + j % 8] || '合成' || j || '化工有限公司' AS name,
        '91320500' || lpad(j::VARCHAR, 9, '0') || 'X' AS uscc,
        []::VARCHAR[] AS former_names,
        []::VARCHAR[] AS aliases,
        'Synthetic Chemical ' || j || ' Co., Ltd.' AS english_name,
        NULL AS address,
        '320500' AS division_code,
        ['江苏省', '浙江省', '广东省', '山东省', '河北省', '湖南省', '四川省', '福建省'][1 + j % 8] AS province,
        ['苏州市', '宁波市', '东莞市', '潍坊市', '唐山市', '娄底市', '成都市', '厦门市'][1 + j % 8] AS city,
        NULL AS county,
        NULL AS parent_company_id
    FROM range(getvariable('syn_companies')) AS t(j)
) TO {path} (FORMAT parquet);

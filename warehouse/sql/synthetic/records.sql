-- Synthetic canonical records (normalize.record.CanonicalRecord shape) for tests and benchmarks.
-- Record i belongs to company j = d % companies, where d is its decision index; every 20th record
-- (i % 20 = 1) republishes decision i-1 on another site with other brackets, to exercise the
-- cross-site violation_key. Variables: syn_n, syn_sources, syn_companies, syn_fetched_at.
COPY (
    WITH base AS (
        SELECT
            i,
            CASE WHEN i % 20 = 1 THEN i - 1 ELSE i END AS d,
            (CASE WHEN i % 20 = 1 THEN i - 1 ELSE i END) % getvariable('syn_companies') AS j
        FROM range(getvariable('syn_n')) AS t(i)
    ),
    shaped AS (
        SELECT
            *,
            DATE '2024-01-01' + ((d * 37) % 1050)::INTEGER AS decision_date,
            ['江苏省', '浙江省', '广东省', '山东省', '河北省', '湖南省', '四川省', '福建省'][1 + j % 8] AS province,
            ['苏州市', '宁波市', '东莞市', '潍坊市', '唐山市', '娄底市', '成都市', '厦门市'][1 + j % 8] AS city,
            ['exceed_discharge_limit', 'no_permit', 'eia_violation', 'facility_not_running',
             'falsified_monitoring', 'hazardous_waste', 'evading_supervision'][1 + d % 7] AS vtype,
            ((d * 7919) % 500) * 1000 + 10000 AS fine
        FROM base
    )
    SELECT
        'rec-' || left(md5('r' || i), 20) AS record_id,
        'src-' || lpad((i % getvariable('syn_sources'))::VARCHAR, 4, '0') AS source_id,
        'http://sthjj.example.gov.cn/art/' || i || '.html' AS source_url,
        sha256('snapshot' || i) AS snapshot_sha256,
        NULL::BIGINT AS row_index,
        getvariable('syn_fetched_at')::TIMESTAMPTZ + to_seconds(i % 3600) AS fetched_at,
        left(md5('content' || i), 16) AS content_hash,
        'html.label_table' AS parser,
        CASE WHEN i % 50 = 7 THEN 'enterprise_disclosure'
             WHEN i % 50 = 9 THEN 'key_polluter_listing'
             WHEN i % 10 = 3 THEN 'order_to_correct'
             ELSE 'penalty_decision' END AS doc_kind,
        '行政处罚决定书' AS title,
        CASE WHEN i % 20 = 1 THEN '苏环罚[' || year(decision_date) || ']' || d || '号'
             ELSE '苏环罚〔' || year(decision_date) || '〕' || d || '号' END AS decision_no_raw,
        CASE WHEN i % 20 = 1 THEN '苏环罚[' || year(decision_date) || ']' || d || '号'
             ELSE '苏环罚〔' || year(decision_date) || '〕' || d || '号' END AS decision_no,
        city || '合成' || j || '化工有限公司' AS party_name_raw,
        city || '合成' || j || '化工有限公司' AS party_name,
        'company' AS party_type,
        '91320500' || lpad(j::VARCHAR, 9, '0') || 'X' AS uscc,
        'valid' AS uscc_status,
        NULL AS reg_no,
        NULL AS org_code,
        '张三' AS legal_rep,
        province || city || '工业园' || (j % 100) || '号' AS address,
        province,
        city,
        NULL AS county,
        '320500' AS division_code,
        city || '生态环境局' AS authority,
        decision_date,
        decision_date + 3 AS publish_date,
        CASE WHEN d % 5 = 0 THEN [vtype, 'hazardous_waste'] ELSE [vtype] END AS violation_types,
        ['cod'] AS pollutants,
        [{'law': '《中华人民共和国大气污染防治法》', 'article': '第九十九条'}] AS legal_basis,
        ['fine'] AS penalty_kinds,
        [{'amount_yuan': fine::DOUBLE, 'raw': '罚款' || fine || '元'}] AS fines,
        fine::DOUBLE AS fine_yuan,
        decision_date + 30 AS rectification_deadline,
        '经查，' || city || '合成' || j || '化工有限公司于' || decision_date
            || '超标排放水污染物，违反了《中华人民共和国水污染防治法》第十条的规定。' AS facts,
        []::VARCHAR[] AS warnings
    FROM shaped
) TO {path} (FORMAT parquet);

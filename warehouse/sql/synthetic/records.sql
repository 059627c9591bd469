-- Synthetic canonical records (normalize.record.CanonicalRecord shape) for tests and benchmarks.
-- Record i belongs to company j = d % companies, where d is its decision index; every 20th record
-- (i % 20 = 1) republishes decision i-1 on another site with other brackets, to exercise the
-- cross-site violation_key. Regions, laws and facts come from synthetic/macros.sql (thousands of
-- divisions, national and provincial laws, facts of real length); violation types, pollutants
-- and penalty kinds are the taxonomy's codes. Variables: syn_n, syn_sources, syn_companies, syn_fetched_at.
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
            syn_province(j) AS province,
            syn_city(j) AS city,
            syn_county(j) AS county,
            syn_division(j) AS division_code,
            ['exceeding_limits', 'no_permit', 'beyond_permit', 'no_eia', 'no_acceptance', 'treatment_not_running',
             'falsified_monitoring', 'no_monitoring', 'hazardous_waste', 'solid_waste', 'evading_supervision',
             'fugitive_emissions', 'noise', 'discharge_outlet'][1 + d % 14] AS vtype,
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
             WHEN i % 10 = 6 THEN 'monitoring_exceedance'
             ELSE 'penalty_decision' END AS doc_kind,
        '行政处罚决定书' AS title,
        CASE WHEN i % 20 = 1 THEN '苏环罚[' || year(decision_date) || ']' || d || '号'
             ELSE '苏环罚〔' || year(decision_date) || '〕' || d || '号' END AS decision_no_raw,
        CASE WHEN i % 20 = 1 THEN '苏环罚[' || year(decision_date) || ']' || d || '号'
             ELSE '苏环罚〔' || year(decision_date) || '〕' || d || '号' END AS decision_no,
        city || '合成' || j || '化工有限公司' AS party_name_raw,
        city || '合成' || j || '化工有限公司' AS party_name,
        'company' AS party_type,
        '91' || division_code || lpad(j::VARCHAR, 9, '0') || 'X' AS uscc,
        'valid' AS uscc_status,
        NULL AS reg_no,
        NULL AS org_code,
        '张三' AS legal_rep,
        province || city || county || '工业园' || (j % 100) || '号' AS address,
        province,
        city,
        county,
        division_code,
        CASE WHEN d % 4 = 0 THEN city || '生态环境局' || county || '分局' ELSE city || '生态环境局' END AS authority,
        decision_date,
        decision_date + 3 AS publish_date,
        CASE WHEN d % 5 = 0 THEN [vtype, 'hazardous_waste'] ELSE [vtype] END AS violation_types,
        [['cod', 'ammonia_nitrogen', 'total_phosphorus', 'sulfur_dioxide', 'nitrogen_oxides', 'particulate_matter',
          'vocs', 'ph', 'suspended_solids', 'hexavalent_chromium', 'lead', 'noise'][1 + (d * 3 + k) % 12]
         FOR k IN range(d % 4)] AS pollutants,
        [{'law': syn_law(j, k), 'article': '第' || (10 + (d * 7 + k * 11) % 120) || '条'} FOR k IN range(1 + d % 3)]
            AS legal_basis,
        CASE WHEN d % 9 = 0 THEN ['fine', 'suspend_production'] WHEN d % 13 = 0 THEN ['warning'] ELSE ['fine'] END
            AS penalty_kinds,
        [{'amount_yuan': fine::DOUBLE, 'raw': '罚款' || fine || '元'}] AS fines,
        fine::DOUBLE AS fine_yuan,
        decision_date + 30 AS rectification_deadline,
        syn_facts(d, city || '合成' || j || '化工有限公司', decision_date::VARCHAR) AS facts,
        []::VARCHAR[] AS warnings
    FROM shaped
) TO {path} (FORMAT parquet);

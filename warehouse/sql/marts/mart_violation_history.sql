-- marts.violation_history: one row per violation (violation_key), the same decision published on
-- several sites counted once. Details come from the record seen first; company_id from any site's
-- accepted match; resolution from the suppliers' published steps on any of its records.
-- Columns listed to choose their compression: ZSTD for values nearly unique per row (names,
-- decision numbers, URLs), which DuckDB's own pick (dictionary + FSST) writes at twice the cost.
CREATE OR REPLACE TABLE marts.violation_history (
    violation_key VARCHAR USING COMPRESSION zstd,
    record_id VARCHAR,
    company_id VARCHAR USING COMPRESSION zstd,
    company_name VARCHAR USING COMPRESSION zstd,
    party_name VARCHAR USING COMPRESSION zstd,
    uscc VARCHAR USING COMPRESSION zstd,
    doc_kind VARCHAR,
    decision_no VARCHAR USING COMPRESSION zstd,
    decision_date DATE,
    publish_date DATE,
    year BIGINT,
    authority VARCHAR,
    source_id VARCHAR,
    source_ids VARCHAR[],
    sites BIGINT,
    province VARCHAR,
    city VARCHAR,
    county VARCHAR,
    violation_types VARCHAR[],
    pollutants VARCHAR[],
    penalty_kinds VARCHAR[],
    fine_yuan DECIMAL(18, 2),
    rectification_deadline DATE,
    versions INTEGER,
    first_seen_at TIMESTAMPTZ,
    last_seen_at TIMESTAMPTZ,
    taken_down_at TIMESTAMPTZ,
    resolution_stage VARCHAR,
    resolved BOOLEAN,
    last_resolution_at TIMESTAMPTZ,
    source_url VARCHAR USING COMPRESSION zstd
);
INSERT INTO marts.violation_history BY NAME
WITH shared AS (
    -- only decisions published on more than one site need grouping; most have one record
    SELECT violation_key
    FROM core.violations
    GROUP BY violation_key
    HAVING count(*) > 1
),
grouped AS (
    SELECT
        violation_key,
        count(*) AS sites,
        list(DISTINCT source_id ORDER BY source_id) AS source_ids,
        any_value(company_id) FILTER (WHERE company_id IS NOT NULL) AS any_company_id,
        min(first_seen_at) AS first_seen_at,
        max(last_seen_at) AS last_seen_at,
        max(version) AS versions,
        -- taken down only when every site took it down
        CASE WHEN bool_and(taken_down_at IS NOT NULL) THEN max(taken_down_at) END AS taken_down_at,
        arg_min(record_id, (first_seen_at, record_id)) AS primary_record_id
    FROM core.violations
    SEMI JOIN shared USING (violation_key)
    GROUP BY violation_key
),
resolution AS (
    SELECT
        v.violation_key,
        max(CASE r.stage
            WHEN 'explanation' THEN 1 WHEN 'corrective_action' THEN 2
            WHEN 'third_party_audit' THEN 3 WHEN 'resolved' THEN 4 END) AS stage_rank,
        max(r."at") AS last_resolution_at
    FROM core.violation_resolutions AS r
    JOIN core.violations AS v USING (record_id)
    GROUP BY v.violation_key
)
SELECT
    v.violation_key,
    v.record_id,
    coalesce(v.company_id, g.any_company_id) AS company_id,
    c.name AS company_name,
    v.party_name,
    v.uscc,
    v.doc_kind,
    v.decision_no,
    v.decision_date,
    v.publish_date,
    year(coalesce(v.decision_date, v.publish_date)) AS year,
    v.authority,
    v.source_id,
    coalesce(g.source_ids, [v.source_id]) AS source_ids,
    coalesce(g.sites, 1) AS sites,
    v.province,
    v.city,
    v.county,
    v.violation_types,
    v.pollutants,
    v.penalty_kinds,
    v.fine_yuan,
    v.rectification_deadline,
    coalesce(g.versions, v.version) AS versions,
    coalesce(g.first_seen_at, v.first_seen_at) AS first_seen_at,
    coalesce(g.last_seen_at, v.last_seen_at) AS last_seen_at,
    CASE WHEN g.violation_key IS NULL THEN v.taken_down_at ELSE g.taken_down_at END AS taken_down_at,
    CASE coalesce(r.stage_rank, 0)
        WHEN 0 THEN 'open' WHEN 1 THEN 'explained' WHEN 2 THEN 'corrective_action'
        WHEN 3 THEN 'audited' ELSE 'resolved' END AS resolution_stage,
    coalesce(r.stage_rank, 0) = 4 AS resolved,
    r.last_resolution_at,
    v.source_url
FROM core.violations AS v
LEFT JOIN grouped AS g ON g.violation_key = v.violation_key
LEFT JOIN resolution AS r ON r.violation_key = v.violation_key
LEFT JOIN core.companies AS c ON c.company_id = coalesce(v.company_id, g.any_company_id)
WHERE g.violation_key IS NULL OR v.record_id = g.primary_record_id;

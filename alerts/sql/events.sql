-- Alert events: the warehouse's current supplier exposures diffed against the outbox's last state.
-- Runs in DuckDB on the published warehouse opened read-only, with the outbox's last message per
-- (brand, record) registered as `outbox_messages`. A supplier row counts when the warehouse marks it `accepted`
-- (auto band or confirmed in review, and not rejected); a violation names the company of its
-- accepted match in core.violations.company_id.
-- Output: one row per event, with the state snapshot the next run will diff against.
WITH RECURSIVE suppliers AS (
    SELECT brand_id, supplier_row_id, supplier_name, company_id, band, score, explanation
    FROM core.brand_suppliers
    WHERE company_id IS NOT NULL AND accepted
),
up AS (
    -- every registered company above a violating one, with its distance; the depth bound also ends a
    -- cycle in the registry's parent links
    SELECT DISTINCT c.company_id, c.parent_company_id AS ancestor_id, 1 AS depth
    FROM core.violations v JOIN core.companies c ON c.company_id = v.company_id
    WHERE c.parent_company_id IS NOT NULL
    UNION
    SELECT up.company_id, c.parent_company_id, up.depth + 1
    FROM up JOIN core.companies c ON c.company_id = up.ancestor_id
    WHERE c.parent_company_id IS NOT NULL AND up.depth < 6
),
hits AS (
    -- the violating company is the listed supplier itself (the matcher's `branch_of` rule: the decision
    -- names a unit of it, 分公司/分厂/项目部…, that is not registered on its own, so the record was
    -- resolved to the company the unit belongs to) ...
    SELECT s.brand_id, v.record_id, v.company_id, s.supplier_row_id, s.supplier_name,
           s.company_id AS supplier_company_id, s.band AS supplier_band, s.score AS supplier_score,
           s.explanation AS supplier_explanation,
           CASE WHEN vm.rule = 'branch_of' THEN 'branch_of' ELSE 'direct' END AS relation, 0 AS depth
    FROM core.violations v
    JOIN suppliers s ON s.company_id = v.company_id
    LEFT JOIN core.violation_matches vm ON vm.record_id = v.record_id AND vm.company_id = v.company_id
    UNION ALL
    -- ... or a company above it (分公司 → company → group): brands list the parent or the group,
    -- bureaus fine the branch
    SELECT s.brand_id, v.record_id, v.company_id, s.supplier_row_id, s.supplier_name,
           s.company_id, s.band, s.score, s.explanation, 'branch', up.depth
    FROM core.violations v
    JOIN up ON up.company_id = v.company_id
    JOIN suppliers s ON s.company_id = up.ancestor_id
),
exposure AS (
    -- a brand that lists several companies of one family gets one alert, about the closest listing
    SELECT * EXCLUDE (depth) FROM hits
    QUALIFY row_number() OVER (
        PARTITION BY brand_id, record_id ORDER BY depth, supplier_score DESC, supplier_row_id) = 1
),
resolution AS (
    SELECT record_id, company_id, stage, "at", url FROM core.violation_resolutions
    QUALIFY row_number() OVER (PARTITION BY record_id, company_id ORDER BY "at" DESC, stage) = 1
),
cur AS (
    SELECT e.*, v.version, v.taken_down_at IS NOT NULL AS taken_down, v.taken_down_at, v.last_seen_at,
           r.stage, r."at" AS stage_at, r.url AS stage_url, m.judgement
    FROM exposure e
    JOIN core.violations v USING (record_id)
    LEFT JOIN resolution r ON r.record_id = e.record_id AND r.company_id = e.company_id
    LEFT JOIN core.violation_matches m ON m.record_id = e.record_id AND m.company_id = e.company_id
),
prev AS (
    -- every message of one run carries the same snapshot, so the latest one is the outbox's state
    SELECT * FROM outbox_messages
    QUALIFY row_number() OVER (PARTITION BY brand_id, record_id ORDER BY seq DESC) = 1
),
pair AS (
    SELECT coalesce(c.brand_id, p.brand_id) AS brand_id,
           coalesce(c.record_id, p.record_id) AS record_id,
           c.company_id AS cur_company_id, p.company_id AS prev_company_id,
           c.version AS cur_version, p.version AS prev_version,
           coalesce(c.taken_down, false) AS cur_taken_down, coalesce(p.taken_down, false) AS prev_taken_down,
           c.taken_down_at, c.last_seen_at, c.stage AS cur_stage, c.stage_at, c.stage_url, p.stage AS prev_stage,
           c.judgement AS cur_judgement, p.judgement AS prev_judgement,
           p.key AS prev_key,
           c.supplier_row_id, c.supplier_name, c.supplier_company_id, c.relation,
           p.supplier_row_id AS prev_supplier_row_id, p.supplier_name AS prev_supplier_name,
           p.supplier_company_id AS prev_supplier_company_id, p.relation AS prev_relation
    FROM cur c
    FULL OUTER JOIN prev p ON p.brand_id = c.brand_id AND p.record_id = c.record_id
),
rejected AS (
    SELECT record_id, company_id FROM core.violation_matches WHERE judgement = 'negative'
),
events AS (
    SELECT *, 'new' AS kind, 1 AS rank, cur_company_id AS detail, cur_company_id AS about_company_id
    FROM pair
    WHERE cur_company_id IS NOT NULL AND cur_company_id IS DISTINCT FROM prev_company_id
    UNION ALL
    SELECT *, 'revised', 2, '', cur_company_id FROM pair
    WHERE cur_company_id = prev_company_id AND cur_version > prev_version
    UNION ALL
    SELECT *, 'match_confirmed', 3, cur_company_id, cur_company_id FROM pair
    WHERE cur_company_id = prev_company_id AND cur_judgement = 'positive'
      AND prev_judgement IS DISTINCT FROM 'positive'
    UNION ALL
    SELECT *, 'resolution', 4, cur_stage || '@' || strftime(stage_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'),
           cur_company_id FROM pair
    WHERE cur_company_id IS NOT NULL AND cur_stage IS NOT NULL AND cur_stage IS DISTINCT FROM prev_stage
    UNION ALL
    -- taken down at the source: the publicity period ended or the page vanished; not a resolution
    SELECT *, 'taken_down', 5, strftime(taken_down_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'), cur_company_id
    FROM pair
    WHERE cur_company_id IS NOT NULL AND cur_taken_down AND NOT prev_taken_down
    UNION ALL
    -- the warehouse saw the record online again after a take-down
    SELECT *, 'restored', 6, strftime(last_seen_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'), cur_company_id
    FROM pair
    WHERE cur_company_id = prev_company_id AND NOT cur_taken_down AND prev_taken_down
    UNION ALL
    -- a reviewer rejected the match an earlier alert was based on: retract that alert
    SELECT pair.*, 'match_rejected', 0, prev_company_id, prev_company_id FROM pair
    JOIN rejected r ON r.record_id = pair.record_id AND r.company_id = pair.prev_company_id
    WHERE cur_company_id IS DISTINCT FROM prev_company_id
)
SELECT e.brand_id, e.record_id, e.kind, e.rank, v.version, e.detail, e.prev_key,
       -- snapshot for the next diff (the current state, also for a retraction with nothing current)
       e.cur_company_id AS snap_company_id, e.cur_taken_down AS snap_taken_down,
       e.cur_stage AS snap_stage, e.cur_judgement AS snap_judgement,
       coalesce(e.supplier_row_id, e.prev_supplier_row_id) AS snap_supplier_row_id,
       coalesce(e.supplier_name, e.prev_supplier_name) AS snap_supplier_name,
       coalesce(e.supplier_company_id, e.prev_supplier_company_id) AS snap_supplier_company_id,
       coalesce(e.relation, e.prev_relation) AS snap_relation,
       -- what the message says; a retraction speaks about the supplier the retracted alert named
       CASE WHEN e.kind = 'match_rejected' THEN e.prev_supplier_row_id ELSE e.supplier_row_id END
           AS supplier_row_id,
       CASE WHEN e.kind = 'match_rejected' THEN e.prev_supplier_name ELSE e.supplier_name END AS supplier_name,
       s.company_id AS supplier_company_id, s.band AS supplier_band,
       s.score AS supplier_score, s.explanation AS supplier_explanation,
       CASE WHEN e.kind = 'match_rejected' THEN e.prev_relation ELSE e.relation END AS relation,
       e.about_company_id AS company_id, c.name AS company_name, c.parent_company_id,
       pc.name AS parent_company_name,
       m.band AS match_band, m.score AS match_score, m.rule AS match_rule,
       m.explanation AS match_explanation, m.judgement AS match_judgement, m.accepted AS match_accepted,
       v.doc_kind, v.decision_no, v.party_name, v.authority, v.decision_date,
       v.fine_yuan::DOUBLE AS fine_yuan,  -- DECIMAL in the warehouse; a JSON number in messages
       v.violation_types, v.pollutants, v.source_id, v.source_url, v.snapshot_sha256, v.content_hash,
       v.first_seen_at, v.taken_down_at, e.cur_stage AS resolution_stage, e.stage_at AS resolution_at,
       e.stage_url AS resolution_url
FROM events e
JOIN core.violations v ON v.record_id = e.record_id
LEFT JOIN core.brand_suppliers s
    ON s.brand_id = e.brand_id
    AND s.supplier_row_id = CASE WHEN e.kind = 'match_rejected' THEN e.prev_supplier_row_id ELSE e.supplier_row_id END
LEFT JOIN core.companies c ON c.company_id = e.about_company_id
LEFT JOIN core.companies pc ON pc.company_id = c.parent_company_id
LEFT JOIN core.violation_matches m ON m.record_id = e.record_id AND m.company_id = e.about_company_id
ORDER BY e.brand_id, v.first_seen_at, e.record_id, e.rank

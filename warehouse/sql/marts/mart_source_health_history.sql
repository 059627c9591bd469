-- marts.source_health_history: every source's crawl health run by run, with the failing streak:
-- a run is failing unless its status is 'ok'; failing_since is when the current run of failures
-- began and consecutive_failures how many runs it has lasted so far.
CREATE OR REPLACE TABLE marts.source_health_history AS
WITH ordered AS (
    SELECT
        h.*,
        h.status <> 'ok' AS failing,
        -- every ok run starts a new streak group; failures after it share its number
        sum(CASE WHEN h.status = 'ok' THEN 1 ELSE 0 END)
            OVER (PARTITION BY h.source_id ORDER BY h.started_at, h.run_id) AS streak
    FROM core.source_health AS h
)
SELECT
    o.source_id,
    s.authority,
    s.province,
    s.city,
    coalesce(o.template, s.template) AS template,
    o.run_id,
    o.started_at,
    o.finished_at,
    o.status,
    o.reason,
    o.failing,
    o.items_listed,
    o.items_new,
    o.items_lost,
    o.requests,
    o.errors,
    o.structure_changed,
    CASE WHEN o.failing THEN min(o.started_at) FILTER (WHERE o.failing)
        OVER (PARTITION BY o.source_id, o.streak) END AS failing_since,
    CASE WHEN o.failing THEN count(*) FILTER (WHERE o.failing)
        OVER (PARTITION BY o.source_id, o.streak ORDER BY o.started_at, o.run_id) ELSE 0 END
        AS consecutive_failures,
    max(o.started_at) FILTER (WHERE NOT o.failing)
        OVER (PARTITION BY o.source_id ORDER BY o.started_at, o.run_id) AS last_ok_at
FROM ordered AS o
LEFT JOIN core.sources AS s USING (source_id);

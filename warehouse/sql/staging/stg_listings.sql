-- staging.listings: per source in this run, its listing manifest joined to its crawl health.
-- can_take_down: the listing is complete and the crawl's status is in $takedown_statuses, so an
-- absent document really is gone from the site (a failed or partial crawl says nothing).
CREATE OR REPLACE VIEW staging.listings AS
SELECT
    l.source_id,
    coalesce(l.run_id, getvariable('run_id')) AS run_id,
    coalesce(l.complete, false) AS complete,
    h.status,
    h.started_at,
    coalesce(l.complete, false)
        AND h.started_at IS NOT NULL
        AND list_contains(getvariable('takedown_statuses'), h.status) AS can_take_down
FROM raw.listings AS l
LEFT JOIN staging.source_health AS h USING (source_id)
WHERE l.source_id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY l.source_id ORDER BY coalesce(l.complete, false) DESC) = 1;

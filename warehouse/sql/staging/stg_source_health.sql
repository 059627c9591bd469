-- staging.source_health: this run's crawl health, one row per source (run_id defaults to the load's).
CREATE OR REPLACE VIEW staging.source_health AS
SELECT
    source_id,
    coalesce(run_id, getvariable('run_id')) AS run_id,
    template,
    started_at,
    finished_at,
    duration_s,
    list_pages,
    detail_pages,
    article_pages,
    items_listed,
    items_new,
    items_lost,
    requests,
    coalesce(not_modified, false) AS not_modified,
    coalesce(errors, '{}'::JSON) AS errors,
    status,
    reason,
    structure_signature,
    coalesce(structure_changed, false) AS structure_changed
FROM raw.source_health
WHERE source_id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY finished_at DESC NULLS LAST) = 1;

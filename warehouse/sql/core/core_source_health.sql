-- core.source_health: per-source crawl health for every run loaded (one row per source and run).
CREATE TABLE IF NOT EXISTS core.source_health AS
SELECT * FROM staging.source_health LIMIT 0;

MERGE INTO core.source_health AS t
USING staging.source_health AS s
ON t.source_id = s.source_id AND t.run_id = s.run_id
WHEN MATCHED THEN UPDATE SET
    template = s.template,
    started_at = s.started_at,
    finished_at = s.finished_at,
    duration_s = s.duration_s,
    list_pages = s.list_pages,
    detail_pages = s.detail_pages,
    article_pages = s.article_pages,
    items_listed = s.items_listed,
    items_new = s.items_new,
    items_lost = s.items_lost,
    requests = s.requests,
    not_modified = s.not_modified,
    errors = s.errors,
    status = s.status,
    reason = s.reason,
    structure_signature = s.structure_signature,
    structure_changed = s.structure_changed
WHEN NOT MATCHED THEN INSERT BY NAME;

-- raw.source_health: this run's data/landing/<run_id>/health/*.json, one row per source.
-- errors is kept as the JSON text of the {kind: count} object.
CREATE OR REPLACE TABLE raw.source_health (
    source_id VARCHAR,
    run_id VARCHAR,
    template VARCHAR,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    duration_s DOUBLE,
    list_pages BIGINT,
    detail_pages BIGINT,
    article_pages BIGINT,
    items_listed BIGINT,
    items_new BIGINT,
    items_lost BIGINT,
    requests BIGINT,
    not_modified BOOLEAN,
    errors JSON,
    status VARCHAR,
    reason VARCHAR,
    structure_signature VARCHAR,
    structure_changed BOOLEAN
);

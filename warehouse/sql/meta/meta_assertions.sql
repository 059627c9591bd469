-- meta.assertions: every assertion evaluated by every published load.
CREATE TABLE IF NOT EXISTS meta.assertions (
    load_id VARCHAR,
    run_id VARCHAR,
    name VARCHAR,
    kind VARCHAR,
    target VARCHAR,
    severity VARCHAR,
    passed BOOLEAN,
    observed DOUBLE,
    threshold DOUBLE,
    detail VARCHAR
);

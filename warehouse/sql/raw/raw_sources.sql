-- raw.sources: the source registry (config/sources/*.csv via greenchain.registry.load_registry).
CREATE OR REPLACE TABLE raw.sources (
    id VARCHAR,
    authority VARCHAR,
    division_code VARCHAR,
    province VARCHAR,
    city VARCHAR,
    county VARCHAR,
    level VARCHAR,
    kind VARCHAR,
    template VARCHAR,
    base_url VARCHAR,
    list_path VARCHAR,
    schedule VARCHAR,
    min_items BIGINT,
    max_items BIGINT,
    status VARCHAR,
    notes VARCHAR
);

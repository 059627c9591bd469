-- meta.migrations: the schema migrations (warehouse/sql/migrations/) applied to this warehouse.
CREATE TABLE IF NOT EXISTS meta.migrations (
    name VARCHAR,
    applied_at TIMESTAMPTZ
);

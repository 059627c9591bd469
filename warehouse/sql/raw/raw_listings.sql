-- raw.listings: this run's data/landing/<run_id>/listing/*.json, one row per source: every
-- document URL the source lists now, and whether the listing was complete (pagination reached
-- the last list page). Take-downs are judged only against complete listings.
CREATE OR REPLACE TABLE raw.listings (
    source_id VARCHAR,
    run_id VARCHAR,
    complete BOOLEAN,
    full_listing BOOLEAN,
    urls VARCHAR[]
);

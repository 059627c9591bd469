-- marts.source_status: each source's latest crawl health and, when failing, since when.
CREATE OR REPLACE TABLE marts.source_status AS
SELECT *
FROM marts.source_health_history
QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY started_at DESC, run_id DESC) = 1;

-- This run's staged violation records, and how many have a non-empty value in each column of
-- the fill-rate rules (one fill_rate_count.sql expression per column).
SELECT
    count(*) AS rows,
    {counts}
FROM staging.penalty_records;

-- Share of this run's staged violation records with a non-empty {column}.
SELECT
    count(*) AS rows,
    count(nullif(trim({column}::VARCHAR), '')) AS filled
FROM staging.penalty_records;

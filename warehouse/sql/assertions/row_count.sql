-- Distinct records per source in this run's input.
SELECT source_id, count(DISTINCT record_id) AS rows
FROM raw.records
GROUP BY source_id
ORDER BY source_id;

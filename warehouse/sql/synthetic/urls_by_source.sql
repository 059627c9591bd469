SELECT source_id, list(DISTINCT source_url ORDER BY source_url) AS urls
FROM read_parquet($path)
GROUP BY source_id
ORDER BY source_id;

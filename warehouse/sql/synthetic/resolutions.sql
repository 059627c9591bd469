-- Synthetic supplier resolutions: every 9th violation record explained, every 27th resolved.
COPY (
    SELECT
        'rec-' || left(md5('r' || i), 20) AS record_id,
        'co-' || lpad((i % getvariable('syn_companies'))::VARCHAR, 7, '0') AS company_id,
        CASE WHEN i % 27 = 0 THEN 'resolved' ELSE 'explanation' END AS stage,
        getvariable('syn_fetched_at')::TIMESTAMPTZ AS "at",
        'http://ipe.example.org/resolution/' || i AS url
    FROM range(0, getvariable('syn_n'), 9) AS t(i)
    WHERE i % 20 NOT IN (1, 7, 9)
) TO {path} (FORMAT json);

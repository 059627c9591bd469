-- staging.listed_urls: every (source, document URL) a listing of this run shows, with the crawl's
-- start time (a listed document was online then, even when the crawl did not fetch it again).
CREATE OR REPLACE VIEW staging.listed_urls AS
WITH urls AS (
    SELECT source_id, unnest(urls) AS url
    FROM raw.listings
    WHERE source_id IS NOT NULL
)
SELECT DISTINCT u.source_id, u.url, s.started_at
FROM urls AS u
JOIN staging.listings AS s USING (source_id)
WHERE u.url IS NOT NULL;

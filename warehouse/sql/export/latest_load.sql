-- The load that published the file being exported.
SELECT load_id, run_id
FROM meta.runs
WHERE status = 'published'
ORDER BY finished_at DESC NULLS LAST, load_id DESC
LIMIT 1;

-- Per source: records taken down by this run against those live before it.
SELECT
    source_id,
    count(*) FILTER (WHERE taken_down_run_id = getvariable('run_id')) AS taken_down,
    count(*) FILTER (WHERE taken_down_at IS NULL OR taken_down_run_id = getvariable('run_id')) AS live_before
FROM core.violations
GROUP BY source_id
HAVING count(*) FILTER (WHERE taken_down_run_id = getvariable('run_id')) > 0
ORDER BY source_id;

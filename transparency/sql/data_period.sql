-- The index period the published data is about: the calendar year (China time) of the newest
-- violation decided (undated: published) no later than the day its record was fetched. A date after
-- its own fetch is a misread date and must not move the period into the future.
SELECT CAST(year(max(day)) AS VARCHAR) AS period
FROM (
    SELECT CAST(coalesce(decision_date, publish_date) AS DATE) AS day, CAST(fetched_at AS DATE) AS fetched
    FROM core.violations
)
WHERE day <= fetched

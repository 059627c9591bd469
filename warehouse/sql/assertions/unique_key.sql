-- Duplicate keys in {table} on ({key}): how many key values repeat, with a few examples.
SELECT
    count(*) AS observed,
    string_agg(example, '; ') FILTER (WHERE rn <= 3) AS detail
FROM (
    SELECT
        concat_ws('|', {key}) || ' x' || n AS example,
        row_number() OVER () AS rn
    FROM (SELECT {key}, count(*) AS n FROM {table} GROUP BY ALL HAVING count(*) > 1)
);

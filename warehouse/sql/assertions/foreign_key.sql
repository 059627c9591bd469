-- Values of {child}.{column} found in none of the parents (NULL means "no match" and is allowed).
SELECT
    count(*) AS observed,
    string_agg(v, '; ') FILTER (WHERE rn <= 3) AS detail
FROM (
    SELECT v, row_number() OVER (ORDER BY v) AS rn
    FROM (
        SELECT DISTINCT c.{column}::VARCHAR AS v
        FROM {child} AS c
        WHERE c.{column} IS NOT NULL
          AND c.{column}::VARCHAR NOT IN ({parents})
    )
);

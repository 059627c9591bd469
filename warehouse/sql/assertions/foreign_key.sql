-- Values of {child}.{column} found in none of the parents (NULL means "no match" and is allowed).
-- Distinct child values first, then an anti join: millions of rows carry a few thousand values.
SELECT
    count(*) AS observed,
    string_agg(v, '; ') FILTER (WHERE rn <= 3) AS detail
FROM (
    SELECT c.v, row_number() OVER (ORDER BY c.v) AS rn
    FROM (
        SELECT DISTINCT {column}::VARCHAR AS v
        FROM {child}
        WHERE {column} IS NOT NULL
    ) AS c
    ANTI JOIN ({parents}) AS p(v) ON p.v = c.v
);

-- staging.supplier_matches: this run's match per brand supplier row, with the judgement. Address,
-- country and tier come from match's output, else (and uscc always) from the supplier list row of
-- the same name, when the list is a readable CSV under data/reference/suppliers/.
CREATE OR REPLACE VIEW staging.supplier_matches AS
WITH best AS (
    SELECT *
    FROM raw.supplier_matches
    WHERE brand_id IS NOT NULL AND supplier_row_id IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY brand_id, supplier_row_id ORDER BY score DESC NULLS LAST, company_id
    ) = 1
),
suppliers AS (
    -- first row per (brand, name): supplier lists repeat a name for several sites now and then
    SELECT * FROM raw.suppliers
    QUALIFY row_number() OVER (PARTITION BY brand_id, supplier_name ORDER BY row_no) = 1
)
SELECT
    b.brand_id,
    b.supplier_row_id,
    b.supplier_name,
    nullif(b.company_id, '') AS company_id,
    b.band,
    b.score,
    b.rule,
    b.explanation,
    -- the head office of a branch (分公司) the match went through: penalties on a branch concern
    -- the parent's supply relationships (match's explanation carries it as branch_of)
    coalesce(nullif(b.branch_of, ''), json_extract_string(TRY_CAST(b.explanation AS JSON), '$.branch_of'))
        AS branch_of,
    b.runner_up_company_id,
    b.runner_up_score,
    j.judgement IS NOT NULL AS judged,
    j.judgement,
    nullif(b.company_id, '') IS NOT NULL AND (
        j.judgement = 'positive'
        OR (list_contains(getvariable('accepted_bands'), b.band) AND j.judgement IS DISTINCT FROM 'negative')
    ) AS accepted,
    coalesce(b.address, s.address) AS address,
    coalesce(b.country, s.country) AS country,
    coalesce(b.tier, s.tier) AS tier,
    s.uscc,
    getvariable('run_id') AS run_id
FROM best AS b
LEFT JOIN staging.judgements AS j ON j.left_id = b.supplier_row_id AND j.company_id = b.company_id
LEFT JOIN suppliers AS s ON s.brand_id = b.brand_id AND s.supplier_name = b.supplier_name;

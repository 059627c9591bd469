-- staging.penalty_records: this run's violation records (doc kinds in $violation_kinds), one row
-- per record_id, with the cross-site violation_key.
--
-- violation_key links the same decision published on several sites (a city bureau and the
-- province, or a credit portal): record_id includes the source, so it differs per site. The key
-- hashes the normalized decision number plus the normalized party name. Bracket styles are all
-- mapped to 〔〕 and whitespace removed first (sites render 〔2024〕 as [2024] or (2024)). A record
-- without a decision number cannot be linked safely and keys on its own record_id. (The brackets
-- are mapped with two regexp_replace calls: translate() gives the same keys at twice the cost.)
--
-- Money is DECIMAL(18,2) yuan from here on (exact sums; normalize writes doubles).
CREATE OR REPLACE VIEW staging.penalty_records AS
WITH latest AS (
    -- the same record twice in one run: keep the latest fetch, ties broken by hash (stable).
    -- Chosen on narrow columns and joined back by row_no: a window over the wide rows would sort
    -- every column of every record.
    SELECT arg_max(row_no, (fetched_at, content_hash)) AS keep_row_no
    FROM raw.records
    WHERE list_contains(getvariable('violation_kinds'), doc_kind)
    GROUP BY record_id
)
SELECT
    r.* EXCLUDE (row_no) REPLACE (
        r.fine_yuan::DECIMAL(18, 2) AS fine_yuan,
        r.fines::STRUCT(amount_yuan DECIMAL(18, 2), raw VARCHAR)[] AS fines
    ),
    CASE
        WHEN nullif(trim(r.decision_no), '') IS NULL THEN r.record_id
        ELSE 'vio-' || left(sha256(
            regexp_replace(regexp_replace(regexp_replace(
                upper(r.decision_no), '[(\[【［（]', '〔', 'g'), '[)\]】］）]', '〕', 'g'), '\s', '', 'g')
            || chr(31) || regexp_replace(coalesce(r.party_name, r.party_name_raw), '\s', '', 'g')
        ), 20)
    END AS violation_key,
    getvariable('run_id') AS run_id
FROM raw.records AS r
SEMI JOIN latest ON r.row_no = latest.keep_row_no;

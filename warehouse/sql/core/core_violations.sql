-- core.violations: one row per violation record (record_id), holding its current version's
-- content plus when it was first and last seen, whether the site took it down, and the company
-- of its accepted match. Rows are never deleted; content a newer version replaces moves to
-- core.violation_past_versions first.
--
-- Sightings use the records' own fetched_at (not the load clock) and combine with least/greatest,
-- so loading the same run twice, or an older run after a newer one, changes nothing.
-- Columns listed (not CREATE ... AS) to choose their compression: ZSTD for long free text and
-- for values nearly unique per row (URLs, hashes, decision numbers, names, addresses), where
-- DuckDB's own pick (dictionary + FSST) costs 1.5-3x the write time and stores no smaller.
CREATE TABLE IF NOT EXISTS core.violations (
    record_id VARCHAR,
    source_id VARCHAR,
    source_url VARCHAR USING COMPRESSION zstd,
    snapshot_sha256 VARCHAR USING COMPRESSION zstd,
    row_index BIGINT,
    fetched_at TIMESTAMPTZ,
    content_hash VARCHAR USING COMPRESSION zstd,
    parser VARCHAR,
    doc_kind VARCHAR,
    title VARCHAR,
    decision_no_raw VARCHAR USING COMPRESSION zstd,
    decision_no VARCHAR USING COMPRESSION zstd,
    party_name_raw VARCHAR USING COMPRESSION zstd,
    party_name VARCHAR USING COMPRESSION zstd,
    party_type VARCHAR,
    uscc VARCHAR USING COMPRESSION zstd,
    uscc_status VARCHAR,
    reg_no VARCHAR,
    org_code VARCHAR,
    legal_rep VARCHAR,
    address VARCHAR USING COMPRESSION zstd,
    province VARCHAR,
    city VARCHAR,
    county VARCHAR,
    division_code VARCHAR,
    authority VARCHAR,
    decision_date DATE,
    publish_date DATE,
    violation_types VARCHAR[],
    pollutants VARCHAR[],
    legal_basis STRUCT(law VARCHAR, article VARCHAR)[],
    penalty_kinds VARCHAR[],
    fines STRUCT(amount_yuan DECIMAL(18, 2), raw VARCHAR)[],
    fine_yuan DECIMAL(18, 2),
    rectification_deadline DATE,
    warnings VARCHAR[],
    violation_key VARCHAR USING COMPRESSION zstd,
    version INTEGER,
    first_seen_at TIMESTAMPTZ,
    last_seen_at TIMESTAMPTZ,
    first_seen_run_id VARCHAR,
    last_seen_run_id VARCHAR,
    taken_down_at TIMESTAMPTZ,
    taken_down_run_id VARCHAR,
    company_id VARCHAR,
    match_band VARCHAR,
    facts VARCHAR USING COMPRESSION zstd,
    version_run_id VARCHAR
);
-- warehouses created before these columns existed
ALTER TABLE core.violations ADD COLUMN IF NOT EXISTS facts VARCHAR USING COMPRESSION zstd;
ALTER TABLE core.violations ADD COLUMN IF NOT EXISTS version_run_id VARCHAR;

-- Whether this run brings any record already stored. On a first load none is, and the two
-- statements below would each decode the whole records file (facts and all) to find nothing:
-- a false variable folds to an empty plan, so they read nothing.
SET VARIABLE run_has_known_violations = (
    SELECT count(*) > 0
    FROM raw.records AS r
    SEMI JOIN core.violations AS known ON known.record_id = r.record_id
    WHERE list_contains(getvariable('violation_kinds'), r.doc_kind)
);

-- A known record with other content, fetched after its current version began: the current
-- version moves to core.violation_past_versions, closed at the new fetch (the MERGE below then
-- takes the new content as version n+1).
INSERT INTO core.violation_past_versions BY NAME
SELECT
    t.* EXCLUDE (
        first_seen_at, last_seen_at, first_seen_run_id, last_seen_run_id, taken_down_at, taken_down_run_id,
        company_id, match_band, version_run_id
    ),
    t.fetched_at AS valid_from,
    s.fetched_at AS valid_to,
    t.version_run_id AS loaded_run_id
FROM core.violations AS t
JOIN staging.penalty_records AS s ON s.record_id = t.record_id
WHERE getvariable('run_has_known_violations')
  AND s.content_hash IS DISTINCT FROM t.content_hash AND s.fetched_at > t.fetched_at;

-- Records already known: a MERGE with only WHEN MATCHED clauses. New records are a plain
-- INSERT below: on a backfill of millions a MERGE that inserts is several times slower.
MERGE INTO core.violations AS t
USING (
    SELECT s.*
    FROM staging.penalty_records AS s
    SEMI JOIN core.violations AS known ON known.record_id = s.record_id
    WHERE getvariable('run_has_known_violations')
) AS s
ON t.record_id = s.record_id
-- a new version (the same test as the INSERT above): take its content
WHEN MATCHED AND s.content_hash IS DISTINCT FROM t.content_hash AND s.fetched_at > t.fetched_at THEN UPDATE SET
    source_id = s.source_id,
    source_url = s.source_url,
    snapshot_sha256 = s.snapshot_sha256,
    row_index = s.row_index,
    fetched_at = s.fetched_at,
    content_hash = s.content_hash,
    parser = s.parser,
    doc_kind = s.doc_kind,
    title = s.title,
    decision_no_raw = s.decision_no_raw,
    decision_no = s.decision_no,
    party_name_raw = s.party_name_raw,
    party_name = s.party_name,
    party_type = s.party_type,
    uscc = s.uscc,
    uscc_status = s.uscc_status,
    reg_no = s.reg_no,
    org_code = s.org_code,
    legal_rep = s.legal_rep,
    address = s.address,
    province = s.province,
    city = s.city,
    county = s.county,
    division_code = s.division_code,
    authority = s.authority,
    decision_date = s.decision_date,
    publish_date = s.publish_date,
    violation_types = s.violation_types,
    pollutants = s.pollutants,
    legal_basis = s.legal_basis,
    penalty_kinds = s.penalty_kinds,
    fines = s.fines,
    fine_yuan = s.fine_yuan,
    rectification_deadline = s.rectification_deadline,
    facts = s.facts,
    warnings = s.warnings,
    violation_key = s.violation_key,
    version = t.version + 1,
    version_run_id = s.run_id,
    last_seen_at = greatest(t.last_seen_at, s.fetched_at),
    last_seen_run_id = CASE WHEN s.fetched_at > t.last_seen_at THEN s.run_id ELSE t.last_seen_run_id END,
    taken_down_at = NULL,
    taken_down_run_id = NULL
-- the same (or an older) version seen again: only the sightings move
WHEN MATCHED THEN UPDATE SET
    first_seen_at = least(t.first_seen_at, s.fetched_at),
    first_seen_run_id = CASE WHEN s.fetched_at < t.first_seen_at THEN s.run_id ELSE t.first_seen_run_id END,
    last_seen_at = greatest(t.last_seen_at, s.fetched_at),
    last_seen_run_id = CASE WHEN s.fetched_at > t.last_seen_at THEN s.run_id ELSE t.last_seen_run_id END,
    -- seen again after a take-down: it is back online
    taken_down_at = CASE WHEN s.fetched_at > t.taken_down_at THEN NULL ELSE t.taken_down_at END,
    taken_down_run_id = CASE WHEN s.fetched_at > t.taken_down_at THEN NULL ELSE t.taken_down_run_id END;

-- New records: their first version, with the company of their accepted match set right away
-- (updating millions of rows later is slow). The join must keep its hash table on the narrow
-- side (the matches): DuckDB would otherwise flip it and build it from the wide staged rows,
-- long facts and all, which took half this statement's time on a backfill.
SET disabled_optimizers = 'build_side_probe_side';
INSERT INTO core.violations BY NAME
SELECT
    s.* EXCLUDE (run_id),
    1 AS version,
    s.fetched_at AS first_seen_at,
    s.fetched_at AS last_seen_at,
    s.run_id AS first_seen_run_id,
    s.run_id AS last_seen_run_id,
    s.run_id AS version_run_id,
    CASE WHEN m.accepted THEN m.company_id END AS company_id,
    m.band AS match_band
FROM staging.penalty_records AS s
LEFT JOIN core.violation_matches AS m ON m.record_id = s.record_id
ANTI JOIN core.violations AS known ON known.record_id = s.record_id;
RESET disabled_optimizers;

-- Incremental crawls fetch only new documents; the listing manifest says which older ones the
-- site still shows. A listed document counts as seen at the crawl's start (and is back online if
-- it had been taken down before that crawl).
UPDATE core.violations AS v
SET last_seen_at = u.started_at,
    last_seen_run_id = getvariable('run_id'),
    taken_down_at = NULL,
    taken_down_run_id = NULL
FROM staging.listed_urls AS u
WHERE u.source_id = v.source_id
  AND u.url = v.source_url
  AND u.started_at > v.last_seen_at
  AND (v.taken_down_at IS NULL OR u.started_at > v.taken_down_at);

-- Take-downs (docs/architecture.md): a record whose document is absent from a *complete* listing
-- of its source, in a run whose crawl of that source was healthy ($takedown_statuses), is marked
-- taken down at that crawl's start, if it was last seen before. Never deleted. A failed, partial
-- or incremental (incomplete) crawl says nothing about what the site still shows.
UPDATE core.violations AS v
SET taken_down_at = t.started_at, taken_down_run_id = t.run_id
FROM (
    -- the candidates first (records of healthy complete listings, last seen before): usually few
    -- or none, and an anti join against none skips reading the run's URLs and records at all
    WITH candidates AS (
        SELECT c.record_id, c.source_id, c.source_url, l.started_at, l.run_id
        FROM core.violations AS c
        JOIN staging.listings AS l ON l.source_id = c.source_id
        WHERE l.can_take_down
          AND l.started_at > c.last_seen_at
          AND c.taken_down_at IS NULL
    )
    SELECT c.record_id, c.started_at, c.run_id
    FROM candidates AS c
    ANTI JOIN staging.listed_urls AS u ON u.source_id = c.source_id AND u.url = c.source_url
    ANTI JOIN staging.penalty_records AS s ON s.record_id = c.record_id
) AS t
WHERE t.record_id = v.record_id;

-- The accepted match's company (re-checked for every row: a judgement may change an old match).
-- Only a load that changed stored matches (matched known records again, or has judgements; both
-- in core_violation_matches.sql) can leave a row behind: the rows inserted above took their
-- company from these same matches, so on a first load this pass is skipped.
UPDATE core.violations AS v
SET company_id = CASE WHEN m.accepted THEN m.company_id END, match_band = m.band
FROM core.violation_matches AS m
WHERE (getvariable('run_has_known_matches') OR getvariable('run_has_judgements'))
  AND m.record_id = v.record_id
  AND (v.company_id IS DISTINCT FROM CASE WHEN m.accepted THEN m.company_id END
       OR v.match_band IS DISTINCT FROM m.band);

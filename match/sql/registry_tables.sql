-- The registry as the engine holds it: one row per firm (reg_entities) and one per spelling of its
-- name (reg_variants), filled from Python (match.engine), which parses the names. `row_hash` is the
-- registry row's fingerprint: an update of the registry file re-indexes only the rows it changed.
CREATE TABLE reg_entities (
    eid BIGINT, company_id VARCHAR, name VARCHAR, uscc VARCHAR, address_rest VARCHAR, codes VARCHAR,
    parent_company_id VARCHAR, cities VARCHAR[], places VARCHAR[], row_hash VARCHAR
);
CREATE TABLE reg_variants (
    vid BIGINT, eid BIGINT, lang VARCHAR, kind VARCHAR, name VARCHAR, core VARCHAR, trade VARCHAR,
    industry VARCHAR, xkey VARCHAR, branch VARCHAR, codes VARCHAR, regions VARCHAR, family VARCHAR,
    written VARCHAR, wform VARCHAR
);

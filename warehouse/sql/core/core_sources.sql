-- core.sources: the source registry as of the latest load (one row per source_id). The registry
-- is the whole truth each run; an empty registry input leaves the table as it was.
CREATE TABLE IF NOT EXISTS core.sources AS
SELECT * FROM staging.sources LIMIT 0;

DELETE FROM core.sources WHERE (SELECT count(*) FROM staging.sources) > 0;
INSERT INTO core.sources BY NAME SELECT * FROM staging.sources;

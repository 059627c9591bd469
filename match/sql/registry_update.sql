-- Bring the index up to date after an update of the registry, touching only what changed.
-- Before this runs (match.engine.Matcher.update): the firms whose registry row was removed or changed
-- are copied to gone_entities / gone_variants and deleted from reg_entities / reg_variants; the new
-- and changed rows are in new_entities / new_variants and inserted into reg_entities / reg_variants.
-- reg_keys still holds the gone firms' keys. Every count and weight of a key either side touches is
-- recomputed; the rest of the index stays as it is (weights use the registry's size as of their key's
-- last change, which only ranks candidates).
CREATE OR REPLACE TEMP TABLE new_keys AS FROM variant_keys('new_variants', 'new_entities');

CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT key FROM reg_keys WHERE eid IN (SELECT eid FROM gone_entities)
UNION
SELECT DISTINCT key FROM new_keys;

DELETE FROM reg_keys WHERE eid IN (SELECT eid FROM gone_entities);

INSERT INTO reg_keys SELECT * FROM new_keys;

DELETE FROM key_df WHERE key IN (SELECT key FROM touched);

INSERT INTO key_df
SELECT key, count(DISTINCT eid) AS df FROM reg_keys WHERE key IN (SELECT key FROM touched) GROUP BY key;

DELETE FROM reg_index WHERE key IN (SELECT key FROM touched);

INSERT INTO reg_index
SELECT k.key, k.vid, k.eid, ln(1 + $n_entities / d.df) AS w
FROM reg_keys k JOIN key_df d USING (key)
WHERE k.key IN (SELECT key FROM touched) AND kept_key(k.key, d.df, $max_df);

CREATE OR REPLACE TEMP TABLE touched_crowding AS
SELECT DISTINCT key FROM crowding_keys('gone_variants')
UNION
SELECT DISTINCT key FROM crowding_keys('new_variants');

DELETE FROM typo_df WHERE key IN (SELECT key FROM touched_crowding);

INSERT INTO typo_df
SELECT key, count(DISTINCT eid) AS df
FROM crowding_keys('reg_variants') WHERE key IN (SELECT key FROM touched_crowding) GROUP BY key;

CREATE OR REPLACE TEMP TABLE touched_address AS
SELECT address_rest FROM gone_entities WHERE address_rest <> ''
UNION
SELECT address_rest FROM new_entities WHERE address_rest <> '';

DELETE FROM reg_address WHERE address_rest IN (SELECT address_rest FROM touched_address);

INSERT INTO reg_address
WITH df AS (
    SELECT address_rest, count(*) AS n FROM reg_entities
    WHERE address_rest IN (SELECT address_rest FROM touched_address) GROUP BY address_rest
)
SELECT e.address_rest, e.eid, ln(1 + $n_entities / df.n) AS w
FROM reg_entities e JOIN df USING (address_rest)
WHERE df.n <= $max_df;

CREATE OR REPLACE TEMP TABLE touched_uscc AS
SELECT uscc FROM gone_entities WHERE uscc IS NOT NULL
UNION
SELECT uscc FROM new_entities WHERE uscc IS NOT NULL;

DELETE FROM uscc_df WHERE uscc IN (SELECT uscc FROM touched_uscc);

INSERT INTO uscc_df
SELECT uscc, count(*) AS df FROM reg_entities WHERE uscc IN (SELECT uscc FROM touched_uscc) GROUP BY uscc;

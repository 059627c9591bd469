-- The registry's index, built from reg_entities and reg_variants (match/sql/registry_tables.sql).
-- reg_keys: every key of every variant (kept, so an update can recount the keys it touches);
-- key_df: how many firms share each key; reg_index: the keys that take part in blocking, with an IDF
-- weight. match/sql/registry_update.sql keeps all of these current when the registry changes.
CREATE OR REPLACE TABLE reg_keys AS FROM variant_keys('reg_variants', 'reg_entities');

CREATE OR REPLACE TABLE key_df AS
SELECT key, count(DISTINCT eid) AS df FROM reg_keys GROUP BY key;

CREATE OR REPLACE TABLE reg_index AS
SELECT k.key, k.vid, k.eid, ln(1 + $n_entities / d.df) AS w
FROM reg_keys k JOIN key_df d USING (key)
WHERE kept_key(k.key, d.df, $max_df);

-- Country-wide counts of the typo keys (no city): how many firms of an industry have a trade name
-- within one edit of a given one. A typo reading is only trusted where that neighbourhood is sparse.
CREATE OR REPLACE TABLE typo_df AS
SELECT key, count(DISTINCT eid) AS df FROM crowding_keys('reg_variants') GROUP BY key;

-- Address blocking: a query whose (region-stripped) address equals a registered address meets that
-- company even when its name has a typo in the trade name (whose 2-grams all carry the typo).
CREATE OR REPLACE TABLE reg_address AS
WITH df AS (
    SELECT address_rest, count(*) AS n FROM reg_entities WHERE address_rest <> '' GROUP BY address_rest
)
SELECT e.address_rest, e.eid, ln(1 + $n_entities / df.n) AS w
FROM reg_entities e JOIN df USING (address_rest)
WHERE df.n <= $max_df;

-- How many registered firms bear each USCC (a code on two firms is a registry error, not an answer).
CREATE OR REPLACE TABLE uscc_df AS
SELECT uscc, count(*) AS df FROM reg_entities WHERE uscc IS NOT NULL GROUP BY uscc;

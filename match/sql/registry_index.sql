-- Inverted index of the registry's name variants: key → variants, with an IDF weight.
-- Keys shared by more than $max_df entities are dropped (a common 2-gram like 电子 would pair every
-- query with a hundred thousand names); exact keys ('x…'), typo keys ('e…': per city, and they
-- must find every near-namesake to count them) and whole-name keys ('w…', per place) are always kept.
CREATE OR REPLACE TABLE reg_keys AS
SELECT vid, eid, unnest(blocking_keys(lang, core, trade, xkey)) AS key
FROM reg_variants
UNION ALL
-- typo keys of registered and former Chinese names, in the city where the company sits
SELECT v.vid, v.eid, unnest(typo_keys_registry(v.trade, v.industry, e.cities)) AS key
FROM reg_variants v JOIN reg_entities e USING (eid)
WHERE v.lang = 'zh' AND v.kind IN ('name', 'former') AND length(v.trade) >= 2 AND len(e.cities) > 0
UNION ALL
-- whole-name keys of registered and former Chinese names, in the place where the company sits
SELECT v.vid, v.eid, unnest(whole_keys_registry(v.written, v.wform, e.places)) AS key
FROM reg_variants v JOIN reg_entities e USING (eid)
WHERE v.lang = 'zh' AND v.kind IN ('name', 'former') AND len(e.places) > 0;

CREATE OR REPLACE TABLE key_df AS
SELECT key, count(DISTINCT eid) AS df FROM reg_keys GROUP BY key;

CREATE OR REPLACE TABLE reg_index AS
SELECT k.key, k.vid, k.eid, ln(1 + $n_entities / d.df) AS w
FROM reg_keys k JOIN key_df d USING (key)
WHERE d.df <= $max_df OR starts_with(k.key, 'x') OR starts_with(k.key, 'e') OR starts_with(k.key, 'w');

DROP TABLE reg_keys;

-- Country-wide counts of the typo keys (no city): how many firms of an industry have a trade name
-- within one edit of a given one. A typo reading is only trusted where that neighbourhood is sparse.
CREATE OR REPLACE TABLE typo_df AS
SELECT key, count(DISTINCT eid) AS df
FROM (SELECT eid, unnest(typo_keys_registry(trade, industry, [''])) AS key
      FROM reg_variants WHERE lang = 'zh' AND kind IN ('name', 'former') AND length(trade) >= 2)
GROUP BY key;

-- Address blocking: a query whose (region-stripped) address equals a registered address meets that
-- company even when its name has a typo in the trade name (whose 2-grams all carry the typo).
CREATE OR REPLACE TABLE reg_address AS
WITH df AS (
    SELECT address_rest, count(*) AS n FROM reg_entities WHERE address_rest <> '' GROUP BY address_rest
)
SELECT e.address_rest, e.eid, ln(1 + $n_entities / df.n) AS w
FROM reg_entities e JOIN df USING (address_rest)
WHERE df.n <= $max_df;

-- Inverted index of the Latin-script keys (match.latin.matcher writes latin_keys(key, eid) and keeps it,
-- so that an update re-indexes only the firms that changed and then runs this again):
-- pinyin syllable pairs of Chinese names (plain and per province), English words and their
-- 4-letter heads and tails, industry words per province. IDF-weighted; a key shared by more than
-- $max_df firms is dropped (the province-qualified forms of a common one usually stay).
CREATE OR REPLACE TABLE latin_key_df AS
SELECT key, count(DISTINCT eid) AS df FROM latin_keys GROUP BY key;

CREATE OR REPLACE TABLE latin_index AS
SELECT k.key, k.eid, ln(1 + $n_entities / d.df) AS w
FROM (SELECT DISTINCT key, eid FROM latin_keys) k JOIN latin_key_df d USING (key)
WHERE d.df <= $max_df;

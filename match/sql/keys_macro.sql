-- Blocking keys of one name variant. Chinese: every character 2-gram of the core (trade name +
-- industry), the whole trade name, the exact key. English/pinyin: the compact trade name, its
-- 4-grams (survive a typo or a different word split), the exact key. Prefixes keep the key spaces apart.
CREATE OR REPLACE MACRO blocking_keys(lang, core, trade, xkey) AS
    CASE WHEN lang = 'zh' THEN
        list_distinct(list_concat(
            ['x' || xkey, 't' || trade],
            [ 'b' || substr(core, i, 2) FOR i IN range(1, greatest(length(core), 1)) ]))
    ELSE
        list_distinct(list_concat(
            ['x' || xkey, 'p' || trade],
            [ 'q' || substr(trade, i, 4) FOR i IN range(1, greatest(length(trade) - 2, 1)) ]))
    END;

-- Typo keys (Chinese), one set per city (4-digit division prefix; a municipality is one city):
-- two trade names exactly one edit apart, with the same industry words, in the same city, share a
-- key: F (same trade name, or the query has one character more), D (the query dropped one),
-- S<i> (the i-th character replaced). The registry and the query emit different halves so that two
-- names two edits apart never meet. They find a typo'd trade name among its city's firms, and count
-- its near-namesakes there (candidates.sql), which is what decides whether a typo can be trusted.
CREATE OR REPLACE MACRO typo_keys_registry(trade, industry, cities) AS
    flatten(list_transform(cities, lambda c: list_concat(
        ['e' || c || '|F' || trade || '|' || industry],
        [ 'e' || c || '|D' || substr(trade, 1, i - 1) || substr(trade, i + 1) || '|' || industry
          FOR i IN range(1, length(trade) + 1) ],
        [ 'e' || c || '|S' || i || substr(trade, 1, i - 1) || substr(trade, i + 1) || '|' || industry
          FOR i IN range(1, length(trade) + 1) ])));

CREATE OR REPLACE MACRO typo_keys_query(trade, industry, cities) AS
    flatten(list_transform(cities, lambda c: list_concat(
        ['e' || c || '|F' || trade || '|' || industry, 'e' || c || '|D' || trade || '|' || industry],
        [ 'e' || c || '|F' || substr(trade, 1, i - 1) || substr(trade, i + 1) || '|' || industry
          FOR i IN range(1, length(trade) + 1) ],
        [ 'e' || c || '|S' || i || substr(trade, 1, i - 1) || substr(trade, i + 1) || '|' || industry
          FOR i IN range(1, length(trade) + 1) ])));

-- Whole-name keys (Chinese), per place (the finest division code of the firm, or of the query) and
-- organizational form: two written name bodies at most one edit apart, of length n and n±1, share
-- the query-length key of either their first n//2 characters or their last n - n//2 - 1 (the edit
-- cannot touch both). They find a slip of the pen wherever it falls (also in a region or industry
-- word the name parse then reads wrongly), among the firms of the query's own county.
CREATE OR REPLACE MACRO whole_keys_registry(written, wform, places) AS
    flatten(list_transform(places, lambda p: flatten(list_transform(
        list_filter([length(written) - 1, length(written), length(written) + 1], lambda n: n >= 3),
        lambda n: ['w' || p || '|' || wform || '|P' || n || '|' || left(written, n // 2),
                   'w' || p || '|' || wform || '|S' || n || '|' || right(written, n - n // 2 - 1)]))));

CREATE OR REPLACE MACRO whole_keys_query(written, wform, places) AS
    CASE WHEN length(written) >= 3 THEN
        flatten(list_transform(places, lambda p:
            ['w' || p || '|' || wform || '|P' || length(written) || '|' || left(written, length(written) // 2),
             'w' || p || '|' || wform || '|S' || length(written) || '|'
                 || right(written, length(written) - length(written) // 2 - 1)]))
    ELSE [] END;

-- Whether two strings are at most one edit (replace, drop, add a character) apart, by characters
-- (levenshtein() counts bytes: one Chinese character is three). Past the first difference the rest
-- must be equal, shifted by one for a dropped or added character.
CREATE OR REPLACE MACRO first_diff(x, y) AS
    coalesce(list_position(list_transform(range(1, least(len(x), len(y)) + 1), lambda i: x[i] = y[i]), false),
             least(len(x), len(y)) + 1);

CREATE OR REPLACE MACRO one_edit_lists(x, y) AS CASE
    WHEN len(x) = len(y) THEN x[first_diff(x, y) + 1:] = y[first_diff(x, y) + 1:]
    WHEN len(x) = len(y) + 1 THEN x[first_diff(x, y) + 1:] = y[first_diff(x, y):]
    WHEN len(y) = len(x) + 1 THEN y[first_diff(x, y) + 1:] = x[first_diff(x, y):]
    ELSE false END;

CREATE OR REPLACE MACRO within_one_edit(a, b) AS one_edit_lists(string_split(a, ''), string_split(b, ''));

-- Every key of a set of name variants (a table of reg_variants' shape) and their firms (reg_entities'
-- shape), by table name: the whole registry when the index is built, the rows an update adds or
-- removes when it is updated (match/sql/registry_update.sql).
CREATE OR REPLACE MACRO variant_keys(variants, entities) AS TABLE
SELECT vid, eid, unnest(blocking_keys(lang, core, trade, xkey)) AS key
FROM query_table(variants)
UNION ALL
-- typo keys of registered and former Chinese names, in the city where the company sits
SELECT v.vid, v.eid, unnest(typo_keys_registry(v.trade, v.industry, e.cities)) AS key
FROM query_table(variants) v JOIN query_table(entities) e USING (eid)
WHERE v.lang = 'zh' AND v.kind IN ('name', 'former') AND length(v.trade) >= 2 AND len(e.cities) > 0
UNION ALL
-- whole-name keys of registered and former Chinese names, in the place where the company sits
SELECT v.vid, v.eid, unnest(whole_keys_registry(v.written, v.wform, e.places)) AS key
FROM query_table(variants) v JOIN query_table(entities) e USING (eid)
WHERE v.lang = 'zh' AND v.kind IN ('name', 'former') AND len(e.places) > 0;

-- Country-wide typo keys (no city) of a set of variants: how crowded a trade name's neighbourhood is.
CREATE OR REPLACE MACRO crowding_keys(variants) AS TABLE
SELECT eid, unnest(typo_keys_registry(trade, industry, [''])) AS key
FROM query_table(variants)
WHERE lang = 'zh' AND kind IN ('name', 'former') AND length(trade) >= 2;

-- Whether a key takes part in blocking: keys shared by more than max_df firms are dropped (a common
-- 2-gram like 电子 would pair every query with a hundred thousand names), except exact keys ('x…'),
-- typo keys ('e…': they must find every near-namesake to count them) and whole-name keys ('w…').
CREATE OR REPLACE MACRO kept_key(key, df, max_df) AS
    df <= max_df OR starts_with(key, 'x') OR starts_with(key, 'e') OR starts_with(key, 'w');

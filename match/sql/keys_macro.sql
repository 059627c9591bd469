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

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

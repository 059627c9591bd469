-- core.labels: what every code means, in Chinese and English (config/labels.yaml and
-- config/taxonomy/). Replaced by every load that read labels; join on (code_set, code).
CREATE TABLE IF NOT EXISTS core.labels AS
SELECT * FROM raw.labels LIMIT 0;

DELETE FROM core.labels WHERE (SELECT count(*) FROM raw.labels) > 0;
INSERT INTO core.labels BY NAME
SELECT DISTINCT ON (code_set, code) *
FROM raw.labels
WHERE code_set IS NOT NULL AND code IS NOT NULL
ORDER BY code_set, code;

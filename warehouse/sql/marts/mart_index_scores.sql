-- marts.index_scores: the transparency index's scores for every period in data/index/<period>/
-- (its columns are the index's; `period` is the folder name). Empty until the index has run.
CREATE OR REPLACE TABLE marts.index_scores AS
SELECT * FROM raw.index_scores;

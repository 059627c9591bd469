-- Session settings of the loading connection. Timestamps are stored and compared in UTC.
SET TimeZone = 'UTC';
SET preserve_insertion_order = false;
-- progress is reported by the loader (greenchain.progress), not by DuckDB on stderr
SET enable_progress_bar = false;

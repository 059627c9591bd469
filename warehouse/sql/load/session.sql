-- Session settings of the loading connection. Timestamps are stored and compared in UTC.
SET TimeZone = 'UTC';
SET preserve_insertion_order = false;

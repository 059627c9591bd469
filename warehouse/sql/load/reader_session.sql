-- Session settings of read-only analyst connections.
SET TimeZone = 'UTC';

-- Session settings of read-only analyst connections, then the lock: after it no setting can change
-- (external access stays off, see warehouse/query.py).
SET TimeZone = 'UTC';
SET lock_configuration = true;

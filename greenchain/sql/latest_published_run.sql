-- The run whose load was published last (the warehouse's meta.runs).
SELECT run_id FROM meta.runs WHERE status = 'published' ORDER BY finished_at DESC LIMIT 1

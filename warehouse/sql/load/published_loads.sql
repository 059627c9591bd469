-- Which of $ids the warehouse records as published (its own load, or an earlier one).
SELECT load_id FROM meta.runs WHERE status = 'published' AND list_contains($ids, load_id);

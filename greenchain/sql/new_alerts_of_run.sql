-- New-violation alert messages created by one run (outbox, SQLite), with the supplier as the brand listed it.
SELECT brand_id, record_id, supplier_name
FROM messages
WHERE run_id = ? AND kind = 'new'
ORDER BY brand_id, seq

-- Named SQLite statements for alerts/outbox.py (loaded by name: `-- name: <name>`).

-- name: insert_message
INSERT OR IGNORE INTO messages (key, run_id, created_at, brand_id, record_id, kind, version, detail,
    retracts, company_id, taken_down, stage, judgement, supplier_row_id, supplier_name,
    supplier_company_id, relation, body)
VALUES (:key, :run_id, :created_at, :brand_id, :record_id, :kind, :version, :detail,
    :retracts, :company_id, :taken_down, :stage, :judgement, :supplier_row_id, :supplier_name,
    :supplier_company_id, :relation, :body);

-- name: insert_delivery
INSERT OR IGNORE INTO deliveries (key, channel, state, attempts, next_attempt_at)
VALUES (:key, :channel, 'pending', 0, :now);

-- name: snapshot
-- The state each (brand, record) was last alerted in: its latest message (index messages_record).
SELECT seq, key, brand_id, record_id, company_id, version, taken_down, stage, judgement,
    supplier_row_id, supplier_name, supplier_company_id, relation
FROM messages AS m
WHERE seq = (SELECT max(seq) FROM messages AS l WHERE l.brand_id = m.brand_id AND l.record_id = m.record_id);

-- name: key_for_new
-- The latest `new` alert for a record and company: what a retraction withdraws.
SELECT key FROM messages
WHERE brand_id = :brand_id AND record_id = :record_id AND kind = 'new' AND company_id = :company_id
ORDER BY seq DESC LIMIT 1;

-- name: count_pending
SELECT count(*) FROM deliveries WHERE channel = :channel AND state = 'pending';

-- name: mark_delivered
UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = :at, last_error = NULL
WHERE key = :key AND channel = :channel AND state = 'pending';

-- name: mark_failed
UPDATE deliveries SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next_attempt_at,
    state = CASE WHEN attempts + 1 >= :max_attempts THEN 'dead' ELSE 'pending' END
WHERE key = :key AND channel = :channel AND state = 'pending'
RETURNING state;

-- name: requeue_dead
UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = :now
WHERE channel = :channel AND state = 'dead';

-- name: brand_messages
-- Newest messages of one brand, for its feeds.
SELECT seq, key, kind, record_id, created_at, body FROM messages
WHERE brand_id = :brand_id ORDER BY seq DESC LIMIT :limit;

-- name: list_messages
SELECT m.seq, m.key, m.created_at, m.brand_id, m.record_id, m.kind, m.version, d.channel, d.state,
    d.attempts, d.last_error
FROM messages m LEFT JOIN deliveries d USING (key)
WHERE (:brand_id IS NULL OR m.brand_id = :brand_id) AND (:state IS NULL OR d.state = :state)
ORDER BY m.seq DESC, d.channel LIMIT :limit;

-- name: digest_sent
SELECT digest_id FROM digests WHERE brand_id = :brand_id AND day = :day;

-- name: insert_digest
INSERT INTO digests (digest_id, brand_id, day, sent_at, messages)
VALUES (:digest_id, :brand_id, :day, :sent_at, :messages);

-- name: insert_token
INSERT INTO tokens (token_sha256, token_id, brand_id, issued_at, label, feed_key_sha256, expires_at)
VALUES (:token_sha256, :token_id, :brand_id, :issued_at, :label, :feed_key_sha256, :expires_at);

-- name: brand_for_token
-- Only a live token: not revoked, not expired (ISO UTC strings of one format compare as times).
SELECT brand_id FROM tokens
WHERE token_sha256 = :token_sha256 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now);

-- name: brand_for_feed_key
SELECT brand_id FROM tokens
WHERE feed_key_sha256 = :feed_key_sha256 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now);

-- name: list_tokens
SELECT token_id, brand_id, issued_at, label, expires_at, revoked_at, feed_key_sha256 FROM tokens
WHERE (:brand_id IS NULL OR brand_id = :brand_id) ORDER BY issued_at DESC, token_id;

-- name: live_token_by_id
SELECT brand_id, label FROM tokens WHERE token_id = :token_id AND revoked_at IS NULL;

-- name: revoke_token
UPDATE tokens SET revoked_at = :at WHERE token_id = :token_id AND revoked_at IS NULL;

-- name: pending
-- Every pending delivery of a channel in send order, due or not: a brand's later message is
-- never sent before an earlier one that is waiting for its retry.
SELECT d.key, d.attempts, d.next_attempt_at, m.seq, m.brand_id, m.kind, m.record_id, m.body
FROM deliveries d JOIN messages m USING (key)
WHERE d.channel = :channel AND d.state = 'pending'
ORDER BY m.brand_id, m.seq;

-- name: outbox_brands
SELECT DISTINCT brand_id FROM messages;

-- name: brand_messages_after
SELECT seq, body FROM messages WHERE brand_id = :brand_id AND seq > :after ORDER BY seq LIMIT :limit;

-- name: pending_brands
SELECT DISTINCT m.brand_id FROM deliveries d JOIN messages m USING (key)
WHERE d.channel = :channel AND d.state = 'pending' ORDER BY m.brand_id;

-- name: pending_for_brand
-- One brand's pending deliveries of a channel in send order, due or not (see `pending`).
SELECT d.key, d.attempts, d.next_attempt_at, m.seq, m.kind, m.record_id, m.body
FROM deliveries d JOIN messages m USING (key)
WHERE d.channel = :channel AND d.state = 'pending' AND m.brand_id = :brand_id
ORDER BY m.seq;

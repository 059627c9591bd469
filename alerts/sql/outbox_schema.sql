-- The alerts outbox (SQLite, WAL): alerts' own state, separate from the read-only warehouse.
-- messages: one row per (brand, record, event, version); the idempotency key is the primary
-- identity, so enqueueing the same event twice is a no-op. Each row also keeps the state
-- snapshot the next run's diff (events.sql) compares against.
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    run_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    brand_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    detail TEXT NOT NULL,
    retracts TEXT,
    company_id TEXT,
    taken_down INTEGER NOT NULL,
    stage TEXT,
    judgement TEXT,
    supplier_row_id TEXT,
    supplier_name TEXT,
    supplier_company_id TEXT,
    relation TEXT,
    body TEXT NOT NULL  -- the exact JSON every channel sends; retries resend these bytes
);
CREATE INDEX IF NOT EXISTS messages_brand ON messages (brand_id, seq);
CREATE INDEX IF NOT EXISTS messages_record ON messages (brand_id, record_id, seq);

-- deliveries: one row per message and channel the brand receives.
CREATE TABLE IF NOT EXISTS deliveries (
    key TEXT NOT NULL REFERENCES messages (key),
    channel TEXT NOT NULL CHECK (channel IN ('feed', 'webhook', 'email')),
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,  -- unix seconds
    last_error TEXT,
    delivered_at TEXT,
    PRIMARY KEY (key, channel)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (channel, state, next_attempt_at);

-- digests: one email per brand and day.
CREATE TABLE IF NOT EXISTS digests (
    digest_id TEXT PRIMARY KEY,
    brand_id TEXT NOT NULL,
    day TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    messages INTEGER NOT NULL,
    UNIQUE (brand_id, day)
);

-- feed-service credentials, stored as sha256; the token and feed key themselves are printed once.
-- One row holds a brand's bearer token and its secret feed URL key: revoking or rotating the token
-- ends both. Columns after `label` were added in issue 18/19; outbox.connect adds them to older files.
CREATE TABLE IF NOT EXISTS tokens (
    token_sha256 TEXT PRIMARY KEY,
    brand_id TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    label TEXT,
    token_id TEXT,  -- first 12 hex digits of token_sha256: names the token in `alerts token list|revoke`
    feed_key_sha256 TEXT,  -- sha256 of the key in the brand's secret feed URL (NULL for older tokens)
    expires_at TEXT,  -- ISO UTC; NULL = no expiry
    revoked_at TEXT
);

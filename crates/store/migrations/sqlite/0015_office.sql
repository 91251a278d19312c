-- Running it as an office would: e-mail notifications, and map boundaries an office imports.
--
-- E-mail notifications. A notice is one thing someone should hear about (a measure update due,
-- a new Panel question, ...), made once per dedupe_key however often the scan runs. Notices
-- become messages in the outbox: one each, or a weekly digest, as the person prefers. A message
-- is kept after it is sent (the record of what went out) and, until then, retried with backoff.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    sent_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    summary TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    message_id INTEGER REFERENCES mail_outbox (id)
);
CREATE INDEX notices_unmailed ON notices (user_id, message_id);

-- mode: each (a message per notice), weekly (a digest), none. No row: each.
CREATE TABLE mail_preferences (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    mode TEXT NOT NULL CHECK (mode IN ('each', 'weekly', 'none')),
    last_digest_at TEXT
);

-- Map boundaries an office imported (`opcc import boundaries FILE`) for a force whose maps do
-- not ship in the binary: the projected, simplified map as JSON, one per force area.
CREATE TABLE map_boundaries (
    pfa_code TEXT PRIMARY KEY,
    boundaries TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

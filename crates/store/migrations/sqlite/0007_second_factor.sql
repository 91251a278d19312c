-- A second factor (TOTP, RFC 6238) with single-use recovery codes, the half-done sign-ins
-- waiting for a code, and the office's settings.

-- confirmed_at is null while enrolment waits for the first code; last_step is the last TOTP
-- step used, so no code is accepted twice.
CREATE TABLE second_factors (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    last_step INTEGER
);

-- SHA-256 of each code: they are random, so a slow hash adds nothing.
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- A password accepted, the code still to come. Only the token's SHA-256 is stored.
CREATE TABLE sign_in_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next_path TEXT NOT NULL,
    client TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sign_in_challenges_user ON sign_in_challenges (user_id);

CREATE TABLE office_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO office_settings (name, value) VALUES ('staff_second_factor', 'optional');

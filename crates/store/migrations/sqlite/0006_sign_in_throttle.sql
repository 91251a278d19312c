-- Sign-in throttling per account and client. The old per-email and per-address counts let
-- anyone lock a user out from anywhere, and one busy address lock out everyone behind it.
DROP TABLE login_attempts;

-- One row per (email, client): attempts since the last success, and when the next may be
-- made. An attempt is counted here before its password is checked.
CREATE TABLE sign_in_throttle (
    email TEXT NOT NULL,
    client TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    blocked_until TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (email, client)
);
CREATE INDEX sign_in_throttle_updated ON sign_in_throttle (updated_at);

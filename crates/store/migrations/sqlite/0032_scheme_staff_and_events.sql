-- Staff assigned to a scheme: only they see its volunteers' personal data (names, contact
-- details, vetting and training, availability, expenses claims, applications). An
-- administrator assigns them; administrators are not staff of a scheme unless assigned
-- (docs/schemes.md).
CREATE TABLE sch_staff (
    scheme_id INTEGER NOT NULL REFERENCES sch_schemes (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    granted_at TEXT NOT NULL,
    granted_by INTEGER REFERENCES users (id),
    PRIMARY KEY (scheme_id, user_id)
);

-- The consultation and engagement scheme's events: what, where and when, how many people
-- were reached, and which volunteers went (personal data: the scheme's staff only).
CREATE TABLE sch_events (
    id INTEGER PRIMARY KEY,
    scheme_id INTEGER NOT NULL REFERENCES sch_schemes (id),
    held_on TEXT NOT NULL,
    title TEXT NOT NULL,
    place TEXT NOT NULL,
    reached INTEGER,
    created_at TEXT NOT NULL
);

CREATE TABLE sch_event_volunteers (
    event_id INTEGER NOT NULL REFERENCES sch_events (id) ON DELETE CASCADE,
    volunteer_id INTEGER NOT NULL REFERENCES sch_volunteers (id),
    PRIMARY KEY (event_id, volunteer_id)
);

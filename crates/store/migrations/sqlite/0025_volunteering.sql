-- The volunteer lifecycle: applications from the public, the days and times each volunteer
-- can visit, a rota that the office drafts, edits and publishes, mileage on expenses claims,
-- and the marks retention leaves when it erases personal data (docs/schemes.md).

-- An application to join a scheme, made on the public site. Personal data: the office only.
CREATE TABLE sch_applications (
    id INTEGER PRIMARY KEY,
    scheme_id INTEGER NOT NULL REFERENCES sch_schemes (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'declined')),
    decided_on TEXT,
    volunteer_id INTEGER REFERENCES sch_volunteers (id),
    received_at TEXT NOT NULL
);

-- When a volunteer can visit: a weekday (0 Monday .. 6 Sunday) and a part of the day.
CREATE TABLE sch_availability (
    volunteer_id INTEGER NOT NULL REFERENCES sch_volunteers (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    slot TEXT NOT NULL CHECK (slot IN ('day', 'evening', 'night')),
    PRIMARY KEY (volunteer_id, weekday, slot)
);

-- A rota visit is a draft until the office publishes the month; then its pair sees it.
ALTER TABLE sch_rota ADD COLUMN published_at TEXT;

-- Miles driven (a decimal as text); the amount is miles at 45p plus any other costs.
ALTER TABLE sch_expenses ADD COLUMN miles TEXT NOT NULL DEFAULT '0';

ALTER TABLE sch_volunteers ADD COLUMN erased_on TEXT;
ALTER TABLE oocr_lists ADD COLUMN erased_on TEXT;

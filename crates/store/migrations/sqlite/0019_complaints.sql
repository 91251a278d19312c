-- Police complaints: complaints about the Chief Constable (the office is the appropriate
-- authority), review requests (the office is the relevant review body), the people behind
-- them (kept apart so that retention and subject access work per person), the complaints team
-- (office users granted the complaints role), the decision letter's template, the IOPC's
-- quarterly statistics, themes fed back to the force and the item 7C statements. Dates are
-- ISO text; flags are 0 or 1; figures that may be fractional are decimal text.

CREATE TABLE complaints_team (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    granted_at TEXT NOT NULL,
    granted_by INTEGER REFERENCES users (id)
);

-- Complainants and review applicants: the personal data, held once per person.
CREATE TABLE complaints_persons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE complaints_cc (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    -- NULL once the record is anonymised.
    person_id INTEGER REFERENCES complaints_persons (id),
    summary TEXT NOT NULL,
    received_on TEXT NOT NULL,
    -- 1: recorded under Schedule 3 to the Police Reform Act 2002; 0: handled outside it.
    schedule3 INTEGER NOT NULL CHECK (schedule3 IN (0, 1)),
    recorded_on TEXT,
    handling TEXT,
    handling_on TEXT,
    -- 1: the rules require referral to the IOPC.
    referral_required INTEGER NOT NULL CHECK (referral_required IN (0, 1)),
    referred_on TEXT,
    contacted_on TEXT,
    outcome TEXT,
    outcome_on TEXT,
    anonymised_on TEXT
);

CREATE TABLE complaints_reviews (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    person_id INTEGER REFERENCES complaints_persons (id),
    force_reference TEXT NOT NULL,
    -- The day the force told the complainant its outcome: the 28 days run from it.
    outcome_notified_on TEXT NOT NULL,
    received_on TEXT NOT NULL,
    -- Why a late request was accepted; empty when it was in time.
    late_reason TEXT NOT NULL,
    valid INTEGER CHECK (valid IN (0, 1)),
    validity_on TEXT,
    validity_note TEXT NOT NULL,
    file_requested_on TEXT,
    file_received_on TEXT,
    reviewer_id INTEGER REFERENCES users (id),
    decision TEXT,
    decided_on TEXT,
    rationale TEXT NOT NULL,
    recommendations TEXT NOT NULL,
    force_response TEXT NOT NULL,
    force_response_on TEXT,
    -- The letter as sent, once generated from the template.
    letter TEXT,
    letter_on TEXT,
    anonymised_on TEXT
);

CREATE TABLE complaints_allegations (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES complaints_reviews (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    text TEXT NOT NULL,
    -- 1: the force's outcome was reasonable and proportionate; 0: it was not; NULL: not yet.
    reasonable INTEGER CHECK (reasonable IN (0, 1)),
    note TEXT NOT NULL
);
CREATE INDEX complaints_allegations_review ON complaints_allegations (review_id, position);

-- A reviewer never reviews a case they have a conflict with.
CREATE TABLE complaints_conflicts (
    review_id INTEGER NOT NULL REFERENCES complaints_reviews (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    PRIMARY KEY (review_id, user_id)
);

-- The decision letter's template, which the office edits (one row).
CREATE TABLE complaints_letter_template (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The IOPC's quarterly statistics, one figure a row: for the force, its most similar forces
-- and England and Wales. `year` is the financial year's first calendar year.
CREATE TABLE complaints_iopc (
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    scope TEXT NOT NULL CHECK (scope IN ('force', 'msf', 'national')),
    measure TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (year, quarter, scope, measure)
);

-- Themes from reviews fed back to the force, with its response.
CREATE TABLE complaints_themes (
    id INTEGER PRIMARY KEY,
    theme TEXT NOT NULL,
    fed_back_on TEXT NOT NULL,
    response TEXT NOT NULL,
    response_on TEXT
);

-- The item 7C statement for a financial year: the office's narrative; figures come from the
-- records.
CREATE TABLE complaints_statements (
    year INTEGER PRIMARY KEY,
    narrative TEXT NOT NULL,
    published_at TEXT
);

-- Volunteer scrutiny schemes (independent custody visiting, call management auditing, police
-- dog welfare visiting, consultation and engagement) and the out-of-court resolution scrutiny
-- panel. One model serves every scheme: a report (a visit or an audit) holds observations
-- against the scheme's checklist and findings that go to the force for a response and are
-- closed. Detainees are recorded by custody record number only: no table here has a column
-- for a detainee's name. Volunteers' names and contact details are personal data, seen only by
-- the office. Dates are ISO text; flags are 0 or 1; money is TEXT holding a decimal.

CREATE TABLE sch_schemes (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('custody', 'calls', 'dogs', 'engagement', 'panel')),
    -- Visits the scheme aims to make to each of its places in a month (0: no target).
    target_per_month INTEGER NOT NULL,
    position INTEGER NOT NULL
);

INSERT INTO sch_schemes (id, slug, name, kind, target_per_month, position) VALUES
    (1, 'custody', 'Independent Custody Visitors', 'custody', 4, 1),
    (2, 'calls', 'Call Management Auditors', 'calls', 0, 2),
    (3, 'dogs', 'Police Dog Welfare Visitors', 'dogs', 0, 3),
    (4, 'engagement', 'Consultation and Engagement Volunteers', 'engagement', 0, 4),
    (5, 'panel', 'Out of Court Resolution Scrutiny Panel', 'panel', 0, 5);

-- Where a scheme's visits happen: custody suites, kennels, the contact centre.
CREATE TABLE sch_places (
    id INTEGER PRIMARY KEY,
    scheme_id INTEGER NOT NULL REFERENCES sch_schemes (id),
    name TEXT NOT NULL,
    UNIQUE (scheme_id, name)
);

CREATE TABLE sch_volunteers (
    id INTEGER PRIMARY KEY,
    -- The volunteer's account, once they have one.
    user_id INTEGER UNIQUE REFERENCES users (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    left_on TEXT,
    vetting_expires_on TEXT,
    training_expires_on TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE sch_memberships (
    volunteer_id INTEGER NOT NULL REFERENCES sch_volunteers (id) ON DELETE CASCADE,
    scheme_id INTEGER NOT NULL REFERENCES sch_schemes (id),
    PRIMARY KEY (volunteer_id, scheme_id)
);

CREATE TABLE sch_reports (
    id INTEGER PRIMARY KEY,
    scheme_id INTEGER NOT NULL REFERENCES sch_schemes (id),
    place_id INTEGER NOT NULL REFERENCES sch_places (id),
    author_id INTEGER NOT NULL REFERENCES sch_volunteers (id),
    partner_id INTEGER REFERENCES sch_volunteers (id),
    visited_on TEXT NOT NULL,
    arrived_at TEXT NOT NULL,
    unannounced INTEGER NOT NULL CHECK (unannounced IN (0, 1)),
    notes TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    submitted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sch_reports_scheme ON sch_reports (scheme_id, visited_on);
CREATE INDEX sch_reports_author ON sch_reports (author_id);

-- One detainee (by custody record number), call (999 or 101) or dog (by the force's
-- identifier, on one check sheet) seen on a report, with the checklist's answers as JSON.
CREATE TABLE sch_observations (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES sch_reports (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    visit TEXT CHECK (visit IN ('offered', 'visited', 'declined')),
    call_type TEXT CHECK (call_type IN ('999', '101')),
    sheet TEXT CHECK (sheet IN ('kennel', 'vehicle', 'out_of_kennel')),
    answers TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX sch_observations_report ON sch_observations (report_id);

CREATE TABLE sch_findings (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES sch_reports (id) ON DELETE CASCADE,
    -- 'at_time': raised with the custody sergeant (or kennel lead) there and then;
    -- 'escalated': taken up by the office with the force.
    raised TEXT NOT NULL CHECK (raised IN ('at_time', 'escalated')),
    text TEXT NOT NULL,
    raised_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'responded', 'closed')),
    force_response TEXT NOT NULL,
    responded_on TEXT,
    closed_on TEXT
);
CREATE INDEX sch_findings_report ON sch_findings (report_id);

-- A submitted report changes only by a correction with its reason.
CREATE TABLE sch_corrections (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES sch_reports (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    before_value TEXT NOT NULL,
    after_value TEXT NOT NULL,
    reason TEXT NOT NULL,
    made_by TEXT NOT NULL,
    made_at TEXT NOT NULL
);

CREATE TABLE sch_rota (
    id INTEGER PRIMARY KEY,
    scheme_id INTEGER NOT NULL REFERENCES sch_schemes (id),
    place_id INTEGER NOT NULL REFERENCES sch_places (id),
    slot_on TEXT NOT NULL,
    slot TEXT NOT NULL CHECK (slot IN ('day', 'evening', 'night')),
    first_id INTEGER NOT NULL REFERENCES sch_volunteers (id),
    second_id INTEGER NOT NULL REFERENCES sch_volunteers (id)
);
CREATE INDEX sch_rota_slot ON sch_rota (scheme_id, slot_on);

CREATE TABLE sch_expenses (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES sch_volunteers (id),
    spent_on TEXT NOT NULL,
    description TEXT NOT NULL,
    amount TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'approved', 'rejected', 'paid')),
    created_at TEXT NOT NULL
);

-- The force's list of cases resolved out of court in a period, as uploaded: no names.
CREATE TABLE oocr_lists (
    id INTEGER PRIMARY KEY,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    filename TEXT NOT NULL,
    -- SHA-256 of the file: the same file uploaded twice is one list.
    sha256 TEXT NOT NULL UNIQUE,
    -- SHA-256 of the canonical list (see docs/schemes.md) that a draw is made from.
    list_hash TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);

CREATE TABLE oocr_cases (
    id INTEGER PRIMARY KEY,
    list_id INTEGER NOT NULL REFERENCES oocr_lists (id) ON DELETE CASCADE,
    case_ref TEXT NOT NULL,
    offence TEXT NOT NULL,
    disposal TEXT NOT NULL,
    age_group TEXT NOT NULL CHECK (age_group IN ('adult', 'youth')),
    resolved_on TEXT NOT NULL,
    summary TEXT NOT NULL,
    UNIQUE (list_id, case_ref)
);

CREATE TABLE oocr_draws (
    id INTEGER PRIMARY KEY,
    list_id INTEGER NOT NULL REFERENCES oocr_lists (id) ON DELETE CASCADE,
    seed TEXT NOT NULL,
    list_hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    stratify TEXT NOT NULL CHECK (stratify IN ('none', 'age_group', 'disposal')),
    scale TEXT NOT NULL CHECK (scale IN ('three', 'four')),
    meets_on TEXT NOT NULL,
    drawn_at TEXT NOT NULL
);

-- A drawn case and, once the panel has met, its outcome and learning theme.
CREATE TABLE oocr_reviews (
    id INTEGER PRIMARY KEY,
    draw_id INTEGER NOT NULL REFERENCES oocr_draws (id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES oocr_cases (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    outcome TEXT,
    reviewed_on TEXT,
    theme TEXT NOT NULL,
    UNIQUE (draw_id, case_id)
);
CREATE INDEX oocr_reviews_reviewed ON oocr_reviews (reviewed_on);

-- Each member's own view of a drawn case, recorded before the panel's discussion.
CREATE TABLE oocr_views (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES oocr_reviews (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES users (id),
    view TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (review_id, member_id)
);

-- What the panel fed back to the force from a draw, and the force's response.
CREATE TABLE oocr_feedback (
    id INTEGER PRIMARY KEY,
    draw_id INTEGER NOT NULL REFERENCES oocr_draws (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    feedback TEXT NOT NULL,
    force_response TEXT NOT NULL,
    responded_on TEXT
);

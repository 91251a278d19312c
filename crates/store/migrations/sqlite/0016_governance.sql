-- Governance: the bodies through which the Commissioner holds the Chief Constable to account
-- and is held to account, their meetings (agenda items, papers, attendance, minutes), the
-- decisions register, the public's questions, actions from meetings, HMICFRS inspections, the
-- joint risk register and the documents the office uploads for the statutory publication
-- register. Dates are ISO text; a meeting's times are wall-clock times in Europe/London.
-- Flags are 0 or 1.

CREATE TABLE gov_bodies (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    purpose TEXT NOT NULL,
    terms_of_reference TEXT NOT NULL,
    frequency TEXT NOT NULL,
    -- 1: meets in public, its meetings appear in the public calendar.
    public INTEGER NOT NULL CHECK (public IN (0, 1)),
    host TEXT NOT NULL,
    -- 1: the public may put questions to its meetings.
    takes_questions INTEGER NOT NULL CHECK (takes_questions IN (0, 1)),
    position INTEGER NOT NULL
);

CREATE TABLE gov_members (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES gov_bodies (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX gov_members_body ON gov_members (body_id, position);

CREATE TABLE gov_meetings (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES gov_bodies (id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    location TEXT NOT NULL,
    webcast_url TEXT NOT NULL,
    cancelled INTEGER NOT NULL CHECK (cancelled IN (0, 1)),
    minutes TEXT NOT NULL,
    -- The later meeting that approved these minutes; NULL while they are draft.
    minutes_approved_by INTEGER REFERENCES gov_meetings (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX gov_meetings_body ON gov_meetings (body_id, starts_at);

CREATE TABLE gov_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES gov_meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    -- A confidential item names the exemption (Local Government Act 1972, Schedule 12A
    -- paragraph) that keeps it from the public.
    exemption TEXT,
    UNIQUE (meeting_id, position)
);

CREATE TABLE gov_papers (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES gov_meetings (id) ON DELETE CASCADE,
    item_id INTEGER REFERENCES gov_items (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    exemption TEXT,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX gov_papers_meeting ON gov_papers (meeting_id);

CREATE TABLE gov_attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES gov_meetings (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('present', 'apologies', 'absent'))
);
CREATE INDEX gov_attendance_meeting ON gov_attendance (meeting_id);

CREATE TABLE gov_decisions (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    decision_maker TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    meeting_id INTEGER REFERENCES gov_meetings (id),
    summary TEXT NOT NULL,
    options TEXT NOT NULL,
    reasons TEXT NOT NULL,
    financial TEXT NOT NULL,
    legal TEXT NOT NULL,
    equality TEXT NOT NULL,
    -- Parts withheld from the public, with the exemption that withholds them.
    exempt_part TEXT NOT NULL,
    exemption TEXT,
    -- 1: the whole notice is exempt and never published.
    fully_exempt INTEGER NOT NULL CHECK (fully_exempt IN (0, 1)),
    published_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (year, number)
);

-- A decision named from elsewhere: a budget year, a grant, a contract, a plan.
CREATE TABLE gov_decision_links (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES gov_decisions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('budget', 'grant', 'contract', 'plan')),
    target TEXT NOT NULL,
    UNIQUE (decision_id, kind, target)
);
CREATE INDEX gov_decision_links_target ON gov_decision_links (kind, target);

-- A question from the public, or from a member of the Police and Crime Panel (author_id, who
-- may withdraw it until the office takes it up). The submitter's name and email are personal
-- data: seen by the office only, erased once the retention period after the question is
-- settled has passed.
CREATE TABLE gov_questions (
    id INTEGER PRIMARY KEY,
    -- SHA-256 of the private link's token; the token itself is shown once, to the submitter.
    token_hash TEXT NOT NULL UNIQUE,
    body_id INTEGER NOT NULL REFERENCES gov_bodies (id),
    author_id INTEGER REFERENCES users (id),
    submitter_name TEXT,
    submitter_email TEXT,
    question TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected', 'answered', 'published', 'withdrawn')),
    moderation_note TEXT NOT NULL,
    meeting_id INTEGER REFERENCES gov_meetings (id),
    answer TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    decided_at TEXT,
    published_at TEXT,
    personal_erased_at TEXT
);
CREATE INDEX gov_questions_status ON gov_questions (status, submitted_at);

CREATE TABLE gov_actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES gov_meetings (id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    created_at TEXT NOT NULL
);
CREATE INDEX gov_actions_meeting ON gov_actions (meeting_id);

CREATE TABLE gov_action_updates (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES gov_actions (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    by_label TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX gov_action_updates_action ON gov_action_updates (action_id, at);

CREATE TABLE gov_inspections (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    published_on TEXT NOT NULL,
    url TEXT NOT NULL,
    summary TEXT NOT NULL,
    response TEXT NOT NULL,
    response_published_on TEXT
);

CREATE TABLE gov_inspection_grades (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES gov_inspections (id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    grade TEXT NOT NULL,
    UNIQUE (inspection_id, area)
);

CREATE TABLE gov_findings (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES gov_inspections (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('cause_of_concern', 'afi', 'recommendation')),
    reference TEXT NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'closed')),
    evidence TEXT NOT NULL,
    closed_on TEXT,
    UNIQUE (inspection_id, reference)
);

CREATE TABLE gov_risks (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    likelihood_before INTEGER NOT NULL,
    impact_before INTEGER NOT NULL,
    likelihood_after INTEGER NOT NULL,
    impact_after INTEGER NOT NULL,
    controls TEXT NOT NULL,
    actions TEXT NOT NULL,
    review_on TEXT NOT NULL,
    trend TEXT NOT NULL CHECK (trend IN ('rising', 'steady', 'falling')),
    updated_at TEXT NOT NULL
);

-- A document the office uploads for an item of the Specified Information Order (the register
-- of interests, say); items the service generates itself need none.
CREATE TABLE gov_publications (
    id INTEGER PRIMARY KEY,
    item TEXT NOT NULL,
    title TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    published_on TEXT NOT NULL
);
CREATE INDEX gov_publications_item ON gov_publications (item, published_on);

-- Commissioning and grants: funds and their grantors, programmes (grant rounds and
-- commissioned services) linked to plan priorities, organisations (org-id identifiers),
-- provider membership, applications with budget lines, eligibility answers, scores and
-- declared conflicts, awards (decisions of the office, linked through gov_decision_links),
-- payments, commissioned services with their contracts and cycle stage, and providers'
-- returns. Money is TEXT holding a decimal; dates are ISO text; areas are ONS GSS codes.

CREATE TABLE com_funds (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    grantor TEXT NOT NULL,
    -- Financial year as "2023-24".
    year TEXT NOT NULL,
    amount TEXT NOT NULL,
    conditions TEXT NOT NULL,
    reporting_duties TEXT NOT NULL,
    -- The document the figure is taken from, by title.
    source TEXT NOT NULL
);

-- kind: 'round' (an open grant round) or 'service' (a commissioned service).
CREATE TABLE com_programmes (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    fund_id INTEGER NOT NULL REFERENCES com_funds (id),
    kind TEXT NOT NULL CHECK (kind IN ('round', 'service')),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    -- The plan priority it answers ("cheshire-2024-28" and an item key) and the needs
    -- assessment it rests on.
    plan_slug TEXT NOT NULL,
    priority_key TEXT NOT NULL,
    needs_assessment TEXT NOT NULL,
    opens_on TEXT,
    closes_on TEXT,
    max_award TEXT,
    -- Eligibility questions, one a line: each must be answered yes to apply.
    eligibility TEXT NOT NULL
);

-- Published scoring criteria of a round, each scored 0 to max_score.
CREATE TABLE com_criteria (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES com_programmes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    max_score INTEGER NOT NULL
);
CREATE INDEX com_criteria_programme ON com_criteria (programme_id, position);

-- org_id in org-id.guide form: GB-CHC-1234567, GB-COH-01234567, GB-SC-SC012345.
CREATE TABLE com_organisations (
    id INTEGER PRIMARY KEY,
    org_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    charity_number TEXT NOT NULL,
    company_number TEXT NOT NULL,
    postcode TEXT NOT NULL,
    local_authority TEXT NOT NULL,
    web TEXT NOT NULL
);

-- Which organisation a provider account acts for.
CREATE TABLE com_members (
    user_id INTEGER NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES com_organisations (id)
);
CREATE INDEX com_members_organisation ON com_members (organisation_id);

CREATE TABLE com_applications (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES com_programmes (id),
    organisation_id INTEGER NOT NULL REFERENCES com_organisations (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    local_authority TEXT NOT NULL,
    -- 'draft', 'submitted', 'awarded' or 'declined'.
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'awarded', 'declined')),
    -- 1 once every eligibility question was answered yes.
    eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT
);
CREATE INDEX com_applications_organisation ON com_applications (organisation_id);
CREATE INDEX com_applications_programme ON com_applications (programme_id, status);

CREATE TABLE com_budget_lines (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES com_applications (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    item TEXT NOT NULL,
    amount TEXT NOT NULL
);
CREATE INDEX com_budget_lines_application ON com_budget_lines (application_id, position);

-- A scorer's declared conflict of interest: they may not score that application.
CREATE TABLE com_conflicts (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES com_applications (id) ON DELETE CASCADE,
    scorer_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    UNIQUE (application_id, scorer_id)
);

-- Each scorer's score on each criterion, kept.
CREATE TABLE com_scores (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES com_applications (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES com_criteria (id),
    scorer_id INTEGER NOT NULL REFERENCES users (id),
    score INTEGER NOT NULL,
    comment TEXT NOT NULL,
    scored_at TEXT NOT NULL,
    UNIQUE (application_id, criterion_id, scorer_id)
);

-- An award: the office's (from an application, decision_number set) or a past grant imported
-- from a 360Giving file (source names the file). Recipients are organisations only: grants to
-- individuals are never stored here.
CREATE TABLE com_awards (
    id INTEGER PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE,
    application_id INTEGER UNIQUE REFERENCES com_applications (id),
    programme_id INTEGER REFERENCES com_programmes (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    award_date TEXT NOT NULL,
    recipient_org_id TEXT NOT NULL,
    recipient_name TEXT NOT NULL,
    recipient_charity_number TEXT NOT NULL,
    recipient_company_number TEXT NOT NULL,
    funder_org_id TEXT NOT NULL,
    funder_name TEXT NOT NULL,
    programme_title TEXT NOT NULL,
    local_authority TEXT NOT NULL,
    decision_number TEXT,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX com_awards_date ON com_awards (award_date);

CREATE TABLE com_payments (
    id INTEGER PRIMARY KEY,
    award_id INTEGER NOT NULL REFERENCES com_awards (id) ON DELETE CASCADE,
    due_on TEXT NOT NULL,
    amount TEXT NOT NULL,
    paid_on TEXT
);
CREATE INDEX com_payments_award ON com_payments (award_id);

-- A commissioned service: its contract, its stage in the four-stage cycle (analyse, plan,
-- do, review), its directory entry (uuid for Open Referral UK), and the areas it serves
-- (GSS codes, comma separated).
CREATE TABLE com_services (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL UNIQUE,
    programme_id INTEGER NOT NULL REFERENCES com_programmes (id),
    organisation_id INTEGER NOT NULL REFERENCES com_organisations (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    eligibility TEXT NOT NULL,
    areas TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    url TEXT NOT NULL,
    opening_hours TEXT NOT NULL,
    contract_value TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    extension TEXT NOT NULL,
    kpis TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('analyse', 'plan', 'do', 'review')),
    need_evidence TEXT NOT NULL,
    review_outcome TEXT CHECK (review_outcome IN ('recommission', 'change', 'decommission')),
    next_decision_on TEXT
);

-- A provider's return for one service and period: a quarter ("2024-25 Q1") or the whole
-- year ("2024-25"), for all the areas it serves ('') or one local authority.
CREATE TABLE com_returns (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES com_services (id) ON DELETE CASCADE,
    year TEXT NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 0 AND 4),
    local_authority TEXT NOT NULL,
    referrals INTEGER NOT NULL,
    supported INTEGER NOT NULL,
    -- Share of people whose coping and recovery improved, a decimal percentage, or ''.
    coping_improved TEXT NOT NULL,
    waiting_days TEXT NOT NULL,
    narrative TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'reviewed')),
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    UNIQUE (service_id, year, quarter, local_authority)
);

-- Engagement: consultations and surveys (questions, responses online or on paper, answers,
-- quotes published with consent after redaction, "you said, we did"), engagement events
-- placed in a local authority, and the youth commission (members, consultation rounds,
-- recommendations and the Commissioner's responses). Dates are ISO text; an event's times are
-- wall-clock times in Europe/London. Flags are 0 or 1.

-- A survey is a draft (seen by the office only) until published. A consultation on a plan
-- names it: the plan's comment form leads to it, and the comments the plan took before are
-- shown with its responses (plan_comments is kept as it was).
CREATE TABLE engagement_surveys (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    -- 1: respondents give their name and email (personal data, the office's only).
    named INTEGER NOT NULL CHECK (named IN (0, 1)),
    -- 1: the optional equality monitoring questions are asked.
    equality INTEGER NOT NULL CHECK (equality IN (0, 1)),
    published INTEGER NOT NULL CHECK (published IN (0, 1)),
    plan_id INTEGER REFERENCES plans (id) ON DELETE SET NULL,
    -- When the respondents' names, emails and equality answers were erased (retention).
    personal_erased_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX engagement_surveys_plan ON engagement_surveys (plan_id);

CREATE TABLE engagement_questions (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES engagement_surveys (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'text', 'ranking', 'rating', 'budget')),
    prompt TEXT NOT NULL,
    -- One option a line.
    options TEXT NOT NULL,
    -- A budget question's total, a decimal: the parts must sum to it.
    total TEXT,
    required INTEGER NOT NULL CHECK (required IN (0, 1)),
    UNIQUE (survey_id, position)
);

-- Name, email and equality answers are personal data: the office's only, never in the audit
-- log, erased a year after the survey closes.
CREATE TABLE engagement_responses (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES engagement_surveys (id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('online', 'paper')),
    name TEXT,
    email TEXT,
    equality TEXT,
    -- 1: the respondent agreed that their words may be quoted (without their name).
    consent_to_quote INTEGER NOT NULL CHECK (consent_to_quote IN (0, 1)),
    received_at TEXT NOT NULL
);
CREATE INDEX engagement_responses_survey ON engagement_responses (survey_id, received_at);

CREATE TABLE engagement_answers (
    id INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES engagement_responses (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES engagement_questions (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    UNIQUE (response_id, question_id)
);
CREATE INDEX engagement_answers_question ON engagement_answers (question_id);

-- A free-text answer published as a quote: only with its respondent's consent, and as the
-- office redacted it (the original and the redaction are in the audit log).
CREATE TABLE engagement_quotes (
    id INTEGER PRIMARY KEY,
    answer_id INTEGER NOT NULL UNIQUE REFERENCES engagement_answers (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    published_at TEXT NOT NULL
);

-- "You said, we did": what a consultation's results led to, with a link to the plan change
-- or decision.
CREATE TABLE engagement_outcomes (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES engagement_surveys (id) ON DELETE CASCADE,
    you_said TEXT NOT NULL,
    we_did TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX engagement_outcomes_survey ON engagement_outcomes (survey_id);

-- An engagement event, placed in a local authority (GSS code) from its coordinates by the
-- shipped boundaries.
CREATE TABLE engagement_events (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    venue TEXT NOT NULL,
    postcode TEXT,
    latitude REAL,
    longitude REAL,
    lad_code TEXT,
    partners TEXT NOT NULL,
    attendance INTEGER,
    -- One theme a line.
    themes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX engagement_events_starts ON engagement_events (starts_at);

-- Members are young people aged 14 to 25: their names and birth dates are the office's only,
-- erased a year after they leave.
CREATE TABLE engagement_youth_members (
    id INTEGER PRIMARY KEY,
    name TEXT,
    born_on TEXT,
    lad_code TEXT,
    joined_on TEXT NOT NULL,
    left_on TEXT,
    personal_erased_at TEXT
);

CREATE TABLE engagement_youth_rounds (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    -- How many young people took part.
    reach INTEGER NOT NULL,
    -- One theme a line.
    themes TEXT NOT NULL,
    summary TEXT NOT NULL
);

CREATE TABLE engagement_youth_recommendations (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES engagement_youth_rounds (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    response TEXT,
    responded_on TEXT
);
CREATE INDEX engagement_youth_recommendations_round ON engagement_youth_recommendations (round_id);

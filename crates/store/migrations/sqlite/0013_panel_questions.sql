-- The Police and Crime Panel takes part: a Panel member records a question or a recommendation
-- on a plan, one of its commitments or one of its measures; the office records the
-- Commissioner's response against it and publishes both together. Until published, only the
-- office and the Panel see them.

CREATE TABLE panel_questions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('question', 'recommendation')),
    -- What it is about: at most one of these; neither for the plan as a whole. Keys, as the
    -- plan addresses its commitments and measures.
    commitment_key TEXT,
    measure_key TEXT,
    text TEXT NOT NULL,
    -- NULL for records copied from plan_panel_records, which the office made for the Panel.
    author_id INTEGER REFERENCES users (id),
    author_label TEXT NOT NULL,
    asked_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    withdrawn_at TEXT,
    response TEXT,
    response_date TEXT,
    responded_by TEXT,
    responded_at TEXT,
    published_at TEXT,
    published_by TEXT,
    CHECK (commitment_key IS NULL OR measure_key IS NULL)
);
CREATE INDEX panel_questions_plan ON panel_questions (plan_id, asked_on);
CREATE INDEX panel_questions_author ON panel_questions (author_id, responded_at);

-- The office's earlier records: the n-th recommendation on a plan with its n-th response.
-- plan_panel_records stays as it was recorded (nothing is lost); nothing writes to it now.
INSERT INTO panel_questions (plan_id, kind, text, author_id, author_label, asked_on,
    created_at, updated_at, response, response_date, responded_by, responded_at)
SELECT r.plan_id, 'recommendation', r.text, NULL, r.recorded_by, r.date,
    r.date || 'T00:00:00.000000Z', r.date || 'T00:00:00.000000Z',
    s.text, s.date, s.recorded_by, CASE WHEN s.date IS NULL THEN NULL ELSE s.date || 'T00:00:00.000000Z' END
FROM (SELECT plan_id, date, text, recorded_by,
             ROW_NUMBER() OVER (PARTITION BY plan_id ORDER BY date, id) AS n
      FROM plan_panel_records WHERE kind = 'recommendation') r
LEFT JOIN (SELECT plan_id, date, text, recorded_by,
                  ROW_NUMBER() OVER (PARTITION BY plan_id ORDER BY date, id) AS n
           FROM plan_panel_records WHERE kind = 'response') s
  ON s.plan_id = r.plan_id AND s.n = r.n;

-- When each user last signed in, and the time before: a Panel member's landing page shows
-- what changed since the previous sign-in.
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT;
ALTER TABLE users ADD COLUMN previous_sign_in_at TEXT;

-- "What is new since you last signed in" reads the audit log by time.
CREATE INDEX audit_log_at ON audit_log (at);

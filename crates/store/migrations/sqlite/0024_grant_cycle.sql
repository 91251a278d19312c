-- The grant cycle after scoring (issue 12): moderation of scores, a decline recorded as a
-- decision of the office, the offer (conditions, end date, acceptance), payment by instalments,
-- interim and end-of-grant reports, variations, clawback, applicants' attachments, and the
-- office's query on a provider's return. Money is TEXT holding a decimal; dates are ISO text.

-- The moderated score the decision rests on, with why it differs from the scorers' (each
-- scorer's own scores stay in com_scores).
CREATE TABLE com_moderations (
    application_id INTEGER NOT NULL PRIMARY KEY REFERENCES com_applications (id) ON DELETE CASCADE,
    score INTEGER NOT NULL,
    out_of INTEGER NOT NULL,
    note TEXT NOT NULL,
    moderated_by INTEGER REFERENCES users (id),
    moderated_at TEXT NOT NULL
);

-- A declined application's decision notice (an award's is on com_awards) and its date, from
-- which the retention of applications not awarded runs.
ALTER TABLE com_applications ADD COLUMN decision_number TEXT;
ALTER TABLE com_applications ADD COLUMN decided_on TEXT;

-- The offer letter's conditions, the date the grant ends (its end-of-grant report is due
-- then) and when the recipient accepted the offer.
ALTER TABLE com_awards ADD COLUMN conditions TEXT NOT NULL DEFAULT '';
ALTER TABLE com_awards ADD COLUMN end_date TEXT;
ALTER TABLE com_awards ADD COLUMN accepted_at TEXT;

-- The recipient's interim and end-of-grant reports: what was spent and what it did.
CREATE TABLE com_grant_reports (
    id INTEGER PRIMARY KEY,
    award_id INTEGER NOT NULL REFERENCES com_awards (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('interim', 'final')),
    spent TEXT NOT NULL,
    achieved TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users (id),
    submitted_at TEXT NOT NULL
);
CREATE INDEX com_grant_reports_award ON com_grant_reports (award_id);

-- An agreed change to an award's amount or end date, with both values kept.
CREATE TABLE com_variations (
    id INTEGER PRIMARY KEY,
    award_id INTEGER NOT NULL REFERENCES com_awards (id) ON DELETE CASCADE,
    amount_before TEXT NOT NULL,
    amount_after TEXT NOT NULL,
    end_before TEXT,
    end_after TEXT,
    reason TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX com_variations_award ON com_variations (award_id);

-- Money the office claws back from a grant it paid (misspent, unspent or conditions broken).
CREATE TABLE com_clawbacks (
    id INTEGER PRIMARY KEY,
    award_id INTEGER NOT NULL REFERENCES com_awards (id) ON DELETE CASCADE,
    amount TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX com_clawbacks_award ON com_clawbacks (award_id);

-- An applicant's documents: one of each kind, its type checked by content, held in the
-- database (never under the public file tree), seen by its organisation and the office only.
CREATE TABLE com_attachments (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES com_applications (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('constitution', 'accounts', 'bank_statement')),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_at TEXT NOT NULL,
    UNIQUE (application_id, kind)
);

-- The office's query on a return, with its reason; the provider's next return for the same
-- service, period and area replaces it and clears the query.
ALTER TABLE com_returns ADD COLUMN query TEXT NOT NULL DEFAULT '';

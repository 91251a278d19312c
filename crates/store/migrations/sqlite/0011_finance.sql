-- Finance: budgets by financial year (funding, expenditure, the office's own budget, the
-- Medium Term Financial Strategy, revisions and outturn), the precept with its tax base and
-- the Police and Crime Panel's timetable, and the monthly file of spending over £500.
-- Money is TEXT holding an exact decimal (pounds); a share is TEXT holding a percentage.
-- A financial year is named by the calendar year it starts in (2023 = 2023-24).

CREATE TABLE finance_years (
    year INTEGER PRIMARY KEY,
    total_budget TEXT,
    income_change TEXT,
    office_budget TEXT,
    office_budget_note TEXT NOT NULL,
    source TEXT NOT NULL,
    note TEXT NOT NULL
);

-- A line of a year's budget: funding by source, expenditure by type or by objective, at a
-- stage (the budget set, a revision, the outturn). A source may give a share instead of an
-- amount: both are kept as given, and `share` is never turned into an amount.
CREATE TABLE finance_lines (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES finance_years (year) ON DELETE CASCADE,
    section TEXT NOT NULL CHECK (section IN ('funding', 'expenditure_type', 'expenditure_objective')),
    stage TEXT NOT NULL CHECK (stage IN ('budget', 'revised', 'outturn')),
    label TEXT NOT NULL,
    category TEXT NOT NULL,
    amount TEXT,
    share TEXT,
    change_note TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (year, section, stage, label)
);

CREATE TABLE finance_revisions (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES finance_years (year) ON DELETE CASCADE,
    revised_on TEXT NOT NULL,
    total_budget TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX finance_revisions_year ON finance_revisions (year, revised_on);

-- The Medium Term Financial Strategy set with a year's budget: several years ahead.
CREATE TABLE finance_mtfs (
    year INTEGER NOT NULL REFERENCES finance_years (year) ON DELETE CASCADE,
    plan_year INTEGER NOT NULL,
    budget TEXT,
    savings_required TEXT,
    note TEXT NOT NULL,
    PRIMARY KEY (year, plan_year)
);

-- Dates and rules that are settings, not code: the Panel's timetable, the veto majority.
CREATE TABLE finance_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE precept_years (
    year INTEGER PRIMARY KEY,
    band_d TEXT,
    band_d_change TEXT,
    panel_members INTEGER,
    consultation_url TEXT NOT NULL,
    source TEXT NOT NULL
);

-- Band D equivalent properties per billing authority (a local authority of the force area;
-- checked by the store when set, not by a key, so the force area's table stays its own).
CREATE TABLE precept_tax_base (
    year INTEGER NOT NULL REFERENCES precept_years (year) ON DELETE CASCADE,
    local_authority TEXT NOT NULL,
    band_d_equivalents TEXT NOT NULL,
    PRIMARY KEY (year, local_authority)
);

-- Each step of the precept-setting timetable as it happened.
CREATE TABLE precept_steps (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES precept_years (year) ON DELETE CASCADE,
    step TEXT NOT NULL,
    on_date TEXT NOT NULL,
    band_d TEXT,
    document_title TEXT NOT NULL,
    document_url TEXT NOT NULL,
    decision TEXT,
    votes_for_veto INTEGER,
    members_present INTEGER,
    response TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    UNIQUE (year, step)
);

-- A publisher of spending files and how its columns map to ours (JSON), saved on first use.
CREATE TABLE spending_sources (
    name TEXT PRIMARY KEY,
    mapping TEXT NOT NULL,
    personal_types TEXT NOT NULL
);

CREATE TABLE spending_files (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL REFERENCES spending_sources (name),
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    encoding TEXT NOT NULL,
    header_row INTEGER NOT NULL,
    rows_imported INTEGER NOT NULL,
    total TEXT NOT NULL,
    credit_notes INTEGER NOT NULL,
    withheld INTEGER NOT NULL,
    totals_checked TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    UNIQUE (source, filename),
    UNIQUE (source, sha256)
);

-- A payment. A payment to an individual, or one the publisher redacted, has supplier
-- "Redacted" and the reason; the name itself is never stored.
CREATE TABLE spending_items (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES spending_files (id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    paid_on TEXT NOT NULL,
    month TEXT NOT NULL,
    supplier TEXT NOT NULL,
    withheld_reason TEXT,
    amount TEXT NOT NULL,
    expense_type TEXT NOT NULL,
    service TEXT NOT NULL,
    reference TEXT NOT NULL
);
CREATE INDEX spending_items_month ON spending_items (month, paid_on);
CREATE INDEX spending_items_file ON spending_items (file_id, line);

-- Police & Crime Plans: the plan, its dated lifecycle, the evidence it answers, its tree of
-- items (priorities/objectives/themes), measures, commitments with dated status reports and
-- activities; public comments during consultation; the Panel's recommendations and responses.

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    force_area TEXT NOT NULL,
    title TEXT NOT NULL,
    strapline TEXT,
    commissioner TEXT NOT NULL,
    chief_constable TEXT,
    term_start TEXT NOT NULL,
    term_end TEXT NOT NULL,
    -- JSON arrays of text: what each level of the tree is called, and the source documents.
    levels TEXT NOT NULL,
    sources TEXT NOT NULL,
    status TEXT NOT NULL,
    consultation_closes TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE plan_transitions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    date TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX plan_transitions_plan ON plan_transitions (plan_id);

CREATE TABLE plan_inputs (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    edition TEXT,
    description TEXT NOT NULL,
    UNIQUE (plan_id, key)
);

CREATE TABLE plan_items (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES plan_items (id) ON DELETE CASCADE,
    depth INTEGER NOT NULL,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    UNIQUE (plan_id, key)
);
CREATE INDEX plan_items_parent ON plan_items (plan_id, parent_id, position);

CREATE TABLE plan_item_inputs (
    item_id INTEGER NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    input_id INTEGER NOT NULL REFERENCES plan_inputs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (item_id, input_id)
);

CREATE TABLE plan_measures (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    unit TEXT NOT NULL,
    better TEXT NOT NULL,
    definition TEXT NOT NULL,
    source TEXT NOT NULL,
    frequency TEXT,
    geography TEXT NOT NULL,
    provisional INTEGER NOT NULL CHECK (provisional IN (0, 1)),
    UNIQUE (plan_id, key)
);

CREATE TABLE plan_commitments (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    UNIQUE (plan_id, key)
);
CREATE INDEX plan_commitments_item ON plan_commitments (item_id, position);

CREATE TABLE plan_commitment_updates (
    id INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES plan_commitments (id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    status TEXT NOT NULL,
    period TEXT NOT NULL,
    narrative TEXT NOT NULL
);
CREATE INDEX plan_commitment_updates_commitment ON plan_commitment_updates (commitment_id, date);

CREATE TABLE plan_activities (
    id INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES plan_commitments (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL
);

-- Comments from the public on a plan in consultation. Name and email are personal data: shown
-- to staff and Panel members only, never on a public page or in a public export.
CREATE TABLE plan_comments (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    item_key TEXT,
    body TEXT NOT NULL,
    name TEXT,
    email TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX plan_comments_plan ON plan_comments (plan_id, created_at);

CREATE TABLE plan_panel_records (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('recommendation', 'response')),
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

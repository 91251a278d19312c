-- Citizens' assemblies: the assembly (its area by ONS GSS code, dates, sessions, speakers,
-- outputs), the quotas per feature, the volunteers who register (their features, consent and
-- contact details: personal data, the office only, erased by the retention rule in
-- docs/assemblies.md), and each selection run (LEXIMIN's distribution, the seed, everyone's
-- probability, who was drawn). Dates are ISO text; probabilities are decimal text.

CREATE TABLE assemblies (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    area_code TEXT NOT NULL,
    place TEXT NOT NULL,
    summary TEXT NOT NULL,
    panel_size INTEGER NOT NULL CHECK (panel_size > 0),
    recruitment_opens TEXT NOT NULL,
    recruitment_closes TEXT NOT NULL,
    outputs TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE assembly_sessions (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    title TEXT NOT NULL,
    place TEXT NOT NULL
);
CREATE INDEX assembly_sessions_assembly ON assembly_sessions (assembly_id, held_on);

CREATE TABLE assembly_speakers (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    topic TEXT NOT NULL
);
CREATE INDEX assembly_speakers_assembly ON assembly_speakers (assembly_id);

CREATE TABLE assembly_quotas (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    feature TEXT NOT NULL,
    min_people INTEGER NOT NULL CHECK (min_people >= 0),
    max_people INTEGER NOT NULL CHECK (max_people >= min_people),
    position INTEGER NOT NULL,
    UNIQUE (assembly_id, category, feature)
);

-- One row per volunteer. features: a JSON object, category to feature. Contact details are
-- NULL once erased.
CREATE TABLE assembly_registrations (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
    pool_number INTEGER NOT NULL,
    name TEXT,
    email TEXT,
    phone TEXT,
    features TEXT NOT NULL,
    consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
    registered_at TEXT NOT NULL,
    withdrawn_at TEXT,
    contact_erased_at TEXT,
    UNIQUE (assembly_id, pool_number)
);

-- A selection run. distribution: JSON (types and panels), enough with the seed to redo the
-- draw; published: 0 or 1.
CREATE TABLE assembly_selections (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
    seed TEXT NOT NULL,
    minimum TEXT NOT NULL,
    legacy_minimum TEXT NOT NULL,
    distribution TEXT NOT NULL,
    selected_at TEXT NOT NULL,
    published INTEGER NOT NULL CHECK (published IN (0, 1))
);
CREATE INDEX assembly_selections_assembly ON assembly_selections (assembly_id, id);

CREATE TABLE assembly_selection_people (
    selection_id INTEGER NOT NULL REFERENCES assembly_selections (id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES assembly_registrations (id) ON DELETE CASCADE,
    probability TEXT NOT NULL,
    -- 'selected', 'not_selected', 'dropped_out' or 'replacement'.
    outcome TEXT NOT NULL,
    PRIMARY KEY (selection_id, registration_id)
);

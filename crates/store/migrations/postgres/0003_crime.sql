-- data.police.uk crime data: rows as published, rollups kept in step with them, and the
-- register of what is loaded. A (force, month, kind) is replaced whole in one transaction.
-- Absent values in rollup keys are '' (keys stay comparable on both backends); in rows, NULL.

CREATE TABLE crime_street (
    force TEXT NOT NULL,
    month TEXT NOT NULL,
    crime_id TEXT,
    lon DOUBLE PRECISION,
    lat DOUBLE PRECISION,
    location TEXT NOT NULL,
    lsoa_code TEXT,
    lsoa_name TEXT,
    lad_code TEXT,
    area TEXT NOT NULL CHECK (area IN ('in', 'outside', 'unknown', 'no_location')),
    crime_type TEXT NOT NULL,
    last_outcome TEXT,
    context TEXT
);
CREATE INDEX crime_street_unit ON crime_street (force, month);

CREATE TABLE crime_outcomes (
    force TEXT NOT NULL,
    month TEXT NOT NULL,
    crime_id TEXT NOT NULL,
    lon DOUBLE PRECISION,
    lat DOUBLE PRECISION,
    location TEXT NOT NULL,
    lsoa_code TEXT,
    lsoa_name TEXT,
    lad_code TEXT,
    area TEXT NOT NULL CHECK (area IN ('in', 'outside', 'unknown', 'no_location')),
    outcome_type TEXT NOT NULL
);
CREATE INDEX crime_outcomes_unit ON crime_outcomes (force, month);
CREATE INDEX crime_outcomes_crime ON crime_outcomes (crime_id);

CREATE TABLE stop_search (
    force TEXT NOT NULL,
    month TEXT NOT NULL,
    date TEXT NOT NULL,
    search_type TEXT NOT NULL,
    part_of_operation BIGINT,
    lon DOUBLE PRECISION,
    lat DOUBLE PRECISION,
    gender TEXT,
    age_range TEXT,
    self_ethnicity TEXT,
    officer_ethnicity TEXT,
    legislation TEXT,
    object TEXT,
    outcome TEXT,
    outcome_linked BIGINT,
    removal BIGINT
);
CREATE INDEX stop_search_unit ON stop_search (force, month);

CREATE TABLE crime_rollup (
    force TEXT NOT NULL,
    month TEXT NOT NULL,
    lad_code TEXT NOT NULL,
    lsoa_code TEXT NOT NULL,
    lsoa_name TEXT NOT NULL,
    area TEXT NOT NULL,
    crime_type TEXT NOT NULL,
    last_outcome TEXT NOT NULL,
    n BIGINT NOT NULL
);
CREATE INDEX crime_rollup_unit ON crime_rollup (force, month);
CREATE INDEX crime_rollup_month ON crime_rollup (month, crime_type);

CREATE TABLE outcome_rollup (
    force TEXT NOT NULL,
    month TEXT NOT NULL,
    lad_code TEXT NOT NULL,
    area TEXT NOT NULL,
    outcome_type TEXT NOT NULL,
    n BIGINT NOT NULL
);
CREATE INDEX outcome_rollup_unit ON outcome_rollup (force, month);

CREATE TABLE search_rollup (
    force TEXT NOT NULL,
    month TEXT NOT NULL,
    search_type TEXT NOT NULL,
    object TEXT NOT NULL,
    self_ethnicity TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n BIGINT NOT NULL,
    n_linked BIGINT NOT NULL
);
CREATE INDEX search_rollup_unit ON search_rollup (force, month);

CREATE TABLE crime_coverage (
    force TEXT NOT NULL,
    month TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('street', 'outcomes', 'stop-and-search')),
    rows_loaded BIGINT NOT NULL,
    rows_skipped BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (force, month, kind)
);

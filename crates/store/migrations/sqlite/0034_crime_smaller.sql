-- data.police.uk rows and rollups in about a third of the space (issue 11: a database that
-- grows by at most twice DuckDB's file per row).
--
-- - A Crime ID is a SHA-256 published as 64 lowercase hex digits: it is kept as its 32 bytes
--   (crime_hash). An ID of any other shape is kept as its text (crime_id), so every value
--   reads back exactly as published.
-- - A row's number (rid) is its unit's number x 2^24 plus its place in its file, and is the
--   table's rowid: a unit's rows are one range of it, read and replaced with no index beside
--   the table, and rows appended in order fill their pages.
-- - The rollups hold term numbers, not texts, and are numbered the same way.
-- - crime_totals keeps each unit's count per crime type, which is all that the month-by-month
--   series and the comparison of forces read: at national scale the rollup has millions of
--   rows, the totals thousands.
--
-- The old names stay as views giving the published texts.

DROP VIEW crime_street;
DROP VIEW crime_outcomes;

CREATE TABLE crime_street_rows_0034 (
    rid INTEGER PRIMARY KEY,
    crime_hash BLOB,
    crime_id TEXT,
    lon_e6 INTEGER,
    lat_e6 INTEGER,
    location INTEGER NOT NULL,
    lsoa_code INTEGER,
    lsoa_name INTEGER,
    lad_code INTEGER,
    area INTEGER NOT NULL,
    crime_type INTEGER NOT NULL,
    last_outcome INTEGER,
    context TEXT
);

INSERT INTO crime_street_rows_0034
SELECT unit * 16777216 + ROW_NUMBER() OVER (PARTITION BY unit ORDER BY rowid) - 1,
    CASE WHEN length(crime_id) = 64 AND crime_id NOT GLOB '*[^0-9a-f]*' THEN unhex(crime_id) END,
    CASE WHEN length(crime_id) = 64 AND crime_id NOT GLOB '*[^0-9a-f]*' THEN NULL ELSE crime_id END,
    lon_e6, lat_e6, location, lsoa_code, lsoa_name, lad_code, area, crime_type, last_outcome,
    context
FROM crime_street_rows;
DROP TABLE crime_street_rows;
ALTER TABLE crime_street_rows_0034 RENAME TO crime_street_rows;

CREATE TABLE crime_outcome_rows_0034 (
    rid INTEGER PRIMARY KEY,
    crime_hash BLOB,
    crime_id TEXT,
    lon_e6 INTEGER,
    lat_e6 INTEGER,
    location INTEGER NOT NULL,
    lsoa_code INTEGER,
    lsoa_name INTEGER,
    lad_code INTEGER,
    area INTEGER NOT NULL,
    outcome_type INTEGER NOT NULL,
    CHECK (crime_hash IS NOT NULL OR crime_id IS NOT NULL)
);

INSERT INTO crime_outcome_rows_0034
SELECT unit * 16777216 + ROW_NUMBER() OVER (PARTITION BY unit ORDER BY rowid) - 1,
    CASE WHEN length(crime_id) = 64 AND crime_id NOT GLOB '*[^0-9a-f]*' THEN unhex(crime_id) END,
    CASE WHEN length(crime_id) = 64 AND crime_id NOT GLOB '*[^0-9a-f]*' THEN NULL ELSE crime_id END,
    lon_e6, lat_e6, location, lsoa_code, lsoa_name, lad_code, area, outcome_type
FROM crime_outcome_rows;
DROP TABLE crime_outcome_rows;
ALTER TABLE crime_outcome_rows_0034 RENAME TO crime_outcome_rows;

-- Rollup keys were '' where absent; '' is a term like any other.
INSERT OR IGNORE INTO crime_units (force, month)
SELECT force, month FROM crime_rollup UNION SELECT force, month FROM outcome_rollup;
INSERT OR IGNORE INTO crime_terms (term)
SELECT lad_code FROM crime_rollup UNION SELECT lsoa_code FROM crime_rollup
UNION SELECT lsoa_name FROM crime_rollup UNION SELECT area FROM crime_rollup
UNION SELECT crime_type FROM crime_rollup UNION SELECT last_outcome FROM crime_rollup
UNION SELECT lad_code FROM outcome_rollup UNION SELECT area FROM outcome_rollup
UNION SELECT outcome_type FROM outcome_rollup;

CREATE TABLE crime_rollup_rows (
    rid INTEGER PRIMARY KEY,
    crime_type INTEGER NOT NULL,
    lad_code INTEGER NOT NULL,
    lsoa_code INTEGER NOT NULL,
    lsoa_name INTEGER NOT NULL,
    area INTEGER NOT NULL,
    last_outcome INTEGER NOT NULL,
    n INTEGER NOT NULL
);

INSERT INTO crime_rollup_rows
SELECT unit * 16777216 + ROW_NUMBER() OVER (PARTITION BY unit ORDER BY crime_type) - 1,
    crime_type, lad_code, lsoa_code, lsoa_name, area, last_outcome, n
FROM (SELECT u.id AS unit, t.id AS crime_type, lad.id AS lad_code, lc.id AS lsoa_code,
        ln.id AS lsoa_name, a.id AS area, o.id AS last_outcome, SUM(r.n) AS n
    FROM crime_rollup r
    JOIN crime_units u ON u.force = r.force AND u.month = r.month
    JOIN crime_terms t ON t.term = r.crime_type
    JOIN crime_terms lad ON lad.term = r.lad_code
    JOIN crime_terms lc ON lc.term = r.lsoa_code
    JOIN crime_terms ln ON ln.term = r.lsoa_name
    JOIN crime_terms a ON a.term = r.area
    JOIN crime_terms o ON o.term = r.last_outcome
    GROUP BY u.id, t.id, lad.id, lc.id, ln.id, a.id, o.id) g;

CREATE TABLE outcome_rollup_rows (
    rid INTEGER PRIMARY KEY,
    outcome_type INTEGER NOT NULL,
    lad_code INTEGER NOT NULL,
    area INTEGER NOT NULL,
    n INTEGER NOT NULL
);

INSERT INTO outcome_rollup_rows
SELECT unit * 16777216 + ROW_NUMBER() OVER (PARTITION BY unit ORDER BY outcome_type) - 1,
    outcome_type, lad_code, area, n
FROM (SELECT u.id AS unit, t.id AS outcome_type, lad.id AS lad_code, a.id AS area,
        SUM(r.n) AS n
    FROM outcome_rollup r
    JOIN crime_units u ON u.force = r.force AND u.month = r.month
    JOIN crime_terms t ON t.term = r.outcome_type
    JOIN crime_terms lad ON lad.term = r.lad_code
    JOIN crime_terms a ON a.term = r.area
    GROUP BY u.id, t.id, lad.id, a.id) g;

CREATE TABLE crime_totals (
    unit INTEGER NOT NULL,
    crime_type INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (unit, crime_type)
) WITHOUT ROWID;

INSERT INTO crime_totals
SELECT rid / 16777216, crime_type, SUM(n) FROM crime_rollup_rows
GROUP BY rid / 16777216, crime_type;

DROP TABLE crime_rollup;
DROP TABLE outcome_rollup;

CREATE VIEW crime_street AS
SELECT u.force, u.month,
    CASE WHEN r.crime_hash IS NULL THEN r.crime_id ELSE lower(hex(r.crime_hash)) END AS crime_id,
    r.lon_e6 / 1000000.0 AS lon, r.lat_e6 / 1000000.0 AS lat,
    loc.term AS location, lc.term AS lsoa_code, ln.term AS lsoa_name, lad.term AS lad_code,
    a.term AS area, t.term AS crime_type, o.term AS last_outcome, r.context
FROM crime_street_rows r
JOIN crime_units u ON u.id = r.rid / 16777216
JOIN crime_terms loc ON loc.id = r.location
JOIN crime_terms a ON a.id = r.area
JOIN crime_terms t ON t.id = r.crime_type
LEFT JOIN crime_terms lc ON lc.id = r.lsoa_code
LEFT JOIN crime_terms ln ON ln.id = r.lsoa_name
LEFT JOIN crime_terms lad ON lad.id = r.lad_code
LEFT JOIN crime_terms o ON o.id = r.last_outcome;

CREATE VIEW crime_outcomes AS
SELECT u.force, u.month,
    CASE WHEN r.crime_hash IS NULL THEN r.crime_id ELSE lower(hex(r.crime_hash)) END AS crime_id,
    r.lon_e6 / 1000000.0 AS lon, r.lat_e6 / 1000000.0 AS lat,
    loc.term AS location, lc.term AS lsoa_code, ln.term AS lsoa_name, lad.term AS lad_code,
    a.term AS area, t.term AS outcome_type
FROM crime_outcome_rows r
JOIN crime_units u ON u.id = r.rid / 16777216
JOIN crime_terms loc ON loc.id = r.location
JOIN crime_terms a ON a.id = r.area
JOIN crime_terms t ON t.id = r.outcome_type
LEFT JOIN crime_terms lc ON lc.id = r.lsoa_code
LEFT JOIN crime_terms ln ON ln.id = r.lsoa_name
LEFT JOIN crime_terms lad ON lad.id = r.lad_code;

CREATE VIEW crime_rollup AS
SELECT u.force, u.month, lad.term AS lad_code, lc.term AS lsoa_code, ln.term AS lsoa_name,
    a.term AS area, t.term AS crime_type, o.term AS last_outcome, r.n
FROM crime_rollup_rows r
JOIN crime_units u ON u.id = r.rid / 16777216
JOIN crime_terms lad ON lad.id = r.lad_code
JOIN crime_terms lc ON lc.id = r.lsoa_code
JOIN crime_terms ln ON ln.id = r.lsoa_name
JOIN crime_terms a ON a.id = r.area
JOIN crime_terms t ON t.id = r.crime_type
JOIN crime_terms o ON o.id = r.last_outcome;

CREATE VIEW outcome_rollup AS
SELECT u.force, u.month, lad.term AS lad_code, a.term AS area, t.term AS outcome_type, r.n
FROM outcome_rollup_rows r
JOIN crime_units u ON u.id = r.rid / 16777216
JOIN crime_terms lad ON lad.id = r.lad_code
JOIN crime_terms a ON a.id = r.area
JOIN crime_terms t ON t.id = r.outcome_type;

-- data.police.uk rows stored compactly (issue 11). A street file repeats the same few texts
-- thousands of times (its force and month, LSOA codes and names, local authority, crime type,
-- outcome, "On or near ..." locations): each is stored once in crime_terms and rows hold its
-- number; coordinates are fixed-point integers in millionths of a degree, exactly as published.
-- The tables' old names are views giving the published text, so every reader reads what it
-- read before; writers write the *_rows tables.
--
-- Term columns carry no REFERENCES: the numbers come only from the importer's interning in the
-- same transaction, and a foreign-key check per column per row would cost the import a third of
-- its speed for nothing.

CREATE TABLE crime_units (
    id INTEGER PRIMARY KEY,
    force TEXT NOT NULL,
    month TEXT NOT NULL,
    UNIQUE (force, month)
);

CREATE TABLE crime_terms (
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE
);

CREATE TABLE crime_street_rows (
    unit INTEGER NOT NULL,
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
CREATE INDEX crime_street_rows_unit ON crime_street_rows (unit);

CREATE TABLE crime_outcome_rows (
    unit INTEGER NOT NULL,
    crime_id TEXT NOT NULL,
    lon_e6 INTEGER,
    lat_e6 INTEGER,
    location INTEGER NOT NULL,
    lsoa_code INTEGER,
    lsoa_name INTEGER,
    lad_code INTEGER,
    area INTEGER NOT NULL,
    outcome_type INTEGER NOT NULL
);
CREATE INDEX crime_outcome_rows_unit ON crime_outcome_rows (unit);
CREATE INDEX crime_outcome_rows_crime ON crime_outcome_rows (crime_id);

-- What is loaded already moves over, term by term. Coordinates are rounded half away from
-- zero, as the importer rounds them (SQLite's ROUND does).
INSERT INTO crime_units (force, month)
SELECT force, month FROM crime_street UNION SELECT force, month FROM crime_outcomes;

INSERT INTO crime_terms (term)
SELECT location FROM crime_street
UNION SELECT lsoa_code FROM crime_street WHERE lsoa_code IS NOT NULL
UNION SELECT lsoa_name FROM crime_street WHERE lsoa_name IS NOT NULL
UNION SELECT lad_code FROM crime_street WHERE lad_code IS NOT NULL
UNION SELECT area FROM crime_street
UNION SELECT crime_type FROM crime_street
UNION SELECT last_outcome FROM crime_street WHERE last_outcome IS NOT NULL
UNION SELECT location FROM crime_outcomes
UNION SELECT lsoa_code FROM crime_outcomes WHERE lsoa_code IS NOT NULL
UNION SELECT lsoa_name FROM crime_outcomes WHERE lsoa_name IS NOT NULL
UNION SELECT lad_code FROM crime_outcomes WHERE lad_code IS NOT NULL
UNION SELECT area FROM crime_outcomes
UNION SELECT outcome_type FROM crime_outcomes;

INSERT INTO crime_street_rows (unit, crime_id, lon_e6, lat_e6, location, lsoa_code, lsoa_name,
    lad_code, area, crime_type, last_outcome, context)
SELECT u.id, s.crime_id, CAST(ROUND(s.lon * 1000000) AS INTEGER),
    CAST(ROUND(s.lat * 1000000) AS INTEGER),
    (SELECT id FROM crime_terms WHERE term = s.location),
    (SELECT id FROM crime_terms WHERE term = s.lsoa_code),
    (SELECT id FROM crime_terms WHERE term = s.lsoa_name),
    (SELECT id FROM crime_terms WHERE term = s.lad_code),
    (SELECT id FROM crime_terms WHERE term = s.area),
    (SELECT id FROM crime_terms WHERE term = s.crime_type),
    (SELECT id FROM crime_terms WHERE term = s.last_outcome),
    s.context
FROM crime_street s JOIN crime_units u ON u.force = s.force AND u.month = s.month;

INSERT INTO crime_outcome_rows (unit, crime_id, lon_e6, lat_e6, location, lsoa_code, lsoa_name,
    lad_code, area, outcome_type)
SELECT u.id, o.crime_id, CAST(ROUND(o.lon * 1000000) AS INTEGER),
    CAST(ROUND(o.lat * 1000000) AS INTEGER),
    (SELECT id FROM crime_terms WHERE term = o.location),
    (SELECT id FROM crime_terms WHERE term = o.lsoa_code),
    (SELECT id FROM crime_terms WHERE term = o.lsoa_name),
    (SELECT id FROM crime_terms WHERE term = o.lad_code),
    (SELECT id FROM crime_terms WHERE term = o.area),
    (SELECT id FROM crime_terms WHERE term = o.outcome_type)
FROM crime_outcomes o JOIN crime_units u ON u.force = o.force AND u.month = o.month;

DROP TABLE crime_street;
DROP TABLE crime_outcomes;

CREATE VIEW crime_street AS
SELECT u.force, u.month, r.crime_id, r.lon_e6 / 1000000.0 AS lon, r.lat_e6 / 1000000.0 AS lat,
    loc.term AS location, lc.term AS lsoa_code, ln.term AS lsoa_name, lad.term AS lad_code,
    a.term AS area, t.term AS crime_type, o.term AS last_outcome, r.context
FROM crime_street_rows r
JOIN crime_units u ON u.id = r.unit
JOIN crime_terms loc ON loc.id = r.location
JOIN crime_terms a ON a.id = r.area
JOIN crime_terms t ON t.id = r.crime_type
LEFT JOIN crime_terms lc ON lc.id = r.lsoa_code
LEFT JOIN crime_terms ln ON ln.id = r.lsoa_name
LEFT JOIN crime_terms lad ON lad.id = r.lad_code
LEFT JOIN crime_terms o ON o.id = r.last_outcome;

CREATE VIEW crime_outcomes AS
SELECT u.force, u.month, r.crime_id, r.lon_e6 / 1000000.0 AS lon, r.lat_e6 / 1000000.0 AS lat,
    loc.term AS location, lc.term AS lsoa_code, ln.term AS lsoa_name, lad.term AS lad_code,
    a.term AS area, t.term AS outcome_type
FROM crime_outcome_rows r
JOIN crime_units u ON u.id = r.unit
JOIN crime_terms loc ON loc.id = r.location
JOIN crime_terms a ON a.id = r.area
JOIN crime_terms t ON t.id = r.outcome_type
LEFT JOIN crime_terms lc ON lc.id = r.lsoa_code
LEFT JOIN crime_terms ln ON ln.id = r.lsoa_name
LEFT JOIN crime_terms lad ON lad.id = r.lad_code;

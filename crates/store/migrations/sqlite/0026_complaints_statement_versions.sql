-- The item 7C statement as published: each publication freezes the narrative and the figures
-- (the IOPC's and the office's own, as JSON) into a numbered version that never changes, so
-- that what the public read on a day can be shown again (`?version=N`) after the records move
-- on. Append-only in the database itself, like the audit log.
CREATE TABLE complaints_statement_versions (
    year INTEGER NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    narrative TEXT NOT NULL,
    figures TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by INTEGER REFERENCES users (id),
    PRIMARY KEY (year, version)
);

CREATE TRIGGER complaints_statement_versions_no_update BEFORE UPDATE ON complaints_statement_versions
BEGIN
    SELECT RAISE(ABORT, 'complaints_statement_versions is append-only: a published statement cannot be changed');
END;

CREATE TRIGGER complaints_statement_versions_no_delete BEFORE DELETE ON complaints_statement_versions
BEGIN
    SELECT RAISE(ABORT, 'complaints_statement_versions is append-only: a published statement cannot be deleted');
END;

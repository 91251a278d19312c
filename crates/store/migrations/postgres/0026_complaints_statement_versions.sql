-- The item 7C statement as published: each publication freezes the narrative and the figures
-- (the IOPC's and the office's own, as JSON) into a numbered version that never changes, so
-- that what the public read on a day can be shown again (`?version=N`) after the records move
-- on. Append-only in the database itself, like the audit log (opcc_refuse_change, 0008).
CREATE TABLE complaints_statement_versions (
    year BIGINT NOT NULL,
    version BIGINT NOT NULL CHECK (version >= 1),
    narrative TEXT NOT NULL,
    figures TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by BIGINT REFERENCES users (id),
    PRIMARY KEY (year, version)
);

CREATE TRIGGER complaints_statement_versions_append_only
BEFORE UPDATE OR DELETE ON complaints_statement_versions
FOR EACH ROW EXECUTE FUNCTION opcc_refuse_change();

CREATE TRIGGER complaints_statement_versions_no_truncate
BEFORE TRUNCATE ON complaints_statement_versions
FOR EACH STATEMENT EXECUTE FUNCTION opcc_refuse_change();

-- Published reports: the statutory annual report and the progress reports to the Panel. Each
-- version goes draft -> review (the Panel sees it) -> approved (its figures are frozen as JSON,
-- so a published report never changes) -> published. A correction is a new version of the
-- same report with a note saying what changed. Narrative is JSON: section key -> text.
CREATE TABLE report_versions (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('annual', 'progress')),
    title TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'review', 'approved', 'published')),
    narrative TEXT NOT NULL,
    figures TEXT,
    correction_note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    approved_at TEXT,
    published_at TEXT,
    UNIQUE (slug, version)
);
CREATE INDEX report_versions_status ON report_versions (status, slug);

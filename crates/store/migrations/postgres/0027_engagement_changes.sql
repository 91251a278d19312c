-- Engagement, the remaining deliverables (issue 17): an event can be cancelled (it stays in
-- the calendar feed with STATUS:CANCELLED, so calendars that took it learn of it), and a
-- volunteer can withdraw their registration for an assembly with the code they were given
-- when they registered: only the code's SHA-256 (hex) is kept.
ALTER TABLE engagement_events ADD COLUMN cancelled_at TEXT;
ALTER TABLE assembly_registrations ADD COLUMN withdraw_code_sha256 TEXT;

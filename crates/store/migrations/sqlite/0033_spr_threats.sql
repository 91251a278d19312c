-- The Strategic Policing Requirement's national threats, as reference data every office
-- shares (the Home Office's Strategic Policing Requirement, February 2023, names seven); the
-- office's links from each threat to the plan items that answer it; and the office's short
-- statement on each threat for each financial year, for the annual report.
CREATE TABLE spr_threats (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    edition TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);

INSERT INTO spr_threats (key, edition, position, title) VALUES
    ('spr-2023-terrorism', '2023', 1, 'Terrorism'),
    ('spr-2023-soc', '2023', 2, 'Serious and organised crime'),
    ('spr-2023-cyber', '2023', 3, 'A national cyber incident'),
    ('spr-2023-csa', '2023', 4, 'Child sexual abuse'),
    ('spr-2023-public-disorder', '2023', 5, 'Public disorder'),
    ('spr-2023-civil-emergencies', '2023', 6, 'Civil emergencies'),
    ('spr-2023-vawg', '2023', 7, 'Violence against women and girls');

-- A plan item answering a threat: target_kind 'item' (a priority, objective or theme, by its
-- key) or 'commitment' (by its key). Keys, not row ids, so that a plan replaced by
-- `opcc plan import --replace` keeps its links where its keys stay.
CREATE TABLE spr_links (
    id INTEGER PRIMARY KEY,
    threat_id INTEGER NOT NULL REFERENCES spr_threats (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('item', 'commitment')),
    target_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (threat_id, plan_id, target_kind, target_key)
);
CREATE INDEX spr_links_plan ON spr_links (plan_id, threat_id);

-- fy: the year a financial year starts in (2023 for 2023/24).
CREATE TABLE spr_statements (
    threat_id INTEGER NOT NULL REFERENCES spr_threats (id),
    fy INTEGER NOT NULL,
    statement TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (threat_id, fy)
);

-- Funds the office counts as serious violence funding, for the annual report's section on the
-- Serious Violence Duty (the Home Office's grant to deliver the duty, and any other).
ALTER TABLE com_funds ADD COLUMN serious_violence INTEGER NOT NULL DEFAULT 0
    CHECK (serious_violence IN (0, 1));

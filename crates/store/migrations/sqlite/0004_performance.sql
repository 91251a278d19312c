-- Values of plan measures by period and area, each measure's settings (owner, target,
-- rebasing, a national or peer comparator), quarters locked by publication, and the
-- corrections that are the only way to change a locked figure. Measures are addressed by
-- (plan, key) rather than by row id, so that replacing a plan's contents keeps its figures.

CREATE TABLE measure_values (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    measure_key TEXT NOT NULL,
    period TEXT NOT NULL,
    period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),
    area TEXT NOT NULL,
    -- Exact decimals as text: money and rates are never floats.
    value TEXT NOT NULL,
    numerator TEXT,
    denominator TEXT,
    source TEXT NOT NULL,
    commentary TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('form', 'upload', 'police_uk', 'correction')),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (plan_id, measure_key, period, area)
);
CREATE INDEX measure_values_series ON measure_values (plan_id, measure_key, area, period_kind, period);

CREATE TABLE measure_settings (
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    measure_key TEXT NOT NULL,
    owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    target TEXT,
    -- JSON array of periods at which the process limits are recalculated.
    rebase_at TEXT NOT NULL,
    baseline_period TEXT,
    comparator_value TEXT,
    comparator_label TEXT,
    PRIMARY KEY (plan_id, measure_key)
);

CREATE TABLE locked_quarters (
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    quarter TEXT NOT NULL,
    locked_at TEXT NOT NULL,
    locked_by TEXT NOT NULL,
    PRIMARY KEY (plan_id, quarter)
);

CREATE TABLE measure_corrections (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    measure_key TEXT NOT NULL,
    period TEXT NOT NULL,
    area TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT NOT NULL,
    reason TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrected_at TEXT NOT NULL
);

-- Staff retire a measure rather than delete it: its values, settings and corrections stay,
-- and published packs that reported it still do. The day it was retired, YYYY-MM-DD.
ALTER TABLE plan_measures ADD COLUMN retired TEXT;

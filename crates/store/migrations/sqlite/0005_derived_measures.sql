-- A measure may take its values from loaded data (e.g. police.uk counts) instead of entry.
ALTER TABLE plan_measures ADD COLUMN derived_from TEXT;

-- The office's decision on a volunteer's expenses claim: why a claim was rejected (shown to
-- the volunteer), and when it was decided and paid, so a claim's way through is on record
-- beside the audit log (docs/schemes.md).
ALTER TABLE sch_expenses ADD COLUMN reason TEXT;
ALTER TABLE sch_expenses ADD COLUMN decided_on TEXT;
ALTER TABLE sch_expenses ADD COLUMN paid_on TEXT;

-- How many projects a fund paid for, as the office's published report states it, for years
-- whose awards are not held one by one (the 2023-24 annual report: the Community Action Fund's
-- "36 projects"). Where the service holds the fund's awards, they are counted instead.
ALTER TABLE com_funds ADD COLUMN projects_reported INTEGER CHECK (projects_reported >= 0);

-- Where a staff account's notices reach it (a provider reviewer hears of
-- the shells among the sites its provider served); '' for none. Applicants
-- are reached at their login, a mobile.
ALTER TABLE accounts ADD COLUMN email TEXT NOT NULL DEFAULT '';

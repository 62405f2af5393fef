-- Second factor: a TOTP secret being enrolled, the last time step used (a
-- code works once), and sessions that passed the password but not yet the
-- second factor.
ALTER TABLE accounts ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN pending SMALLINT NOT NULL DEFAULT 0;

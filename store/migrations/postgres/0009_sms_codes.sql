-- One-time SMS codes (sign-up, password reset): only a SHA-256 of the code,
-- an expiry, the attempts made and whether it was used.
CREATE TABLE sms_codes (
	id         BIGSERIAL PRIMARY KEY,
	purpose    TEXT     NOT NULL,
	mobile     TEXT     NOT NULL,
	code_hash  TEXT     NOT NULL,
	expires_at BIGINT   NOT NULL,
	attempts   INTEGER  NOT NULL DEFAULT 0,
	used       SMALLINT NOT NULL DEFAULT 0,
	created_at BIGINT   NOT NULL
);
CREATE INDEX sms_codes_mobile ON sms_codes (mobile, purpose, id);

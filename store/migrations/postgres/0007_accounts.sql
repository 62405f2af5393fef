-- Accounts of applicants and staff, and their sessions.
CREATE TABLE accounts (
	id            BIGSERIAL PRIMARY KEY,
	role          TEXT    NOT NULL,
	login         TEXT    NOT NULL, -- applicant: mobile; staff: user name
	name          TEXT    NOT NULL DEFAULT '',
	enterprise    SMALLINT NOT NULL DEFAULT 0,
	provider      TEXT    NOT NULL DEFAULT '',
	provinces     TEXT    NOT NULL DEFAULT '', -- space-separated GB/T 2260 codes
	password_hash TEXT    NOT NULL,
	totp_secret   TEXT    NOT NULL DEFAULT '',
	disabled      SMALLINT NOT NULL DEFAULT 0,
	created_at    BIGINT  NOT NULL,
	updated_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX accounts_login ON accounts (login);

-- Only a SHA-256 of the session token is stored: a leaked table opens no
-- session.
CREATE TABLE sessions (
	id           BIGSERIAL PRIMARY KEY,
	token_hash   TEXT    NOT NULL,
	account_id   BIGINT  NOT NULL REFERENCES accounts (id),
	created_at   BIGINT  NOT NULL,
	last_seen_at BIGINT  NOT NULL
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_account ON sessions (account_id);

-- Accounts of applicants and staff, and their sessions.
CREATE TABLE accounts (
	id            INTEGER PRIMARY KEY,
	role          TEXT    NOT NULL,
	login         TEXT    NOT NULL, -- applicant: mobile; staff: user name
	name          TEXT    NOT NULL DEFAULT '',
	enterprise    INTEGER NOT NULL DEFAULT 0,
	provider      TEXT    NOT NULL DEFAULT '',
	provinces     TEXT    NOT NULL DEFAULT '', -- space-separated GB/T 2260 codes
	password_hash TEXT    NOT NULL,
	totp_secret   TEXT    NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_login ON accounts (login);

-- Only a SHA-256 of the session token is stored: a leaked table opens no
-- session.
CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY,
	token_hash   TEXT    NOT NULL,
	account_id   INTEGER NOT NULL REFERENCES accounts (id),
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_account ON sessions (account_id);

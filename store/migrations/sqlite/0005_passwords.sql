-- Filing passwords: only argon2id hashes.
CREATE TABLE entity_passwords (
	entity_id  INTEGER NOT NULL PRIMARY KEY REFERENCES entities (id),
	hash       TEXT    NOT NULL,
	updated_at INTEGER NOT NULL
);

-- Failed password checks per main number (also numbers that do not exist,
-- so the answer cannot tell them apart), with the lock they earned.
CREATE TABLE password_failures (
	licence      TEXT    NOT NULL PRIMARY KEY,
	failures     INTEGER NOT NULL,
	locked_until INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);

-- Append-only audit log. Passwords and codes never appear in it.
CREATE TABLE audit_log (
	id      INTEGER PRIMARY KEY,
	at      INTEGER NOT NULL,
	actor   TEXT    NOT NULL,
	action  TEXT    NOT NULL,
	object  TEXT    NOT NULL,
	client  TEXT    NOT NULL,
	outcome TEXT    NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object, action, at);
CREATE INDEX audit_log_client ON audit_log (client, action, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

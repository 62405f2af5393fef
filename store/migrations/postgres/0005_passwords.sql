-- Filing passwords: only argon2id hashes.
CREATE TABLE entity_passwords (
	entity_id  BIGINT NOT NULL PRIMARY KEY REFERENCES entities (id),
	hash       TEXT   NOT NULL,
	updated_at BIGINT NOT NULL
);

-- Failed password checks per main number (also numbers that do not exist,
-- so the answer cannot tell them apart), with the lock they earned.
CREATE TABLE password_failures (
	licence      TEXT    NOT NULL PRIMARY KEY,
	failures     INTEGER NOT NULL,
	locked_until BIGINT  NOT NULL,
	updated_at   BIGINT  NOT NULL
);

-- Append-only audit log. Passwords and codes never appear in it.
CREATE TABLE audit_log (
	id      BIGSERIAL PRIMARY KEY,
	at      BIGINT NOT NULL,
	actor   TEXT   NOT NULL,
	action  TEXT   NOT NULL,
	object  TEXT   NOT NULL,
	client  TEXT   NOT NULL,
	outcome TEXT   NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object, action, at);
CREATE INDEX audit_log_client ON audit_log (client, action, at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Durable jobs: written in the transaction of the state change that causes
-- them, claimed by workers with a lease, retried with backoff, and finally
-- done or dead. run_at also schedules jobs for later.
CREATE TABLE jobs (
	id           INTEGER PRIMARY KEY,
	kind         TEXT    NOT NULL,
	key          TEXT    NOT NULL, -- idempotency key: one job per key, ever
	payload      TEXT    NOT NULL DEFAULT '',
	state        TEXT    NOT NULL, -- available, running, done, dead
	attempts     INTEGER NOT NULL DEFAULT 0,
	max_attempts INTEGER NOT NULL,
	run_at       INTEGER NOT NULL,
	lease_until  INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT    NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX jobs_key ON jobs (key);
CREATE INDEX jobs_due ON jobs (state, run_at);

-- Every SMS and email, with its delivery record.
CREATE TABLE messages (
	id          INTEGER PRIMARY KEY,
	key         TEXT    NOT NULL, -- idempotency key, also given to the gateway
	channel     TEXT    NOT NULL, -- sms, email
	recipient   TEXT    NOT NULL,
	template    TEXT    NOT NULL DEFAULT '',
	subject     TEXT    NOT NULL DEFAULT '',
	body        TEXT    NOT NULL,
	html        TEXT    NOT NULL DEFAULT '',
	state       TEXT    NOT NULL, -- queued, sent, delivered, failed, dead, refused, outbox
	via         TEXT    NOT NULL DEFAULT '', -- smtp, smpp, http, outbox
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT    NOT NULL DEFAULT '',
	gateway_id  TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	sent_at     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX messages_key ON messages (key);
CREATE INDEX messages_recipient ON messages (recipient, created_at);
CREATE INDEX messages_state ON messages (state);
CREATE INDEX messages_gateway_id ON messages (gateway_id) WHERE gateway_id <> '';

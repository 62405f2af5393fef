-- password_failures counted more than filing passwords: logins, client
-- addresses and second factors too. It is the lock-out table, keyed by
-- subject ("浙ICP备…号", "login:…", "client:…", "totp:…", "password:…").
ALTER TABLE password_failures RENAME TO lockouts;
ALTER TABLE lockouts RENAME COLUMN licence TO subject;

-- Events counted against rolling-window limits (recoveries per client and
-- per entity, code requests per client), apart from the audit log, which
-- records but no longer counts. The recent counted events of the audit log
-- come along so the limits hold across the upgrade.
CREATE TABLE rate_events (
	id      INTEGER PRIMARY KEY,
	bucket  TEXT   NOT NULL,
	subject TEXT   NOT NULL,
	at      BIGINT NOT NULL
);
CREATE INDEX rate_events_subject ON rate_events (bucket, subject, at);
CREATE INDEX rate_events_at ON rate_events (at);
INSERT INTO rate_events (bucket, subject, at)
	SELECT 'recover.client', client, at FROM audit_log
	WHERE action = 'password.recover' AND at >= CAST(strftime('%s','now') AS INTEGER) - 86400 ORDER BY id;
INSERT INTO rate_events (bucket, subject, at)
	SELECT 'recover.entity', object, at FROM audit_log
	WHERE action = 'password.recover' AND outcome = 'matched' AND at >= CAST(strftime('%s','now') AS INTEGER) - 86400 ORDER BY id;
INSERT INTO rate_events (bucket, subject, at)
	SELECT 'code.client', client, at FROM audit_log
	WHERE action = 'account.code' AND at >= CAST(strftime('%s','now') AS INTEGER) - 3600 ORDER BY id;

-- The audit log is 16 hash chains instead of one, so writers on different
-- objects do not queue on one lock: a record joins the chain its object
-- hashes to, and audit_head holds each chain's newest hash. Appending locks
-- that chain's row until commit. The records so far are chain 0.
ALTER TABLE audit_log ADD COLUMN chain INTEGER NOT NULL DEFAULT 0;
CREATE TABLE audit_head (
	chain INTEGER NOT NULL PRIMARY KEY,
	hash  TEXT    NOT NULL
);
INSERT INTO audit_head (chain, hash)
	SELECT 0, COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '');
INSERT INTO audit_head (chain, hash) VALUES
	(1, ''),
	(2, ''),
	(3, ''),
	(4, ''),
	(5, ''),
	(6, ''),
	(7, ''),
	(8, ''),
	(9, ''),
	(10, ''),
	(11, ''),
	(12, ''),
	(13, ''),
	(14, ''),
	(15, '');

-- The agent filing wizard: products, authorization codes, applications with
-- their versions, events, rejections and materials. Times are Unix seconds.
CREATE TABLE products (
	seq        INTEGER PRIMARY KEY,
	id         TEXT    NOT NULL,
	owner_id   INTEGER NOT NULL REFERENCES accounts (id),
	provider   TEXT    NOT NULL,
	ip         TEXT    NOT NULL,
	region     TEXT    NOT NULL DEFAULT '',
	mainland   INTEGER NOT NULL DEFAULT 1,
	expires_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX products_id ON products (id);
CREATE INDEX products_owner ON products (owner_id, seq);
CREATE INDEX products_ip ON products (ip);

-- Only a SHA-256 of an authorization code is kept.
CREATE TABLE auth_codes (
	code_hash  TEXT    NOT NULL PRIMARY KEY,
	product_id TEXT    NOT NULL,
	owner_id   INTEGER NOT NULL REFERENCES accounts (id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER NOT NULL DEFAULT 0,
	used_by    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- doc holds the record, the products, the real-person check and the
-- current rejections as JSON; the columns are what queues and checks read.
CREATE TABLE applications (
	id            INTEGER PRIMARY KEY,
	account_id    INTEGER NOT NULL REFERENCES accounts (id),
	provider      TEXT    NOT NULL,
	province      TEXT    NOT NULL DEFAULT '',
	filing_type   TEXT    NOT NULL,
	status        TEXT    NOT NULL,
	unit_name     TEXT    NOT NULL DEFAULT '',
	cert_no       TEXT    NOT NULL DEFAULT '',
	doc           TEXT    NOT NULL,
	version       INTEGER NOT NULL DEFAULT 0,
	deadline      INTEGER NOT NULL DEFAULT 0,
	main_licence  TEXT    NOT NULL DEFAULT '',
	service_licences TEXT NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	submitted_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX applications_queue ON applications (provider, deadline, id);
CREATE INDEX applications_queue_status ON applications (provider, status, deadline, id);
CREATE INDEX applications_account ON applications (account_id, id);
CREATE INDEX applications_cert ON applications (cert_no);
CREATE INDEX applications_status ON applications (status, updated_at);

-- The domains and product IPs of an application's services, for the
-- conflict checks and the services-per-IP count.
CREATE TABLE application_domains (
	application_id INTEGER NOT NULL REFERENCES applications (id),
	domain         TEXT    NOT NULL,
	PRIMARY KEY (application_id, domain)
) WITHOUT ROWID;
CREATE INDEX application_domains_domain ON application_domains (domain);

CREATE TABLE application_ips (
	application_id INTEGER NOT NULL REFERENCES applications (id),
	service        INTEGER NOT NULL,
	ip             TEXT    NOT NULL,
	PRIMARY KEY (application_id, service)
) WITHOUT ROWID;
CREATE INDEX application_ips_ip ON application_ips (ip);

-- Submitted snapshots: written once, never changed.
CREATE TABLE application_versions (
	application_id INTEGER NOT NULL REFERENCES applications (id),
	number         INTEGER NOT NULL,
	record         TEXT    NOT NULL,
	created_at     INTEGER NOT NULL,
	PRIMARY KEY (application_id, number)
) WITHOUT ROWID;

CREATE TABLE application_events (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id),
	at             INTEGER NOT NULL,
	status         TEXT    NOT NULL,
	note           TEXT    NOT NULL DEFAULT '',
	actor_id       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX application_events_app ON application_events (application_id, id);

-- Every rejection's reasons, by the version they judged.
CREATE TABLE application_rejections (
	application_id INTEGER NOT NULL REFERENCES applications (id),
	version        INTEGER NOT NULL,
	position       INTEGER NOT NULL,
	field          TEXT    NOT NULL,
	reason         TEXT    NOT NULL,
	reviewer_id    INTEGER NOT NULL DEFAULT 0,
	at             INTEGER NOT NULL,
	PRIMARY KEY (application_id, version, position)
) WITHOUT ROWID;

CREATE TABLE materials (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id),
	kind           TEXT    NOT NULL,
	name           TEXT    NOT NULL DEFAULT '',
	content_type   TEXT    NOT NULL,
	size           INTEGER NOT NULL,
	sha256         TEXT    NOT NULL,
	key            TEXT    NOT NULL,
	created_at     INTEGER NOT NULL
);
CREATE INDEX materials_app ON materials (application_id, id);
CREATE INDEX materials_key ON materials (key);

-- The agent filing wizard: products, authorization codes, applications with
-- their versions, events, rejections and materials. Times are Unix seconds.
CREATE TABLE products (
	seq        BIGSERIAL PRIMARY KEY,
	id         TEXT    NOT NULL,
	owner_id   BIGINT NOT NULL REFERENCES accounts (id),
	provider   TEXT    NOT NULL,
	ip         TEXT    NOT NULL,
	region     TEXT    NOT NULL DEFAULT '',
	mainland   BIGINT NOT NULL DEFAULT 1,
	expires_at BIGINT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX products_id ON products (id);
CREATE INDEX products_owner ON products (owner_id, seq);
CREATE INDEX products_ip ON products (ip);

-- Only a SHA-256 of an authorization code is kept.
CREATE TABLE auth_codes (
	code_hash  TEXT    NOT NULL PRIMARY KEY,
	product_id TEXT    NOT NULL,
	owner_id   BIGINT NOT NULL REFERENCES accounts (id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at    BIGINT NOT NULL DEFAULT 0,
	used_by    BIGINT NOT NULL DEFAULT 0
);

-- doc holds the record, the products, the real-person check and the
-- current rejections as JSON; the columns are what queues and checks read.
CREATE TABLE applications (
	id            BIGSERIAL PRIMARY KEY,
	account_id    BIGINT NOT NULL REFERENCES accounts (id),
	provider      TEXT    NOT NULL,
	province      TEXT    NOT NULL DEFAULT '',
	filing_type   TEXT    NOT NULL,
	status        TEXT    NOT NULL,
	unit_name     TEXT    NOT NULL DEFAULT '',
	cert_no       TEXT    NOT NULL DEFAULT '',
	doc           TEXT    NOT NULL,
	version       BIGINT NOT NULL DEFAULT 0,
	deadline      BIGINT NOT NULL DEFAULT 0,
	main_licence  TEXT    NOT NULL DEFAULT '',
	service_licences TEXT NOT NULL DEFAULT '',
	created_at    BIGINT NOT NULL,
	updated_at    BIGINT NOT NULL,
	submitted_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX applications_queue ON applications (provider, deadline, id);
CREATE INDEX applications_queue_status ON applications (provider, status, deadline, id);
CREATE INDEX applications_account ON applications (account_id, id);
CREATE INDEX applications_cert ON applications (cert_no);
CREATE INDEX applications_status ON applications (status, updated_at);

-- The domains and product IPs of an application's services, for the
-- conflict checks and the services-per-IP count.
CREATE TABLE application_domains (
	application_id BIGINT NOT NULL REFERENCES applications (id),
	domain         TEXT    NOT NULL,
	PRIMARY KEY (application_id, domain)
);
CREATE INDEX application_domains_domain ON application_domains (domain);

CREATE TABLE application_ips (
	application_id BIGINT NOT NULL REFERENCES applications (id),
	service        BIGINT NOT NULL,
	ip             TEXT    NOT NULL,
	PRIMARY KEY (application_id, service)
);
CREATE INDEX application_ips_ip ON application_ips (ip);

-- Submitted snapshots: written once, never changed.
CREATE TABLE application_versions (
	application_id BIGINT NOT NULL REFERENCES applications (id),
	number         BIGINT NOT NULL,
	record         TEXT    NOT NULL,
	created_at     BIGINT NOT NULL,
	PRIMARY KEY (application_id, number)
);

CREATE TABLE application_events (
	id             BIGSERIAL PRIMARY KEY,
	application_id BIGINT NOT NULL REFERENCES applications (id),
	at             BIGINT NOT NULL,
	status         TEXT    NOT NULL,
	note           TEXT    NOT NULL DEFAULT '',
	actor_id       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX application_events_app ON application_events (application_id, id);

-- Every rejection's reasons, by the version they judged.
CREATE TABLE application_rejections (
	application_id BIGINT NOT NULL REFERENCES applications (id),
	version        BIGINT NOT NULL,
	position       BIGINT NOT NULL,
	field          TEXT    NOT NULL,
	reason         TEXT    NOT NULL,
	reviewer_id    BIGINT NOT NULL DEFAULT 0,
	at             BIGINT NOT NULL,
	PRIMARY KEY (application_id, version, position)
);

CREATE TABLE materials (
	id             BIGSERIAL PRIMARY KEY,
	application_id BIGINT NOT NULL REFERENCES applications (id),
	kind           TEXT    NOT NULL,
	name           TEXT    NOT NULL DEFAULT '',
	content_type   TEXT    NOT NULL,
	size           BIGINT NOT NULL,
	sha256         TEXT    NOT NULL,
	key            TEXT    NOT NULL,
	created_at     BIGINT NOT NULL
);
CREATE INDEX materials_app ON materials (application_id, id);
CREATE INDEX materials_key ON materials (key);

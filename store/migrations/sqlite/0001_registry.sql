-- The national filing record. Times are Unix seconds; flags are 0/1.
CREATE TABLE entities (
	id                  INTEGER PRIMARY KEY,
	unit_name           TEXT    NOT NULL,
	nature              TEXT    NOT NULL,
	province            TEXT    NOT NULL,
	cert_type           TEXT    NOT NULL,
	cert_no             TEXT    NOT NULL,
	cert_address        TEXT    NOT NULL DEFAULT '',
	address             TEXT    NOT NULL DEFAULT '',
	main_licence        TEXT    NOT NULL,
	principal_name      TEXT    NOT NULL,
	principal_cert_type TEXT    NOT NULL,
	principal_cert_no   TEXT    NOT NULL,
	principal_mobile    TEXT    NOT NULL,
	principal_email     TEXT    NOT NULL,
	next_service        INTEGER NOT NULL DEFAULT 1,
	cancelled           INTEGER NOT NULL DEFAULT 0,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL
);
-- A main number is never reused, even after cancellation.
CREATE UNIQUE INDEX entities_main_licence ON entities (main_licence);
-- One live entity per certificate.
CREATE UNIQUE INDEX entities_cert_no ON entities (cert_no) WHERE cancelled = 0;

CREATE TABLE services (
	id                  INTEGER PRIMARY KEY,
	entity_id           INTEGER NOT NULL REFERENCES entities (id),
	service_type        INTEGER NOT NULL,
	service_name        TEXT    NOT NULL,
	service_licence     TEXT    NOT NULL,
	home_url            TEXT    NOT NULL DEFAULT '',
	principal_name      TEXT    NOT NULL DEFAULT '',
	principal_cert_type TEXT    NOT NULL DEFAULT '',
	principal_cert_no   TEXT    NOT NULL DEFAULT '',
	principal_mobile    TEXT    NOT NULL DEFAULT '',
	principal_email     TEXT    NOT NULL DEFAULT '',
	content_types       TEXT    NOT NULL DEFAULT '',
	approved_at         INTEGER NOT NULL,
	limit_access        INTEGER NOT NULL DEFAULT 0,
	cancelled           INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX services_licence ON services (service_licence);
CREATE INDEX services_entity ON services (entity_id);

-- A registrable domain belongs to at most one live service.
CREATE TABLE domains (
	domain     TEXT    NOT NULL PRIMARY KEY,
	service_id INTEGER NOT NULL REFERENCES services (id),
	position   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX domains_service ON domains (service_id, position);

CREATE TABLE access_records (
	service_id INTEGER NOT NULL REFERENCES services (id),
	position   INTEGER NOT NULL,
	provider   TEXT    NOT NULL,
	ips        TEXT    NOT NULL, -- space-separated
	PRIMARY KEY (service_id, position)
) WITHOUT ROWID;

-- Next sequence number per ICP prefix and year; only ever increases.
CREATE TABLE licence_counters (
	prefix   TEXT    NOT NULL,
	year     INTEGER NOT NULL,
	next_seq INTEGER NOT NULL,
	PRIMARY KEY (prefix, year)
) WITHOUT ROWID;

-- Entity-name substring search: FTS5 trigram over entities.unit_name,
-- maintained by the store (not by triggers) so bulk imports can index once.
CREATE VIRTUAL TABLE entity_names USING fts5 (
	unit_name, content = 'entities', content_rowid = 'id', tokenize = 'trigram'
);

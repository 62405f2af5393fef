-- pg_trgm backs the entity-name search; it lives in the first schema of the
-- search path unless the database already has it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The national filing record. Times are Unix seconds; flags are 0/1, so the
-- SQL is shared with SQLite.
CREATE TABLE entities (
	id                  BIGSERIAL PRIMARY KEY,
	unit_name           TEXT     NOT NULL,
	nature              TEXT     NOT NULL,
	province            TEXT     NOT NULL,
	cert_type           TEXT     NOT NULL,
	cert_no             TEXT     NOT NULL,
	cert_address        TEXT     NOT NULL DEFAULT '',
	address             TEXT     NOT NULL DEFAULT '',
	main_licence        TEXT     NOT NULL,
	principal_name      TEXT     NOT NULL,
	principal_cert_type TEXT     NOT NULL,
	principal_cert_no   TEXT     NOT NULL,
	principal_mobile    TEXT     NOT NULL,
	principal_email     TEXT     NOT NULL,
	next_service        INTEGER  NOT NULL DEFAULT 1,
	cancelled           SMALLINT NOT NULL DEFAULT 0,
	created_at          BIGINT   NOT NULL,
	updated_at          BIGINT   NOT NULL
);
CREATE UNIQUE INDEX entities_main_licence ON entities (main_licence);
CREATE UNIQUE INDEX entities_cert_no ON entities (cert_no) WHERE cancelled = 0;
-- Entity-name substring search (pg_trgm handles CJK under a UTF-8 ctype).
CREATE INDEX entities_unit_name_trgm ON entities USING gin (unit_name gin_trgm_ops);

CREATE TABLE services (
	id                  BIGSERIAL PRIMARY KEY,
	entity_id           BIGINT   NOT NULL REFERENCES entities (id) DEFERRABLE,
	service_type        INTEGER  NOT NULL,
	service_name        TEXT     NOT NULL,
	service_licence     TEXT     NOT NULL,
	home_url            TEXT     NOT NULL DEFAULT '',
	principal_name      TEXT     NOT NULL DEFAULT '',
	principal_cert_type TEXT     NOT NULL DEFAULT '',
	principal_cert_no   TEXT     NOT NULL DEFAULT '',
	principal_mobile    TEXT     NOT NULL DEFAULT '',
	principal_email     TEXT     NOT NULL DEFAULT '',
	content_types       TEXT     NOT NULL DEFAULT '',
	approved_at         BIGINT   NOT NULL,
	limit_access        SMALLINT NOT NULL DEFAULT 0,
	cancelled           SMALLINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX services_licence ON services (service_licence);
CREATE INDEX services_entity ON services (entity_id);

CREATE TABLE domains (
	domain     TEXT    NOT NULL PRIMARY KEY,
	service_id BIGINT  NOT NULL REFERENCES services (id) DEFERRABLE,
	position   INTEGER NOT NULL
);
CREATE INDEX domains_service ON domains (service_id, position);

CREATE TABLE access_records (
	service_id BIGINT  NOT NULL REFERENCES services (id) DEFERRABLE,
	position   INTEGER NOT NULL,
	provider   TEXT    NOT NULL,
	ips        TEXT    NOT NULL,
	PRIMARY KEY (service_id, position)
);

CREATE TABLE licence_counters (
	prefix   TEXT    NOT NULL,
	year     INTEGER NOT NULL,
	next_seq INTEGER NOT NULL,
	PRIMARY KEY (prefix, year)
);

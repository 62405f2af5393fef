-- After approval: what changes and cancellations replaced (the old values,
-- as JSON of the entity row or of the service with its domains and access
-- records), the blacklist, the bureau's queue of shell cancellations and the
-- limit-access marks. Times are Unix seconds.
CREATE TABLE entity_history (
	id             BIGSERIAL PRIMARY KEY,
	entity_id      BIGINT NOT NULL REFERENCES entities (id),
	at             BIGINT NOT NULL,
	filing_type    TEXT    NOT NULL,
	application_id BIGINT NOT NULL DEFAULT 0,
	what           TEXT    NOT NULL,
	old            TEXT    NOT NULL
);
CREATE INDEX entity_history_entity ON entity_history (entity_id, id);

CREATE TABLE service_history (
	id             BIGSERIAL PRIMARY KEY,
	service_id     BIGINT NOT NULL REFERENCES services (id),
	entity_id      BIGINT NOT NULL REFERENCES entities (id),
	at             BIGINT NOT NULL,
	filing_type    TEXT    NOT NULL,
	application_id BIGINT NOT NULL DEFAULT 0,
	what           TEXT    NOT NULL,
	old            TEXT    NOT NULL
);
CREATE INDEX service_history_entity ON service_history (entity_id, id);

-- kind: entity (an entity certificate), principal (a person certificate) or
-- domain. A row applies while removed_at = 0 and expires_at is 0 or later.
CREATE TABLE blacklist (
	id         BIGSERIAL PRIMARY KEY,
	kind       TEXT    NOT NULL,
	value      TEXT    NOT NULL,
	province   TEXT    NOT NULL,
	reason     TEXT    NOT NULL,
	created_by BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL DEFAULT 0,
	removed_at BIGINT NOT NULL DEFAULT 0,
	removed_by BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX blacklist_value ON blacklist (kind, value);

-- A shell found by the scan: kind service (空壳网站) or entity (空壳主体).
-- status: found (principals and providers told), proposed (in the bureau's
-- queue after the grace period), confirmed (cancelled), dismissed, resolved
-- (no longer a shell).
CREATE TABLE shell_cases (
	id         BIGSERIAL PRIMARY KEY,
	kind       TEXT    NOT NULL,
	target_id  BIGINT NOT NULL,
	entity_id  BIGINT NOT NULL,
	licence    TEXT    NOT NULL,
	province   TEXT    NOT NULL,
	status     TEXT    NOT NULL,
	found_at   BIGINT NOT NULL,
	proposed_at BIGINT NOT NULL DEFAULT 0,
	decided_at BIGINT NOT NULL DEFAULT 0,
	decided_by BIGINT NOT NULL DEFAULT 0,
	note       TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX shell_cases_open ON shell_cases (kind, target_id) WHERE status IN ('found', 'proposed');
CREATE INDEX shell_cases_queue ON shell_cases (status, province, id);

CREATE INDEX services_limited ON services (limit_access) WHERE limit_access = 1;

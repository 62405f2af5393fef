-- The registry's filings: what providers submitted after their initial
-- review, with SMS verification and the bureau's review. doc holds the
-- record, the access records and the materials' checksums as JSON; the
-- columns are what queues and checks read. Times are Unix seconds.
CREATE TABLE filings (
	id               BIGSERIAL PRIMARY KEY,
	provider         TEXT    NOT NULL,
	application_id   BIGINT  NOT NULL,
	version          INTEGER NOT NULL,
	filing_type      TEXT    NOT NULL,
	province         TEXT    NOT NULL,
	unit_name        TEXT    NOT NULL,
	cert_no          TEXT    NOT NULL,
	status           TEXT    NOT NULL,
	doc              TEXT    NOT NULL,
	submitted_at     BIGINT  NOT NULL,
	accepted_at      BIGINT  NOT NULL,
	sms_deadline     BIGINT  NOT NULL DEFAULT 0,
	deadline         BIGINT  NOT NULL DEFAULT 0,
	wrong_attempts   INTEGER NOT NULL DEFAULT 0,
	main_licence     TEXT    NOT NULL DEFAULT '',
	service_licences TEXT    NOT NULL DEFAULT '',
	rejections       TEXT    NOT NULL DEFAULT '',
	updated_at       INTEGER NOT NULL
);
CREATE INDEX filings_queue ON filings (province, status, deadline, id);
CREATE INDEX filings_application ON filings (provider, application_id, id);
CREATE INDEX filings_cert ON filings (cert_no, status);
CREATE INDEX filings_status ON filings (status, deadline);

-- The domains of a filing, for the 域名冲突 check against pending filings.
CREATE TABLE filing_domains (
	filing_id BIGINT  NOT NULL REFERENCES filings (id),
	domain    TEXT    NOT NULL,
	PRIMARY KEY (filing_id, domain)
);
CREATE INDEX filing_domains_domain ON filing_domains (domain);

-- Who must verify a filing by SMS. Only a salted SHA-256 of the code.
CREATE TABLE filing_verifiers (
	id          BIGSERIAL PRIMARY KEY,
	filing_id   BIGINT  NOT NULL REFERENCES filings (id),
	role        TEXT    NOT NULL,
	name        TEXT    NOT NULL,
	mobile      TEXT    NOT NULL,
	cert_suffix TEXT    NOT NULL,
	code_salt   TEXT    NOT NULL,
	code_hash   TEXT    NOT NULL,
	sent_at     BIGINT  NOT NULL,
	sends       INTEGER NOT NULL DEFAULT 1,
	verified_at BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX filing_verifiers_mobile ON filing_verifiers (mobile, verified_at);
CREATE INDEX filing_verifiers_filing ON filing_verifiers (filing_id);

CREATE TABLE filing_events (
	id        BIGSERIAL PRIMARY KEY,
	filing_id BIGINT  NOT NULL REFERENCES filings (id),
	at        INTEGER NOT NULL,
	status    TEXT    NOT NULL,
	note      TEXT    NOT NULL,
	actor     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX filing_events_filing ON filing_events (filing_id, id);

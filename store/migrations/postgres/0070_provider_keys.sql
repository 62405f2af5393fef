-- The API keys of access providers that run only the agent and submit to
-- this registry over HTTP. Only the SHA-256 of a key is kept (a key is 32
-- random bytes, so a fast hash is enough); a provider has at most one key
-- that is not revoked. Times are Unix seconds.
CREATE TABLE provider_keys (
	id         BIGSERIAL PRIMARY KEY,
	provider   TEXT    NOT NULL,
	key_hash   TEXT    NOT NULL UNIQUE,
	created_at BIGINT NOT NULL,
	revoked_at BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX provider_keys_live ON provider_keys (provider) WHERE revoked_at = 0;

-- On an agent that reaches its registry over HTTP: how far it has applied
-- the registry's feed of changes (the cursor of the last one applied).
CREATE TABLE registry_cursors (
	registry TEXT   PRIMARY KEY,
	cursor   BIGINT NOT NULL
);

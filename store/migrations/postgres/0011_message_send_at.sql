-- When a message takes its place under the per-number send limits: its
-- creation, or later when a limit delayed a security notice until it allows.
ALTER TABLE messages ADD COLUMN send_at BIGINT NOT NULL DEFAULT 0;
UPDATE messages SET send_at = created_at;
CREATE INDEX messages_send_at ON messages (recipient, channel, send_at);

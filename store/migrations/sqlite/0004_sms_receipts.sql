-- Delivery receipts by gateway message id. A receipt can arrive before the
-- worker has recorded which message the gateway id belongs to; it waits here
-- and is applied when the attempt is recorded.
CREATE TABLE sms_receipts (
	gateway_id  TEXT    NOT NULL PRIMARY KEY,
	delivered   INTEGER NOT NULL,
	detail      TEXT    NOT NULL DEFAULT '',
	received_at INTEGER NOT NULL
);

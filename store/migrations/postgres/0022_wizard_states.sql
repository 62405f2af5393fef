-- The wizard's unsaved input of an applicant (the steps before a draft
-- exists, or a step the service refused): kept here, not in a cookie, so
-- certificate numbers and mobiles never travel in one. One per account.
CREATE TABLE wizard_states (
	account_id BIGINT  NOT NULL PRIMARY KEY REFERENCES accounts (id),
	state      TEXT    NOT NULL,
	updated_at BIGINT  NOT NULL
);

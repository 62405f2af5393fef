-- The retention job blanks the bodies of old messages that carry a
-- password; this keeps it from reading every message to find them.
CREATE INDEX messages_password_bodies ON messages (updated_at) WHERE template IN ('password_issued', 'password_reset');

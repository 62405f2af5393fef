-- Each audit record carries the hash of the one before it and its own, so an
-- edited, removed or inserted record breaks the chain (beian audit verify).
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

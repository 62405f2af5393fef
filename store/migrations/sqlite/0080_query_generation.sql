-- The public query's answers are cached in each serving process (see
-- store/querywatch.go). Every write that can change an answer advances this
-- one-row counter from a trigger, whichever process or connection makes it
-- (a `beian import` beside a running `beian serve`, the sqlite3 shell), and
-- the cache keeps an answer only while the counter holds the value it had
-- before the answer was read. Triggers on every insert, update and delete of
-- the three tables the query reads: cheaper to over-invalidate on an update
-- of a column the query does not show than to miss one a later query shows.
CREATE TABLE query_generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO query_generation (id, n) VALUES (1, 0);
CREATE TRIGGER entities_query_insert AFTER INSERT ON entities BEGIN UPDATE query_generation SET n = n + 1; END;
CREATE TRIGGER entities_query_update AFTER UPDATE ON entities BEGIN UPDATE query_generation SET n = n + 1; END;
CREATE TRIGGER entities_query_delete AFTER DELETE ON entities BEGIN UPDATE query_generation SET n = n + 1; END;
CREATE TRIGGER services_query_insert AFTER INSERT ON services BEGIN UPDATE query_generation SET n = n + 1; END;
CREATE TRIGGER services_query_update AFTER UPDATE ON services BEGIN UPDATE query_generation SET n = n + 1; END;
CREATE TRIGGER services_query_delete AFTER DELETE ON services BEGIN UPDATE query_generation SET n = n + 1; END;
CREATE TRIGGER domains_query_insert AFTER INSERT ON domains BEGIN UPDATE query_generation SET n = n + 1; END;
CREATE TRIGGER domains_query_update AFTER UPDATE ON domains BEGIN UPDATE query_generation SET n = n + 1; END;
CREATE TRIGGER domains_query_delete AFTER DELETE ON domains BEGIN UPDATE query_generation SET n = n + 1; END;

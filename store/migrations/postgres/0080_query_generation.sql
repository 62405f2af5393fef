-- The public query's answers are cached in each serving node (see
-- store/querywatch.go). Every statement that can change an answer, from any
-- node or client, notifies channel beian_query with the schema it wrote in;
-- each node listens and drops its cache on a notification for its own schema
-- (and on losing the listening connection). PostgreSQL folds identical
-- notifications of one transaction into one, delivered after the commit.
--
-- Unlike SQLite there is no counter row: a row every record-writing
-- transaction updates would be held locked until its commit, serialising
-- approvals on different nodes and deadlocking against transactions that
-- lock other rows (licence counters, audit heads) in another order.
CREATE FUNCTION beian_query_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('beian_query', TG_TABLE_SCHEMA);
	RETURN NULL;
END
$$;
CREATE TRIGGER entities_query_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entities
	FOR EACH STATEMENT EXECUTE FUNCTION beian_query_changed();
CREATE TRIGGER services_query_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON services
	FOR EACH STATEMENT EXECUTE FUNCTION beian_query_changed();
CREATE TRIGGER domains_query_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON domains
	FOR EACH STATEMENT EXECUTE FUNCTION beian_query_changed();

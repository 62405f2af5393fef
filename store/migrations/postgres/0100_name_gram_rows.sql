-- Two-character name search, second form. The GIN index of migration 0003
-- finds the entities of a gram at once, but as a bitmap: the public query
-- then fetched, joined and sorted every match (tens of thousands of
-- entities for a common pair like 科技) before its LIMIT. A B-tree over
-- (gram, entity_id) hands them out in id order, the query's own order, so a
-- page reads its twenty rows and stops (store/postgres.go nameMatch).
--
-- Statement triggers with transition tables keep it: one set-based insert
-- per writing statement, which suits the import's single INSERT … SELECT.
-- No foreign key: its check per gram row would cost the import ten look-ups
-- an entity, and the triggers below are the only writers. Each finds an
-- entity's old rows by its old name's grams, through the primary key. They
-- keep the search path they were made with: a restore or a client in
-- another schema must not send the grams elsewhere.
CREATE TABLE entity_name_grams (
	gram      TEXT NOT NULL,
	entity_id BIGINT NOT NULL,
	PRIMARY KEY (gram, entity_id)
);

INSERT INTO entity_name_grams (gram, entity_id)
	SELECT g, e.id FROM entities e, unnest(beian_grams(e.unit_name)) AS g;

CREATE FUNCTION beian_name_grams_insert() RETURNS trigger LANGUAGE plpgsql
	SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO entity_name_grams (gram, entity_id)
		SELECT g, n.id FROM new_rows n, unnest(beian_grams(n.unit_name)) AS g
		ORDER BY 1, 2;
	RETURN NULL;
END
$$;
CREATE TRIGGER entities_name_grams_insert AFTER INSERT ON entities
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION beian_name_grams_insert();

CREATE FUNCTION beian_name_grams_update() RETURNS trigger LANGUAGE plpgsql
	SET search_path FROM CURRENT AS $$
BEGIN
	DELETE FROM entity_name_grams g USING old_rows o, new_rows n
		WHERE o.id = n.id AND o.unit_name IS DISTINCT FROM n.unit_name
			AND g.gram = ANY (beian_grams(o.unit_name)) AND g.entity_id = o.id;
	INSERT INTO entity_name_grams (gram, entity_id)
		SELECT g, n.id FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(beian_grams(n.unit_name)) AS g
		WHERE o.unit_name IS DISTINCT FROM n.unit_name;
	RETURN NULL;
END
$$;
CREATE TRIGGER entities_name_grams_update AFTER UPDATE ON entities
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION beian_name_grams_update();

CREATE FUNCTION beian_name_grams_delete() RETURNS trigger LANGUAGE plpgsql
	SET search_path FROM CURRENT AS $$
BEGIN
	DELETE FROM entity_name_grams g USING old_rows o
		WHERE g.gram = ANY (beian_grams(o.unit_name)) AND g.entity_id = o.id;
	RETURN NULL;
END
$$;
CREATE TRIGGER entities_name_grams_delete AFTER DELETE ON entities
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION beian_name_grams_delete();

-- The GIN index served nothing else.
DROP INDEX entities_unit_name_grams;

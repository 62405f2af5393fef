-- Two-character entity-name search (see store/grams.go): the trigram index
-- cannot find substrings shorter than three characters, so names are also
-- indexed by their two-character grams. Single-token look-ups need no
-- positions, hence detail = none. beian_grams is a function the store
-- registers with the driver.
CREATE VIRTUAL TABLE entity_grams USING fts5 (
	grams, content = '', detail = none, tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
);
INSERT INTO entity_grams (rowid, grams) SELECT id, beian_grams(unit_name) FROM entities;

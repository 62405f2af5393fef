-- Two-character substrings: pg_trgm cannot use its index for them, so a GIN
-- index over each name's two-character grams serves them (see
-- store/postgres.go nameMatch).
CREATE FUNCTION beian_grams(s text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(array_agg(DISTINCT lower(substr(s, i, 2))), '{}')
	FROM generate_series(1, char_length(s) - 1) AS i
$$;
CREATE INDEX entities_unit_name_grams ON entities USING gin (beian_grams(unit_name));

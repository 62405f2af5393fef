package store_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/beianhq/beian/internal/testdb"
)

// TestSchemasAgree: the migrations of the two engines, kept in step by
// hand, give the same tables, columns (loosely typed) and named indexes.
func TestSchemasAgree(t *testing.T) {
	engines := testdb.Engines(t)
	if len(engines) < 2 {
		// Without PostgreSQL there is nothing to compare with; CI sets it.
		t.Logf("only %v: set %s to compare", engines, testdb.EnvURL)
		return
	}
	lite, err := testdb.Open(t, "sqlite").Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := testdb.Open(t, "postgres").Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for table := range lite.Columns {
		if slices.Contains(sqliteOnly, table) {
			delete(lite.Columns, table)
		}
	}
	for table := range pg.Columns {
		if slices.Contains(postgresOnly, table) {
			delete(pg.Columns, table)
		}
	}
	for _, table := range union(lite.Columns, pg.Columns) {
		l, p := lite.Columns[table], pg.Columns[table]
		switch {
		case l == nil:
			t.Errorf("table %s only on postgres", table)
		case p == nil:
			t.Errorf("table %s only on sqlite", table)
		default:
			for _, col := range union(l, p) {
				if l[col] != p[col] {
					t.Errorf("%s.%s: sqlite %q, postgres %q", table, col, l[col], p[col])
				}
			}
		}
	}
	for _, name := range union(lite.Indexes, pg.Indexes) {
		if l, p := lite.Indexes[name], pg.Indexes[name]; l != p && !slices.Contains(engineIndexes, name) {
			t.Errorf("index %s: sqlite %q, postgres %q", name, l, p)
		}
	}
}

func union[V any](a, b map[string]V) []string {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// The name search is engine-specific by design: FTS5 tables (and their
// shadow tables) on SQLite, trigram indexes on PostgreSQL.
var (
	sqliteOnly = []string{
		"entity_grams", "entity_grams_config", "entity_grams_data", "entity_grams_docsize", "entity_grams_idx",
		"entity_names", "entity_names_config", "entity_names_data", "entity_names_docsize", "entity_names_idx",
		"query_generation", // PostgreSQL notifies instead (migration 0080)
	}
	// PostgreSQL's two-character grams, one row per gram and entity
	// (migration 0100).
	postgresOnly  = []string{"entity_name_grams"}
	engineIndexes = []string{"entities_unit_name_grams", "entities_unit_name_trgm"}
)

package store

import (
	"context"
	"strings"
)

// Schema describes the tables and indexes of a store, in names and loose
// types, so the two engines' migrations can be compared.
type Schema struct {
	// Columns maps each table to its columns and their loose types
	// ("integer", "text", "real").
	Columns map[string]map[string]string
	// Indexes maps each index that a migration names to "table(col, …)".
	// Indexes an engine makes by itself (primary keys, UNIQUE
	// constraints) are left out.
	Indexes map[string]string
}

// Schema reads the store's schema from the engine's catalogue.
func (db *DB) Schema(ctx context.Context) (*Schema, error) {
	s := &Schema{Columns: map[string]map[string]string{}, Indexes: map[string]string{}}
	rows, err := db.read.QueryContext(ctx, db.dialect.columnsQuery())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, col, typ string
		if err := rows.Scan(&table, &col, &typ); err != nil {
			return nil, err
		}
		if s.Columns[table] == nil {
			s.Columns[table] = map[string]string{}
		}
		s.Columns[table][col] = looseType(typ)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	irows, err := db.read.QueryContext(ctx, db.dialect.indexesQuery())
	if err != nil {
		return nil, err
	}
	defer irows.Close()
	for irows.Next() {
		var name, table, cols string
		if err := irows.Scan(&name, &table, &cols); err != nil {
			return nil, err
		}
		s.Indexes[name] = table + "(" + strings.ReplaceAll(cols, `"`, "") + ")"
	}
	return s, irows.Err()
}

// looseType folds an engine's column type into integer, text or real.
func looseType(t string) string {
	t = strings.ToLower(t)
	switch {
	case strings.Contains(t, "int"), strings.Contains(t, "serial"), t == "boolean":
		return "integer"
	case strings.Contains(t, "char"), strings.Contains(t, "text"), strings.Contains(t, "clob"):
		return "text"
	case strings.Contains(t, "real"), strings.Contains(t, "double"), strings.Contains(t, "float"), strings.Contains(t, "numeric"):
		return "real"
	}
	return t
}

package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of the read pool. The public query
// runs a handful of statement shapes millions of times; preparing each once
// (database/sql re-prepares it per connection as needed) saves SQLite's
// parser and PostgreSQL's planner a round on every request.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// prepared returns the read statement for query (written with ?).
func (db *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	c := &db.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st, nil
	}
	st, err := db.read.PrepareContext(ctx, db.dialect.rebind(query))
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

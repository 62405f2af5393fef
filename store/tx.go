package store

import (
	"context"
	"database/sql"
)

// querier is what both the read pool (*sql.DB) and a transaction (*sql.Tx)
// offer: a store may represent a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// reader holds the queries that read. DB and Tx both embed it, so each read
// is written once and answers from the read pool (db.FindAccountByLogin) or
// inside a transaction, seeing its writes (tx.FindAccountByLogin).
type reader struct {
	q querier
	d dialect
}

// queryRow runs a query written with ? placeholders.
func (r reader) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return r.q.QueryRowContext(ctx, r.d.rebind(query), args...)
}

func (r reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.q.QueryContext(ctx, r.d.rebind(query), args...)
}

// InTxRefusal runs f in one write transaction for a step that may refuse
// the request and still have to keep what it wrote (a counted failure, an
// audit record): f returns the refusal the caller sees and the error that
// aborts. When err is nil the transaction commits, refusal or not, and the
// refusal is returned; when err is set nothing is kept and err is returned.
func (db *DB) InTxRefusal(ctx context.Context, f func(tx *Tx) (refusal, err error)) error {
	var refusal error
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		refusal, err = f(tx)
		return err
	})
	if err != nil {
		return err
	}
	return refusal
}

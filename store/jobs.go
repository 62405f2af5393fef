package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
)

// DefaultMaxAttempts bounds the attempts of a job enqueued without its own
// bound.
const DefaultMaxAttempts = 12

// EnqueueJob adds j in tx unless a job with its key exists; it reports
// whether it added one. A zero RunAt means now; a RunAt in the future makes
// a timer, claimed once it is due. A zero MaxAttempts means
// DefaultMaxAttempts.
func (tx *Tx) EnqueueJob(ctx context.Context, j *beian.Job) (bool, error) {
	if j.RunAt.IsZero() {
		j.RunAt = tx.now
	}
	if j.MaxAttempts <= 0 {
		j.MaxAttempts = DefaultMaxAttempts
	}
	res, err := tx.exec(ctx, `INSERT INTO jobs (kind, key, payload, state, max_attempts, run_at, created_at, updated_at)
		VALUES (?, ?, ?, 'available', ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		j.Kind, j.Key, j.Payload, j.MaxAttempts, j.RunAt.Unix(), tx.now.Unix(), tx.now.Unix())
	if err != nil {
		return false, fmt.Errorf("enqueue job: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ClaimJobs takes up to n due jobs of the given kinds (any kind when none is
// given) for lease: available ones whose time has come, and running ones
// whose lease ran out (their worker died). Each claim counts as an attempt,
// and the attempt count fences a worker whose lease was taken over. On
// PostgreSQL concurrent workers skip each other's rows; SQLite has one
// writer, which serialises claims.
func (db *DB) ClaimJobs(ctx context.Context, n int, lease time.Duration, kinds ...string) ([]*beian.Job, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := tx.now.Unix()
	args := []any{tx.now.Add(lease).Unix(), now, now, now}
	byKind := ""
	if len(kinds) > 0 {
		byKind = ` AND kind IN (?` + strings.Repeat(`, ?`, len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	rows, err := tx.query(ctx, `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = ?, updated_at = ?
		WHERE id IN (SELECT id FROM jobs
			WHERE ((state = 'available' AND run_at <= ?) OR (state = 'running' AND lease_until <= ?))`+byKind+`
			ORDER BY run_at, id LIMIT ?`+db.dialect.skipLocked()+`)
		RETURNING id, kind, key, payload, attempts, max_attempts, run_at, last_error`,
		append(args, n)...)
	if err != nil {
		return nil, fmt.Errorf("claim jobs: %w", err)
	}
	var jobs []*beian.Job
	for rows.Next() {
		var (
			j     beian.Job
			runAt int64
		)
		if err := rows.Scan(&j.ID, &j.Kind, &j.Key, &j.Payload, &j.Attempts, &j.MaxAttempts, &runAt, &j.LastError); err != nil {
			rows.Close()
			return nil, err
		}
		j.RunAt = unixTime(runAt)
		jobs = append(jobs, &j)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return jobs, tx.Commit()
}

// FinishJob records the outcome of the attempt j.Attempts: done when err is
// nil; dead when dead is set or attempts are used up; otherwise available
// again at retryAt. It reports whether the attempt still held the job: one
// whose lease was taken over by another worker (its attempt count moved on)
// is left alone, fenced by the attempt count, and the caller must write
// nothing else about it either.
func (tx *Tx) FinishJob(ctx context.Context, j *beian.Job, err error, dead bool, retryAt time.Time) (bool, error) {
	state, msg, runAt := "done", "", j.RunAt.Unix()
	if err != nil {
		msg = err.Error()
		if dead || j.Attempts >= j.MaxAttempts {
			state = "dead"
		} else {
			state, runAt = "available", retryAt.Unix()
		}
	}
	res, xerr := tx.exec(ctx, `UPDATE jobs SET state = ?, run_at = ?, last_error = ?, lease_until = 0, updated_at = ?
		WHERE id = ? AND attempts = ? AND state = 'running'`, state, runAt, msg, tx.now.Unix(), j.ID, j.Attempts)
	if xerr != nil {
		return false, xerr
	}
	n, xerr := res.RowsAffected()
	return n == 1, xerr
}

// JobCounts returns the number of jobs in each state.
func (db *DB) JobCounts(ctx context.Context) (map[string]int, error) {
	return db.countBy(ctx, `SELECT state, COUNT(*) FROM jobs GROUP BY state`)
}

// JobCountsByKind returns the number of jobs by kind and state, for
// metrics: map[kind][state].
func (db *DB) JobCountsByKind(ctx context.Context) (map[string]map[string]int, error) {
	return db.countByPair(ctx, `SELECT kind, state, COUNT(*) FROM jobs GROUP BY kind, state`)
}

func (db *DB) countBy(ctx context.Context, query string) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]int{}
	for rows.Next() {
		var (
			k string
			n int
		)
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		m[k] = n
	}
	return m, rows.Err()
}

// countByPair runs a query of two keys and a count, into map[key1][key2].
func (db *DB) countByPair(ctx context.Context, query string) (map[string]map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var (
			k1, k2 string
			n      int
		)
		if err := rows.Scan(&k1, &k2, &n); err != nil {
			return nil, err
		}
		if out[k1] == nil {
			out[k1] = map[string]int{}
		}
		out[k1][k2] = n
	}
	return out, rows.Err()
}

// InTx runs f in one write transaction, committing when f returns nil.
func (db *DB) InTx(ctx context.Context, f func(tx *Tx) error) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	return db.conflict(tx.Commit())
}

// Now returns the time the transaction started; every row it writes uses it.
func (tx *Tx) Now() time.Time { return tx.now }

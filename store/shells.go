package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Shell is a live service no provider serves (空壳网站) or a live entity
// none of whose live services a provider serves (空壳主体).
type Shell struct {
	Kind     string // "service" or "entity"
	TargetID int64
	EntityID int64
	Licence  string
	Province string
}

// FindShells returns up to limit shells of kind ("service" or "entity")
// with ids above after, in id order: the scan walks the record in batches.
func (r reader) FindShells(ctx context.Context, kind string, after int64, limit int) ([]Shell, error) {
	var q string
	switch kind {
	case "service":
		q = `SELECT s.id, e.id, s.service_licence, e.province FROM services s JOIN entities e ON e.id = s.entity_id
			WHERE s.id > ? AND s.cancelled = 0 AND e.cancelled = 0
			AND NOT EXISTS (SELECT 1 FROM access_records a WHERE a.service_id = s.id) ORDER BY s.id LIMIT ?`
	case "entity":
		q = `SELECT e.id, e.id, e.main_licence, e.province FROM entities e WHERE e.id > ? AND e.cancelled = 0
			AND NOT EXISTS (SELECT 1 FROM services s JOIN access_records a ON a.service_id = s.id
				WHERE s.entity_id = e.id AND s.cancelled = 0) ORDER BY e.id LIMIT ?`
	default:
		return nil, fmt.Errorf("shell kind %q", kind)
	}
	rows, err := r.query(ctx, q, after, limit)
	if err != nil {
		return nil, fmt.Errorf("find shells: %w", err)
	}
	defer rows.Close()
	var out []Shell
	for rows.Next() {
		s := Shell{Kind: kind}
		if err := rows.Scan(&s.TargetID, &s.EntityID, &s.Licence, &s.Province); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ShellCase is a shell the scan found, as the bureau's queue shows it.
type ShellCase struct {
	ID         int64
	Shell      Shell
	Status     string // found, proposed, confirmed, dismissed, resolved
	FoundAt    time.Time
	ProposedAt time.Time
	DecidedAt  time.Time
	Note       string
}

// OpenShellCase records s as found at tx's time unless a case is open for
// it already. A case the bureau dismissed holds s back until the grace
// period has run once more since the dismissal (dismissed at or before
// regrace): then a case opens again, found at the dismissal, so that the
// scan proposes it at once. It reports whether a case opened, and whether
// it was such a return (whose principals and providers were told before).
func (tx *Tx) OpenShellCase(ctx context.Context, s Shell, regrace time.Time) (opened, again bool, err error) {
	var (
		status  string
		decided int64
	)
	err = tx.queryRow(ctx, `SELECT status, decided_at FROM shell_cases WHERE kind = ? AND target_id = ? ORDER BY id DESC LIMIT 1`,
		s.Kind, s.TargetID).Scan(&status, &decided)
	switch {
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return false, false, err
	case status == "found" || status == "proposed":
		return false, false, nil
	case status == "dismissed" && decided > regrace.Unix():
		return false, false, nil
	}
	found, note := tx.now.Unix(), ""
	if status == "dismissed" {
		found, note, again = decided, "管局驳回后宽限期再次届满，仍为空壳", true
	}
	_, err = tx.exec(ctx, `INSERT INTO shell_cases (kind, target_id, entity_id, licence, province, status, found_at, note)
		VALUES (?, ?, ?, ?, ?, 'found', ?, ?)`, s.Kind, s.TargetID, s.EntityID, s.Licence, s.Province, found, note)
	return err == nil, again && err == nil, err
}

// ProposeShellCases moves the cases found at or before cutoff into the
// bureau's queue and reports how many moved.
func (tx *Tx) ProposeShellCases(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := tx.exec(ctx, `UPDATE shell_cases SET status = 'proposed', proposed_at = ? WHERE status = 'found' AND found_at <= ?`,
		tx.now.Unix(), cutoff.Unix())
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// ResolveShellCases closes the open cases whose target is no longer a
// shell (a provider serves it again, or it was cancelled) and reports how
// many it closed.
func (tx *Tx) ResolveShellCases(ctx context.Context) (int, error) {
	res, err := tx.exec(ctx, `UPDATE shell_cases SET status = 'resolved', decided_at = ? WHERE status IN ('found', 'proposed') AND (
		(kind = 'service' AND NOT EXISTS (SELECT 1 FROM services s JOIN entities e ON e.id = s.entity_id WHERE s.id = shell_cases.target_id
			AND s.cancelled = 0 AND e.cancelled = 0 AND NOT EXISTS (SELECT 1 FROM access_records a WHERE a.service_id = s.id)))
		OR (kind = 'entity' AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = shell_cases.target_id AND e.cancelled = 0
			AND NOT EXISTS (SELECT 1 FROM services s JOIN access_records a ON a.service_id = s.id WHERE s.entity_id = e.id AND s.cancelled = 0))))`,
		tx.now.Unix())
	if err != nil {
		return 0, fmt.Errorf("resolve shells: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

const shellCaseSelect = `SELECT id, kind, target_id, entity_id, licence, province, status, found_at, proposed_at, decided_at, note FROM shell_cases`

// FindShellCases lists the cases of status in provinces (nil: all), oldest
// first, at most 500.
func (r reader) FindShellCases(ctx context.Context, status string, provinces []string) ([]ShellCase, error) {
	q, args := shellCaseSelect+` WHERE status = ?`, []any{status}
	if provinces != nil {
		if len(provinces) == 0 {
			return nil, nil
		}
		q += ` AND province IN (?` + strings.Repeat(", ?", len(provinces)-1) + `)`
		for _, p := range provinces {
			args = append(args, p)
		}
	}
	return r.scanShellCases(ctx, q+` ORDER BY id LIMIT 500`, args...)
}

// LockShellCase returns case id, held until tx ends. Returns ENOTFOUND.
func (tx *Tx) LockShellCase(ctx context.Context, id int64) (*ShellCase, error) {
	list, err := tx.scanShellCases(ctx, shellCaseSelect+` WHERE id = ?`+tx.db.dialect.forUpdate(), id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("空壳清理记录")
	}
	return &list[0], nil
}

// DecideShellCase records the bureau's decision on case id: confirmed or
// dismissed, by account by, with a note.
func (tx *Tx) DecideShellCase(ctx context.Context, id int64, status string, by int64, note string) error {
	_, err := tx.exec(ctx, `UPDATE shell_cases SET status = ?, decided_at = ?, decided_by = ?, note = ? WHERE id = ?`,
		status, tx.now.Unix(), by, note, id)
	return err
}

func (r reader) scanShellCases(ctx context.Context, q string, args ...any) ([]ShellCase, error) {
	rows, err := r.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("shell cases: %w", err)
	}
	defer rows.Close()
	var out []ShellCase
	for rows.Next() {
		var (
			c                        ShellCase
			found, proposed, decided int64
		)
		if err := rows.Scan(&c.ID, &c.Shell.Kind, &c.Shell.TargetID, &c.Shell.EntityID, &c.Shell.Licence, &c.Shell.Province, &c.Status,
			&found, &proposed, &decided, &c.Note); err != nil {
			return nil, err
		}
		c.FoundAt, c.ProposedAt, c.DecidedAt = unixTime(found), timeOrNone(proposed), timeOrNone(decided)
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetLimitAccess marks the live service numbered licence 限制接入 (on) or
// lifts the mark. Returns ENOTFOUND.
func (tx *Tx) SetLimitAccess(ctx context.Context, licence string, on bool) error {
	res, err := tx.exec(ctx, `UPDATE services SET limit_access = ? WHERE service_licence = ? AND cancelled = 0`, flag(on), licence)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("服务备案号")
	}
	return nil
}

// LimitedService is a service marked 限制接入 that a provider serves.
type LimitedService struct {
	Licence, ServiceName, UnitName, Province string
	Domain                                   string // its first domain, "" for an App
}

// FindLimitedServices lists the live services marked 限制接入 that
// provider serves, by number.
func (r reader) FindLimitedServices(ctx context.Context, provider string) ([]LimitedService, error) {
	rows, err := r.query(ctx, `SELECT s.service_licence, s.service_name, e.unit_name, e.province,
		COALESCE((SELECT d.domain FROM domains d WHERE d.service_id = s.id ORDER BY d.position LIMIT 1), '')
		FROM services s JOIN entities e ON e.id = s.entity_id
		WHERE s.limit_access = 1 AND s.cancelled = 0 AND e.cancelled = 0
		AND EXISTS (SELECT 1 FROM access_records a WHERE a.service_id = s.id AND a.provider = ?)
		ORDER BY s.service_licence LIMIT 1000`, provider)
	if err != nil {
		return nil, fmt.Errorf("limited services: %w", err)
	}
	defer rows.Close()
	var out []LimitedService
	for rows.Next() {
		var l LimitedService
		if err := rows.Scan(&l.Licence, &l.ServiceName, &l.UnitName, &l.Province, &l.Domain); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

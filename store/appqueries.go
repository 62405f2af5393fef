package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
)

// inFlight is the SQL condition of an application still in flight: every
// status but approved, bureau_rejected and abandoned, drafts included.
const inFlight = `status NOT IN ('approved', 'bureau_rejected', 'abandoned')`

// FindApplications returns one page of the applications f selects and how
// many it selects in all.
func (r reader) FindApplications(ctx context.Context, f beian.ApplicationFilter) ([]beian.ApplicationSummary, int, error) {
	var (
		where []string
		args  []any
	)
	if f.AccountID != 0 {
		where, args = append(where, "account_id = ?"), append(args, f.AccountID)
	}
	if f.Provider != "" {
		where, args = append(where, "provider = ?"), append(args, f.Provider)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := r.queryRow(ctx, `SELECT COUNT(*) FROM applications`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count applications: %w", err)
	}
	order := " ORDER BY id DESC"
	switch {
	case f.ByDeadline && f.Status != "":
		// One status: the (provider, status, deadline, id) index gives the
		// order without a sort.
		order = " ORDER BY deadline, id"
	case f.ByDeadline:
		// Applications without a deadline (drafts, decided ones) go last.
		order = " ORDER BY deadline = 0, deadline, id"
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	rows, err := r.query(ctx, `SELECT id, status, unit_name, filing_type, provider, submitted_at, deadline, updated_at FROM applications`+
		cond+order+` LIMIT ? OFFSET ?`, append(args, limit, max(0, f.Offset))...)
	if err != nil {
		return nil, 0, fmt.Errorf("find applications: %w", err)
	}
	defer rows.Close()
	var out []beian.ApplicationSummary
	for rows.Next() {
		var (
			s                           beian.ApplicationSummary
			submitted, deadline, update int64
		)
		if err := rows.Scan(&s.ID, &s.Status, &s.UnitName, &s.FilingType, &s.Provider, &submitted, &deadline, &update); err != nil {
			return nil, 0, err
		}
		s.SubmittedAt, s.Deadline, s.UpdatedAt = timeOrNone(submitted), timeOrNone(deadline), unixTime(update)
		out = append(out, s)
	}
	return out, total, rows.Err()
}

// InFlightOfAccount lists the applications of an account still in flight
// (for the one-order-per-account rule), without their events.
func (r reader) InFlightOfAccount(ctx context.Context, accountID int64) ([]*beian.Application, error) {
	rows, err := r.query(ctx, applicationSelect+` WHERE account_id = ? AND `+inFlight+` ORDER BY id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*beian.Application
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// EntityInFlight reports whether an application other than exclude is in
// flight for the entity with certificate certNo, at any provider.
func (r reader) EntityInFlight(ctx context.Context, certNo string, exclude int64) (bool, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM applications WHERE cert_no = ? AND id <> ? AND `+inFlight, certNo, exclude).Scan(&n)
	return n > 0, err
}

// EntityInFlightID returns the id of an application other than exclude in
// flight for the entity with certificate certNo (0 when there is none).
func (r reader) EntityInFlightID(ctx context.Context, certNo string, exclude int64) (int64, error) {
	var id int64
	err := r.queryRow(ctx, `SELECT COALESCE(MIN(id), 0) FROM applications WHERE cert_no = ? AND id <> ? AND `+inFlight, certNo, exclude).Scan(&id)
	return id, err
}

// DomainInFlightElsewhere reports whether domain is in an in-flight
// application of another entity (a certificate other than certNo), other
// than exclude.
func (r reader) DomainInFlightElsewhere(ctx context.Context, domain, certNo string, exclude int64) (bool, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM application_domains d JOIN applications a ON a.id = d.application_id
		WHERE d.domain = ? AND a.id <> ? AND a.cert_no <> ? AND a.`+inFlight, domain, exclude, certNo).Scan(&n)
	return n > 0, err
}

// LiveEntityByCert returns the main number of the live entity with
// certificate certNo, or "" when there is none.
func (r reader) LiveEntityByCert(ctx context.Context, certNo string) (string, error) {
	var licence string
	err := r.queryRow(ctx, `SELECT main_licence FROM entities WHERE cert_no = ? AND cancelled = 0`, certNo).Scan(&licence)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return licence, err
}

// DomainOwner is who holds a domain in the national record.
type DomainOwner struct {
	CertNo    string
	Licence   string   // the service's number
	Providers []string // the providers of its access records
}

// FindDomainOwner returns who holds domain through a live service, or nil.
func (r reader) FindDomainOwner(ctx context.Context, domain string) (*DomainOwner, error) {
	var (
		o         DomainOwner
		serviceID int64
	)
	err := r.queryRow(ctx, `SELECT e.cert_no, s.service_licence, s.id FROM domains d JOIN services s ON s.id = d.service_id
		JOIN entities e ON e.id = s.entity_id WHERE d.domain = ? AND s.cancelled = 0 AND e.cancelled = 0`, domain).
		Scan(&o.CertNo, &o.Licence, &serviceID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("domain owner: %w", err)
	}
	rows, err := r.query(ctx, `SELECT provider FROM access_records WHERE service_id = ? ORDER BY position`, serviceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		o.Providers = append(o.Providers, p)
	}
	return &o, rows.Err()
}

// CountOverdue counts applications in a review step past its deadline at
// now, for /metrics.
func (r reader) CountOverdue(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM applications WHERE status IN ('initial_review', 'bureau_review') AND deadline > 0 AND deadline < ?`, now.Unix()).Scan(&n)
	return n, err
}

// CountLiveWebsites counts the live websites the national record holds for
// the live entity with certificate certNo (for the per-province caps).
func (r reader) CountLiveWebsites(ctx context.Context, certNo string) (int, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM services s JOIN entities e ON e.id = s.entity_id
		WHERE e.cert_no = ? AND e.cancelled = 0 AND s.cancelled = 0 AND s.service_type = 1`, certNo).Scan(&n)
	return n, err
}

// LockAccount holds the account's row until tx ends, so that two requests
// of one account (one order in flight) take turns. SQLite's transaction
// holds the write lock already.
func (tx *Tx) LockAccount(ctx context.Context, id int64) error {
	var got int64
	return tx.queryRow(ctx, `SELECT id FROM accounts WHERE id = ?`+tx.db.dialect.forUpdate(), id).Scan(&got)
}

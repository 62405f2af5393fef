package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
)

// filingDoc is what the doc column of a filing holds.
type filingDoc struct {
	Record    *beian.ApplicationRecord `json:"record"`
	Cancel    *beian.Cancellation      `json:"cancel,omitempty"`
	Access    [][]beian.Access         `json:"access"`
	Materials []beian.MaterialRef      `json:"materials"`
	Remote    bool                     `json:"remote,omitempty"`
}

const filingSelect = `SELECT id, provider, application_id, version, filing_type, province, status, doc,
	submitted_at, accepted_at, sms_deadline, deadline, wrong_attempts, main_licence, service_licences, rejections, updated_at
	FROM filings`

// InsertFiling records a filing the registry accepts, with its domains and
// its first event, and sets f.ID.
func (tx *Tx) InsertFiling(ctx context.Context, f *beian.RegistryFiling) error {
	doc, err := json.Marshal(filingDoc{Record: f.Record, Cancel: f.Cancel, Access: f.Access, Materials: f.Materials, Remote: f.Remote})
	if err != nil {
		return err
	}
	unitName, certNo := f.Subject()
	err = tx.queryRow(ctx, `INSERT INTO filings (provider, application_id, version, filing_type, province, unit_name, cert_no,
		status, doc, submitted_at, accepted_at, sms_deadline, deadline, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.Provider, f.ApplicationID, f.Version, string(f.FilingType), f.Province, unitName, certNo, string(f.Status), string(doc),
		f.SubmittedAt.Unix(), f.AcceptedAt.Unix(), unixOrZero(f.SMSDeadline), unixOrZero(f.Deadline), tx.now.Unix()).Scan(&f.ID)
	if err != nil {
		return fmt.Errorf("insert filing: %w", err)
	}
	seen := map[string]bool{}
	if f.Record != nil {
		for _, s := range f.Record.Entity.Services {
			for _, d := range s.Domains {
				if seen[d] {
					continue
				}
				seen[d] = true
				if _, err := tx.exec(ctx, `INSERT INTO filing_domains (filing_id, domain) VALUES (?, ?)`, f.ID, d); err != nil {
					return err
				}
			}
		}
	}
	for _, e := range f.Events {
		if err := tx.AddFilingEvent(ctx, f.ID, e, ""); err != nil {
			return err
		}
	}
	return nil
}

// AddFilingEvent appends a history event of a filing.
func (tx *Tx) AddFilingEvent(ctx context.Context, filingID int64, e beian.Event, actor string) error {
	_, err := tx.exec(ctx, `INSERT INTO filing_events (filing_id, at, status, note, actor) VALUES (?, ?, ?, ?, ?)`,
		filingID, e.At.Unix(), string(e.Status), e.Note, actor)
	return err
}

// SaveFiling writes what a transition changes: the status, the deadlines,
// the wrong attempts, the numbers and the rejections.
func (tx *Tx) SaveFiling(ctx context.Context, f *beian.RegistryFiling) error {
	rej, err := json.Marshal(f.Rejections)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE filings SET status = ?, sms_deadline = ?, deadline = ?, wrong_attempts = ?,
		main_licence = ?, service_licences = ?, rejections = ?, updated_at = ? WHERE id = ?`,
		string(f.Status), unixOrZero(f.SMSDeadline), unixOrZero(f.Deadline), f.WrongAttempts,
		f.MainLicence, strings.Join(f.ServiceLicences, " "), string(rej), tx.now.Unix(), f.ID)
	return err
}

// FindFiling returns a filing with its history. Returns ENOTFOUND.
func (r reader) FindFiling(ctx context.Context, id int64) (*beian.RegistryFiling, error) {
	return r.findFiling(ctx, filingSelect+` WHERE id = ?`, id)
}

// LockFiling reads a filing for a transition, holding its row until the
// transaction ends (SQLite's write lock already does). Returns ENOTFOUND.
func (tx *Tx) LockFiling(ctx context.Context, id int64) (*beian.RegistryFiling, error) {
	return tx.findFiling(ctx, filingSelect+` WHERE id = ?`+tx.db.dialect.forUpdate(), id)
}

func (r reader) findFiling(ctx context.Context, query string, id int64) (*beian.RegistryFiling, error) {
	f, err := scanFiling(r.queryRow(ctx, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("备案")
	} else if err != nil {
		return nil, fmt.Errorf("find filing: %w", err)
	}
	if f.Events, err = r.filingEvents(ctx, f.ID); err != nil {
		return nil, err
	}
	return f, nil
}

func scanFiling(row interface{ Scan(...any) error }) (*beian.RegistryFiling, error) {
	var (
		f                                               beian.RegistryFiling
		ft, status, doc, licences, rej                  string
		submitted, accepted, smsDeadline, deadline, upd int64
	)
	if err := row.Scan(&f.ID, &f.Provider, &f.ApplicationID, &f.Version, &ft, &f.Province, &status, &doc,
		&submitted, &accepted, &smsDeadline, &deadline, &f.WrongAttempts, &f.MainLicence, &licences, &rej, &upd); err != nil {
		return nil, err
	}
	var d filingDoc
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return nil, fmt.Errorf("filing %d: doc: %w", f.ID, err)
	}
	if rej != "" {
		if err := json.Unmarshal([]byte(rej), &f.Rejections); err != nil {
			return nil, fmt.Errorf("filing %d: rejections: %w", f.ID, err)
		}
	}
	f.FilingType, f.Status = beian.FilingType(ft), beian.ApplicationStatus(status)
	f.Record, f.Cancel, f.Access, f.Materials, f.Remote = d.Record, d.Cancel, d.Access, d.Materials, d.Remote
	f.SubmittedAt, f.AcceptedAt, f.UpdatedAt = unixTime(submitted), unixTime(accepted), unixTime(upd)
	f.SMSDeadline, f.Deadline = unixOrNone(smsDeadline), unixOrNone(deadline)
	f.ServiceLicences = strings.Fields(licences)
	return &f, nil
}

func (r reader) filingEvents(ctx context.Context, id int64) ([]beian.Event, error) {
	rows, err := r.query(ctx, `SELECT at, status, note FROM filing_events WHERE filing_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []beian.Event
	for rows.Next() {
		var (
			e      beian.Event
			at     int64
			status string
		)
		if err := rows.Scan(&at, &status, &e.Note); err != nil {
			return nil, err
		}
		e.At, e.Status = unixTime(at), beian.ApplicationStatus(status)
		list = append(list, e)
	}
	return list, rows.Err()
}

// inRegistry are the statuses of a filing the registry still works on.
const inRegistry = `('sms_verification', 'bureau_review')`

// FilingInFlight returns the filing an entity (by certificate number) has
// in SMS verification or bureau review, other than one of the provider's
// application exceptApp; nil when there is none.
func (r reader) FilingInFlight(ctx context.Context, certNo, provider string, exceptApp int64) (*beian.RegistryFiling, error) {
	f, err := scanFiling(r.queryRow(ctx, filingSelect+` WHERE cert_no = ? AND status IN `+inRegistry+`
		AND NOT (provider = ? AND application_id = ?) ORDER BY id LIMIT 1`, certNo, provider, exceptApp))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return f, err
}

// FilingOfApplication returns the registry's filing of a provider's
// application still in its hands, or nil.
func (r reader) FilingOfApplication(ctx context.Context, provider string, appID int64) (*beian.RegistryFiling, error) {
	f, err := scanFiling(r.queryRow(ctx, filingSelect+` WHERE provider = ? AND application_id = ? AND status IN `+inRegistry+`
		ORDER BY id DESC LIMIT 1`, provider, appID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return f, err
}

// DomainPendingElsewhere reports whether domain appears in a filing in the
// registry's hands of another entity than certNo.
func (r reader) DomainPendingElsewhere(ctx context.Context, domain, certNo string) (bool, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM filing_domains d JOIN filings f ON f.id = d.filing_id
		WHERE d.domain = ? AND f.cert_no <> ? AND f.status IN `+inRegistry, domain, certNo).Scan(&n)
	return n > 0, err
}

// DomainHolderCert returns the certificate number of the live entity whose
// live service holds domain in the national record, or "".
func (r reader) DomainHolderCert(ctx context.Context, domain string) (string, error) {
	var cert string
	err := r.queryRow(ctx, `SELECT e.cert_no FROM domains d JOIN services s ON s.id = d.service_id
		JOIN entities e ON e.id = s.entity_id WHERE d.domain = ? AND s.cancelled = 0 AND e.cancelled = 0`, domain).Scan(&cert)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return cert, err
}

// LiveLicenceOfCert returns the main number of the live entity with
// certificate certNo, or "".
func (r reader) LiveLicenceOfCert(ctx context.Context, certNo string) (string, error) {
	var l string
	err := r.queryRow(ctx, `SELECT main_licence FROM entities WHERE cert_no = ? AND cancelled = 0`, certNo).Scan(&l)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return l, err
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func unixOrNone(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return unixTime(sec)
}

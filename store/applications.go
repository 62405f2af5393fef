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

// appDoc is the JSON document of an application: what the columns do not
// hold.
type appDoc struct {
	Record         *beian.ApplicationRecord `json:"record,omitempty"`
	Cancel         *beian.Cancellation      `json:"cancel,omitempty"`
	Products       []beian.ProductChoice    `json:"products,omitempty"`
	LegacyPassword string                   `json:"legacyPassword,omitempty"`
	RealPerson     *beian.RealPersonCheck   `json:"realPerson,omitempty"`
	Rejections     []beian.Rejection        `json:"rejections,omitempty"`
}

func docOf(a *beian.Application) (string, error) {
	b, err := json.Marshal(appDoc{Record: a.Record, Cancel: a.Cancel, Products: a.Products, LegacyPassword: a.LegacyPassword,
		RealPerson: a.RealPerson, Rejections: a.Rejections})
	return string(b), err
}

// appColumns are the indexed facts of a: who, where, which entity.
func appColumns(a *beian.Application) (province, unitName, certNo string) {
	if a.Record != nil {
		e := &a.Record.Entity
		return e.Province, e.UnitName, e.CertNo
	}
	if c := a.Cancel; c != nil {
		return c.Province, c.UnitName, c.CertNo
	}
	return "", "", ""
}

// InsertApplication adds a with its first event; ips are the product IPs of
// its services by index (for the services-per-IP count).
func (tx *Tx) InsertApplication(ctx context.Context, a *beian.Application, ips map[int]string) error {
	doc, err := docOf(a)
	if err != nil {
		return err
	}
	province, unit, cert := appColumns(a)
	a.CreatedAt, a.UpdatedAt = tx.now, tx.now
	err = tx.queryRow(ctx, `INSERT INTO applications (account_id, provider, province, filing_type, status, unit_name, cert_no, doc,
		version, deadline, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.AccountID, a.Provider, province, a.FilingType, a.Status, unit, cert, doc, a.Version, timeOrZero(a.Deadline),
		tx.now.Unix(), tx.now.Unix()).Scan(&a.ID)
	if err != nil {
		if c := tx.db.conflict(err); c != err {
			return c
		}
		return fmt.Errorf("insert application: %w", err)
	}
	return tx.indexApplication(ctx, a, ips)
}

// SaveApplication writes a's columns and document back; ips replace the
// services' product IPs (nil keeps them).
func (tx *Tx) SaveApplication(ctx context.Context, a *beian.Application, ips map[int]string) error {
	doc, err := docOf(a)
	if err != nil {
		return err
	}
	province, unit, cert := appColumns(a)
	a.UpdatedAt = tx.now
	_, err = tx.exec(ctx, `UPDATE applications SET provider = ?, province = ?, filing_type = ?, status = ?, unit_name = ?, cert_no = ?,
		doc = ?, version = ?, deadline = ?, main_licence = ?, service_licences = ?, updated_at = ?, submitted_at = ? WHERE id = ?`,
		a.Provider, province, a.FilingType, a.Status, unit, cert, doc, a.Version, timeOrZero(a.Deadline), a.MainLicence,
		strings.Join(a.ServiceLicences, " "), tx.now.Unix(), timeOrZero(a.SubmittedAt), a.ID)
	if err != nil {
		if c := tx.db.conflict(err); c != err {
			return c
		}
		return fmt.Errorf("save application: %w", err)
	}
	if ips == nil {
		return nil
	}
	for _, table := range []string{"application_domains", "application_ips"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE application_id = ?`, a.ID); err != nil {
			return err
		}
	}
	return tx.indexApplication(ctx, a, ips)
}

func (tx *Tx) indexApplication(ctx context.Context, a *beian.Application, ips map[int]string) error {
	seen := map[string]bool{}
	if a.Record != nil {
		for _, s := range a.Record.Entity.Services {
			for _, d := range s.Domains {
				if seen[d] {
					continue
				}
				seen[d] = true
				if _, err := tx.exec(ctx, `INSERT INTO application_domains (application_id, domain) VALUES (?, ?)`, a.ID, d); err != nil {
					return fmt.Errorf("index domain: %w", err)
				}
			}
		}
	}
	for i, ip := range ips {
		if _, err := tx.exec(ctx, `INSERT INTO application_ips (application_id, service, ip) VALUES (?, ?, ?)`, a.ID, i, ip); err != nil {
			return fmt.Errorf("index ip: %w", err)
		}
	}
	return nil
}

// AddEvent records a step of an application's history by actor (0: the
// system).
func (tx *Tx) AddEvent(ctx context.Context, applicationID int64, e beian.Event, actorID int64) error {
	_, err := tx.exec(ctx, `INSERT INTO application_events (application_id, at, status, note, actor_id) VALUES (?, ?, ?, ?, ?)`,
		applicationID, e.At.Unix(), e.Status, e.Note, actorID)
	return err
}

// InsertVersion freezes record as version n of an application. A version
// is written once: writing it again is an error.
func (tx *Tx) InsertVersion(ctx context.Context, applicationID int64, n int, record *beian.ApplicationRecord) error {
	b, err := json.Marshal(record)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO application_versions (application_id, number, record, created_at) VALUES (?, ?, ?, ?)`,
		applicationID, n, string(b), tx.now.Unix())
	return err
}

// InsertRejections keeps the reasons a reviewer gave to version n.
func (tx *Tx) InsertRejections(ctx context.Context, applicationID int64, n int, rs []beian.Rejection, reviewerID int64) error {
	for i, r := range rs {
		if _, err := tx.exec(ctx, `INSERT INTO application_rejections (application_id, version, position, field, reason, reviewer_id, at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, applicationID, n, i, r.Field, r.Reason, reviewerID, tx.now.Unix()); err != nil {
			return err
		}
	}
	return nil
}

const applicationSelect = `SELECT id, account_id, provider, filing_type, status, doc, version, deadline, main_licence,
	service_licences, created_at, updated_at, submitted_at FROM applications`

func scanApplication(row interface{ Scan(...any) error }) (*beian.Application, error) {
	var (
		a                                     beian.Application
		doc, numbers                          string
		deadline, created, updated, submitted int64
	)
	if err := row.Scan(&a.ID, &a.AccountID, &a.Provider, &a.FilingType, &a.Status, &doc, &a.Version, &deadline,
		&a.MainLicence, &numbers, &created, &updated, &submitted); err != nil {
		return nil, err
	}
	var d appDoc
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return nil, fmt.Errorf("application %d: %w", a.ID, err)
	}
	a.Record, a.Cancel, a.Products, a.LegacyPassword = d.Record, d.Cancel, d.Products, d.LegacyPassword
	a.RealPerson, a.Rejections = d.RealPerson, d.Rejections
	a.ServiceLicences = strings.Fields(numbers)
	a.Deadline, a.SubmittedAt = timeOrNone(deadline), timeOrNone(submitted)
	a.CreatedAt, a.UpdatedAt = unixTime(created), unixTime(updated)
	return &a, nil
}

func timeOrNone(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return unixTime(sec)
}

// FindApplication returns an application with its events. Returns ENOTFOUND.
func (r reader) FindApplication(ctx context.Context, id int64) (*beian.Application, error) {
	return r.findApplication(ctx, applicationSelect+` WHERE id = ?`, id)
}

// LockApplication is FindApplication that also locks the row until tx ends
// (on SQLite the transaction holds the write lock already).
func (tx *Tx) LockApplication(ctx context.Context, id int64) (*beian.Application, error) {
	return tx.findApplication(ctx, applicationSelect+` WHERE id = ?`+tx.db.dialect.forUpdate(), id)
}

func (r reader) findApplication(ctx context.Context, query string, id int64) (*beian.Application, error) {
	a, err := scanApplication(r.queryRow(ctx, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("备案申请")
	} else if err != nil {
		return nil, err
	}
	rows, err := r.query(ctx, `SELECT at, status, note FROM application_events WHERE application_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			e  beian.Event
			at int64
		)
		if err := rows.Scan(&at, &e.Status, &e.Note); err != nil {
			return nil, err
		}
		e.At = unixTime(at)
		a.Events = append(a.Events, e)
	}
	return a, rows.Err()
}

// FindVersions returns the submitted versions of an application, oldest
// first.
func (r reader) FindVersions(ctx context.Context, applicationID int64) ([]beian.ApplicationVersion, error) {
	rows, err := r.query(ctx, `SELECT number, record FROM application_versions WHERE application_id = ? ORDER BY number`, applicationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []beian.ApplicationVersion
	for rows.Next() {
		var (
			v   beian.ApplicationVersion
			rec string
		)
		if err := rows.Scan(&v.Number, &rec); err != nil {
			return nil, err
		}
		v.Record = new(beian.ApplicationRecord)
		if err := json.Unmarshal([]byte(rec), v.Record); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

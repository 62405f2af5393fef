package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/beianhq/beian"
)

// LockEntityByLicence returns the entity numbered licence with its services,
// holding its row until tx ends, so that two decisions on one entity take
// turns. Returns ENOTFOUND.
func (tx *Tx) LockEntityByLicence(ctx context.Context, licence string) (*beian.Entity, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM entities WHERE main_licence = ?`+tx.db.dialect.forUpdate(), licence).Scan(&id)
	if err != nil {
		return nil, notFoundOr(err, "备案主体")
	}
	return tx.FindEntityByID(ctx, id)
}

// EntityLicenceOfService returns the main number of the entity that holds
// the service numbered licence. Returns ENOTFOUND.
func (r reader) EntityLicenceOfService(ctx context.Context, licence string) (string, error) {
	var main string
	err := r.queryRow(ctx, `SELECT e.main_licence FROM services s JOIN entities e ON e.id = s.entity_id
		WHERE s.service_licence = ?`, licence).Scan(&main)
	return main, notFoundOr(err, "服务备案号")
}

func notFoundOr(err error, what string) error {
	if err != nil && strings.Contains(err.Error(), "no rows") {
		return notFound(what)
	}
	return err
}

// HistoryRef says which filing made a change.
type HistoryRef struct {
	FilingType    beian.FilingType
	ApplicationID int64 // 0: the bureau on its own authority
}

// oldService is how the history keeps a service as it was.
type oldService struct {
	Name, HomeURL string
	Domains       []string
	Access        []beian.Access
	Principal     *beian.Principal
	ContentTypes  []string
	Cancelled     bool
}

// WriteRecordUpdate writes u, computed from before (the entity as tx read
// it), to the national record: the entity row, each touched service with
// its domains and access records, and the old values in the history. A
// cancelled service gives its domains back (another entity may file them
// later); its number stays taken.
func (tx *Tx) WriteRecordUpdate(ctx context.Context, before *beian.Entity, u *beian.RecordUpdate, ref HistoryRef) error {
	e := u.After
	now := tx.now.Unix()
	if u.EntityWhat != "" {
		old, _ := json.Marshal(struct {
			UnitName, Nature, CertType, CertAddress, Address string
			Principal                                        beian.Principal
		}{before.UnitName, before.Nature, before.CertType, before.CertAddress, before.Address, before.Principal})
		if _, err := tx.exec(ctx, `INSERT INTO entity_history (entity_id, at, filing_type, application_id, what, old)
			VALUES (?, ?, ?, ?, ?, ?)`, e.ID, now, string(ref.FilingType), ref.ApplicationID, u.EntityWhat, string(old)); err != nil {
			return fmt.Errorf("entity history: %w", err)
		}
		if e.UnitName != before.UnitName {
			if err := tx.db.dialect.unindexName(ctx, tx, e.ID, before.UnitName); err != nil {
				return fmt.Errorf("unindex name: %w", err)
			}
		}
		if _, err := tx.exec(ctx, `UPDATE entities SET unit_name = ?, nature = ?, cert_type = ?, cert_address = ?, address = ?,
			principal_name = ?, principal_cert_type = ?, principal_cert_no = ?, principal_mobile = ?, principal_email = ?,
			cancelled = ?, updated_at = ? WHERE id = ?`, e.UnitName, e.Nature, e.CertType, e.CertAddress, e.Address,
			e.Principal.Name, e.Principal.CertType, e.Principal.CertNo, e.Principal.Mobile, e.Principal.Email,
			flag(e.Cancelled), now, e.ID); err != nil {
			return fmt.Errorf("update entity: %w", err)
		}
		if e.UnitName != before.UnitName {
			if err := tx.db.dialect.indexNames(ctx, tx, e.ID, e.ID); err != nil {
				return err
			}
		}
	}
	for i, s := range e.Services {
		what, ok := u.ServiceWhat[s.ID]
		if !ok {
			continue
		}
		if err := tx.writeService(ctx, e.ID, before.Services[i], s, what, ref); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, `UPDATE entities SET updated_at = ? WHERE id = ?`, now, e.ID); err != nil {
		return err
	}
	return nil
}

func (tx *Tx) writeService(ctx context.Context, entityID int64, was, s *beian.Service, what string, ref HistoryRef) error {
	old, _ := json.Marshal(oldService{was.Name, was.HomeURL, was.Domains, was.Access, was.Principal, was.ContentTypes, was.Cancelled})
	if _, err := tx.exec(ctx, `INSERT INTO service_history (service_id, entity_id, at, filing_type, application_id, what, old)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, s.ID, entityID, tx.now.Unix(), string(ref.FilingType), ref.ApplicationID, what, string(old)); err != nil {
		return fmt.Errorf("service history: %w", err)
	}
	var p beian.Principal
	if s.Principal != nil {
		p = *s.Principal
	}
	if _, err := tx.exec(ctx, `UPDATE services SET service_name = ?, home_url = ?, principal_name = ?, principal_cert_type = ?,
		principal_cert_no = ?, principal_mobile = ?, principal_email = ?, content_types = ?, cancelled = ? WHERE id = ?`,
		s.Name, s.HomeURL, p.Name, p.CertType, p.CertNo, p.Mobile, p.Email, strings.Join(s.ContentTypes, "、"),
		flag(s.Cancelled), s.ID); err != nil {
		return fmt.Errorf("update service: %w", err)
	}
	for _, stmt := range []string{`DELETE FROM domains WHERE service_id = ?`, `DELETE FROM access_records WHERE service_id = ?`} {
		if _, err := tx.exec(ctx, stmt, s.ID); err != nil {
			return err
		}
	}
	if s.Cancelled {
		return nil
	}
	for i, d := range s.Domains {
		if _, err := tx.exec(ctx, `INSERT INTO domains (domain, service_id, position) VALUES (?, ?, ?)`, d, s.ID, i); err != nil {
			return tx.db.conflict(err)
		}
	}
	for i, a := range s.Access {
		if _, err := tx.exec(ctx, `INSERT INTO access_records (service_id, position, provider, ips) VALUES (?, ?, ?, ?)`,
			s.ID, i, a.Provider, strings.Join(a.IPs, " ")); err != nil {
			return err
		}
	}
	return nil
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// RecordHistory returns the history of entity id, oldest first: what each
// filing changed of the entity or of one of its services.
func (r reader) RecordHistory(ctx context.Context, entityID int64) ([]beian.HistoryEntry, error) {
	rows, err := r.query(ctx, `SELECT at, filing_type, application_id, '', what, id FROM entity_history WHERE entity_id = ?
		UNION ALL SELECT h.at, h.filing_type, h.application_id, s.service_licence, h.what, h.id FROM service_history h
		JOIN services s ON s.id = h.service_id WHERE h.entity_id = ? ORDER BY 1, 6`, entityID, entityID)
	if err != nil {
		return nil, fmt.Errorf("record history: %w", err)
	}
	defer rows.Close()
	var out []beian.HistoryEntry
	for rows.Next() {
		var (
			h      beian.HistoryEntry
			at, id int64
			ft     string
		)
		if err := rows.Scan(&at, &ft, &h.ApplicationID, &h.ServiceLicence, &h.What, &id); err != nil {
			return nil, err
		}
		h.At, h.FilingType = unixTime(at), beian.FilingType(ft)
		out = append(out, h)
	}
	return out, rows.Err()
}

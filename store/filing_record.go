package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
)

// FileNewEntity writes an approved first filing into the national record
// inside tx: the entity and its services, with a main number allocated from
// the province's gap-free sequence and -n service numbers, so the public
// query finds them when tx commits.
func (tx *Tx) FileNewEntity(ctx context.Context, e *beian.Entity) error {
	in, err := newInserter(ctx, tx)
	if err != nil {
		return err
	}
	if err := in.insert(ctx, tx, []*beian.Entity{e}); err != nil {
		return tx.db.conflict(err)
	}
	return tx.db.conflict(in.finish(ctx, tx))
}

// AddFiledServices adds approved services to the live entity with main
// number licence, numbering them after the highest number the entity ever
// gave (cancelled services included: a number is never reused). It locks
// the entity's row until tx ends and returns the entity with the new
// services numbered. Returns ENOTFOUND when no live entity has licence.
func (tx *Tx) AddFiledServices(ctx context.Context, licence string, svcs []*beian.Service) (*beian.Entity, error) {
	var (
		id   int64
		next int
	)
	// The no-op update takes the row lock on both engines.
	err := tx.queryRow(ctx, `UPDATE entities SET next_service = next_service WHERE main_licence = ? AND cancelled = 0
		RETURNING id, next_service`, licence).Scan(&id, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("备案主体 " + licence)
	} else if err != nil {
		return nil, err
	}
	e, err := tx.FindEntityByID(ctx, id)
	if err != nil {
		return nil, err
	}
	// next_service may be ahead of the numbers on the record: never go
	// back behind either.
	n := max(next, e.NextServiceNumber())
	first := len(e.Services)
	for _, s := range svcs {
		s.Licence = e.MainLicence + "-" + strconv.Itoa(n) + rules.ServiceSuffix(int(s.Type))
		n++
		e.Services = append(e.Services, s)
	}
	ids, err := tx.db.dialect.reserveIDs(ctx, tx, "services", len(svcs))
	if err != nil {
		return nil, err
	}
	for i, s := range e.Services[first:] {
		s.ID, s.EntityID, s.ApprovedAt = ids[i], e.ID, tx.now
		if err := tx.insertService(ctx, s); err != nil {
			return nil, tx.db.conflict(err)
		}
	}
	_, err = tx.exec(ctx, `UPDATE entities SET next_service = ?, updated_at = ? WHERE id = ?`, n, tx.now.Unix(), e.ID)
	return e, err
}

// insertService writes one service with its domains and access records.
func (tx *Tx) insertService(ctx context.Context, s *beian.Service) error {
	var sp beian.Principal
	if s.Principal != nil {
		sp = *s.Principal
	}
	if _, err := tx.exec(ctx, `INSERT INTO services (`+strings.Join(serviceCols, ", ")+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.EntityID, int(s.Type), s.Name, s.Licence, s.HomeURL, sp.Name, sp.CertType, sp.CertNo, sp.Mobile, sp.Email,
		strings.Join(s.ContentTypes, "、"), s.ApprovedAt.Unix(), boolInt(s.LimitAccess)); err != nil {
		return err
	}
	for i, d := range s.Domains {
		if _, err := tx.exec(ctx, `INSERT INTO domains (domain, service_id, position) VALUES (?, ?, ?)`, d, s.ID, i); err != nil {
			return err
		}
	}
	for i, a := range s.Access {
		if err := tx.insertAccess(ctx, s.ID, i, a); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) insertAccess(ctx context.Context, serviceID int64, position int, a beian.Access) error {
	_, err := tx.exec(ctx, `INSERT INTO access_records (service_id, position, provider, ips) VALUES (?, ?, ?, ?)`,
		serviceID, position, a.Provider, strings.Join(a.IPs, " "))
	return err
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/beianhq/beian"
)

// CreateEntity files a new entity with its services in one transaction,
// allocating the main and service numbers it lacks. Returns ECONFLICT when a
// number, domain or live certificate already belongs to another entity.
func (db *DB) CreateEntity(ctx context.Context, e *beian.Entity) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	in, err := newInserter(ctx, tx)
	if err != nil {
		return err
	}
	if err := in.insert(ctx, tx, []*beian.Entity{e}); err != nil {
		return db.conflict(err)
	}
	if err := in.finish(ctx, tx); err != nil {
		return db.conflict(err)
	}
	return db.conflict(tx.Commit())
}

// conflict turns a unique-constraint violation into an ECONFLICT naming what
// was taken; other errors pass through.
func (db *DB) conflict(err error) error {
	what, ok := db.dialect.uniqueViolation(err)
	if !ok {
		return err
	}
	switch {
	case strings.Contains(what, "applications.cert_no") || what == "applications_entity_in_flight":
		return beian.Errorf(beian.ECONFLICT, "%s：该主体已有备案申请正在办理，请先完成或放弃该申请", beian.EntityConflict)
	case strings.Contains(what, "main_licence"):
		return &beian.Error{Code: beian.ECONFLICT, Field: "mainLicence", Message: "mainLicence: 该主体备案号已被使用"}
	case strings.Contains(what, "service_licence") || strings.Contains(what, "services_licence"):
		return &beian.Error{Code: beian.ECONFLICT, Field: "serviceLicence", Message: "serviceLicence: 该服务备案号已被使用"}
	case strings.Contains(what, "cert_no"):
		return &beian.Error{Code: beian.ECONFLICT, Field: "certNo", Message: "certNo: 该证件号码已有备案主体"}
	case strings.Contains(what, "domain"):
		return &beian.Error{Code: beian.ECONFLICT, Field: "domains", Message: "domains: 域名已被其他网站备案"}
	}
	return beian.Errorf(beian.ECONFLICT, "记录已存在（%s）", what)
}

const entitySelect = `SELECT id, unit_name, nature, province, cert_type, cert_no, cert_address, address, main_licence,
	principal_name, principal_cert_type, principal_cert_no, principal_mobile, principal_email, cancelled, created_at, updated_at
	FROM entities`

// FindEntityByID returns the entity with its services. Returns ENOTFOUND.
func (r reader) FindEntityByID(ctx context.Context, id int64) (*beian.Entity, error) {
	return r.findEntity(ctx, entitySelect+` WHERE id = ?`, id)
}

// FindEntityByLicence returns the entity whose main number is licence
// (canonical form). Returns ENOTFOUND.
func (r reader) FindEntityByLicence(ctx context.Context, licence string) (*beian.Entity, error) {
	return r.findEntity(ctx, entitySelect+` WHERE main_licence = ?`, licence)
}

func (r reader) findEntity(ctx context.Context, query string, args ...any) (*beian.Entity, error) {
	var (
		e                beian.Entity
		cancelled        int
		created, updated int64
	)
	err := r.queryRow(ctx, query, args...).Scan(&e.ID, &e.UnitName, &e.Nature, &e.Province,
		&e.CertType, &e.CertNo, &e.CertAddress, &e.Address, &e.MainLicence, &e.Principal.Name, &e.Principal.CertType,
		&e.Principal.CertNo, &e.Principal.Mobile, &e.Principal.Email, &cancelled, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("备案主体")
	} else if err != nil {
		return nil, fmt.Errorf("find entity: %w", err)
	}
	e.Cancelled = cancelled != 0
	e.CreatedAt, e.UpdatedAt = unixTime(created), unixTime(updated)
	if e.Services, err = r.findServices(ctx, e.ID); err != nil {
		return nil, err
	}
	return &e, nil
}

func (r reader) findServices(ctx context.Context, entityID int64) ([]*beian.Service, error) {
	rows, err := r.query(ctx, `SELECT id, service_type, service_name, service_licence, home_url,
		principal_name, principal_cert_type, principal_cert_no, principal_mobile, principal_email,
		content_types, approved_at, limit_access, cancelled
		FROM services WHERE entity_id = ? ORDER BY id`, entityID)
	if err != nil {
		return nil, fmt.Errorf("find services: %w", err)
	}
	defer rows.Close()
	var (
		list []*beian.Service
		byID = map[int64]*beian.Service{}
	)
	for rows.Next() {
		var (
			s                      = &beian.Service{EntityID: entityID}
			p                      beian.Principal
			contentTypes           string
			approved               int64
			limitAccess, cancelled int
		)
		if err := rows.Scan(&s.ID, &s.Type, &s.Name, &s.Licence, &s.HomeURL, &p.Name, &p.CertType, &p.CertNo, &p.Mobile,
			&p.Email, &contentTypes, &approved, &limitAccess, &cancelled); err != nil {
			return nil, err
		}
		if p != (beian.Principal{}) {
			s.Principal = &p
		}
		if contentTypes != "" {
			s.ContentTypes = strings.Split(contentTypes, "、")
		}
		s.ApprovedAt = unixTime(approved)
		s.LimitAccess, s.Cancelled = limitAccess != 0, cancelled != 0
		list = append(list, s)
		byID[s.ID] = s
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}

	if err := r.attachDomains(ctx, entityID, byID); err != nil {
		return nil, err
	}
	return list, r.attachAccess(ctx, entityID, byID)
}

// attachDomains adds their domains to the services of an entity.
func (r reader) attachDomains(ctx context.Context, entityID int64, byID map[int64]*beian.Service) error {
	rows, err := r.query(ctx, `SELECT d.service_id, d.domain FROM domains d
		JOIN services s ON s.id = d.service_id WHERE s.entity_id = ? ORDER BY d.service_id, d.position`, entityID)
	if err != nil {
		return fmt.Errorf("find domains: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id     int64
			domain string
		)
		if err := rows.Scan(&id, &domain); err != nil {
			return err
		}
		byID[id].Domains = append(byID[id].Domains, domain)
	}
	return rows.Err()
}

// attachAccess adds their access records to the services of an entity.
func (r reader) attachAccess(ctx context.Context, entityID int64, byID map[int64]*beian.Service) error {
	rows, err := r.query(ctx, `SELECT a.service_id, a.provider, a.ips FROM access_records a
		JOIN services s ON s.id = a.service_id WHERE s.entity_id = ? ORDER BY a.service_id, a.position`, entityID)
	if err != nil {
		return fmt.Errorf("find access records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id            int64
			provider, ips string
		)
		if err := rows.Scan(&id, &provider, &ips); err != nil {
			return err
		}
		byID[id].Access = append(byID[id].Access, beian.Access{Provider: provider, IPs: strings.Fields(ips)})
	}
	return rows.Err()
}

// Counts returns the number of live entities and services.
func (r reader) Counts(ctx context.Context) (entities, services int, err error) {
	err = r.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM entities WHERE cancelled = 0), (SELECT COUNT(*) FROM services WHERE cancelled = 0)`).Scan(&entities, &services)
	return entities, services, err
}

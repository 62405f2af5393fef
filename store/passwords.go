package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/beianhq/beian"
)

// PasswordHash returns the password hash of the live entity whose main
// number is licence: "" when it has none yet. Returns ENOTFOUND.
func (r reader) PasswordHash(ctx context.Context, licence string) (string, error) {
	var hash sql.NullString
	err := r.queryRow(ctx, `SELECT p.hash FROM entities e
		LEFT JOIN entity_passwords p ON p.entity_id = e.id WHERE e.main_licence = ? AND e.cancelled = 0`, licence).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("备案主体")
	}
	return hash.String, err
}

// SetPassword stores the hash of an entity's new password.
func (tx *Tx) SetPassword(ctx context.Context, entityID int64, hash string) error {
	_, err := tx.exec(ctx, `INSERT INTO entity_passwords (entity_id, hash, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (entity_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`, entityID, hash, tx.now.Unix())
	return err
}

// LiveEntityByLicence returns the live entity with main number licence,
// with its password hash ("" if none). Returns ENOTFOUND.
func (r reader) LiveEntityByLicence(ctx context.Context, licence string) (*beian.Entity, string, error) {
	var (
		e    beian.Entity
		hash sql.NullString
	)
	err := r.queryRow(ctx, `SELECT e.id, e.unit_name, e.nature, e.province, e.cert_type, e.cert_no, e.main_licence,
		e.principal_name, e.principal_mobile, e.principal_email, p.hash
		FROM entities e LEFT JOIN entity_passwords p ON p.entity_id = e.id WHERE e.main_licence = ? AND e.cancelled = 0`, licence).
		Scan(&e.ID, &e.UnitName, &e.Nature, &e.Province, &e.CertType, &e.CertNo, &e.MainLicence,
			&e.Principal.Name, &e.Principal.Mobile, &e.Principal.Email, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", notFound("备案主体")
	}
	return &e, hash.String, err
}

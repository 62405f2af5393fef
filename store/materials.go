package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/beianhq/beian"
)

// InsertMaterial adds the metadata row of an uploaded material; its content
// is in the material store under m.Key already.
func (tx *Tx) InsertMaterial(ctx context.Context, m *beian.Material) error {
	m.CreatedAt = tx.now
	err := tx.queryRow(ctx, `INSERT INTO materials (application_id, kind, name, content_type, size, sha256, key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.ApplicationID, m.Kind, m.Name, m.ContentType, m.Size, m.SHA256, m.Key,
		tx.now.Unix()).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("insert material: %w", err)
	}
	return nil
}

const materialSelect = `SELECT id, application_id, kind, name, content_type, size, sha256, key, created_at FROM materials`

func scanMaterial(row interface{ Scan(...any) error }) (*beian.Material, error) {
	var (
		m       beian.Material
		created int64
	)
	if err := row.Scan(&m.ID, &m.ApplicationID, &m.Kind, &m.Name, &m.ContentType, &m.Size, &m.SHA256, &m.Key, &created); err != nil {
		return nil, err
	}
	m.CreatedAt = unixTime(created)
	return &m, nil
}

// FindMaterial returns material id of an application. Returns ENOTFOUND.
func (r reader) FindMaterial(ctx context.Context, applicationID, id int64) (*beian.Material, error) {
	m, err := scanMaterial(r.queryRow(ctx, materialSelect+` WHERE id = ? AND application_id = ?`, id, applicationID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("材料")
	}
	return m, err
}

// FindMaterials lists the materials of an application, oldest first.
func (r reader) FindMaterials(ctx context.Context, applicationID int64) ([]beian.Material, error) {
	rows, err := r.query(ctx, materialSelect+` WHERE application_id = ? ORDER BY id`, applicationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []beian.Material
	for rows.Next() {
		m, err := scanMaterial(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// MaterialKeyUsed reports whether a material row refers to key: content
// keyed by its checksum may be shared by several uploads and is deleted
// only when none refers to it.
func (r reader) MaterialKeyUsed(ctx context.Context, key string) (bool, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM materials WHERE key = ?`, key).Scan(&n)
	return n > 0, err
}

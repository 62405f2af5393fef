package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"github.com/beianhq/beian"
)

const productSelect = `SELECT id, owner_id, provider, ip, region, mainland, expires_at, created_at FROM products`

func scanProduct(row interface{ Scan(...any) error }) (*beian.Product, error) {
	var (
		p                beian.Product
		mainland         int
		expires, created int64
	)
	if err := row.Scan(&p.ID, &p.OwnerID, &p.Provider, &p.IP, &p.Region, &mainland, &expires, &created); err != nil {
		return nil, err
	}
	p.Mainland = mainland != 0
	p.ExpiresAt, p.CreatedAt = unixTime(expires), unixTime(created)
	return &p, nil
}

// InsertProduct adds p in tx. When p.ID is empty it gets the next id of the
// form P10001; a given id that is taken is ECONFLICT.
func (tx *Tx) InsertProduct(ctx context.Context, p *beian.Product) error {
	id := p.ID
	if id == "" {
		id = "pending-" + strconv.FormatInt(tx.now.UnixNano(), 36)
	}
	var seq int64
	err := tx.queryRow(ctx, `INSERT INTO products (id, owner_id, provider, ip, region, mainland, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`, id, p.OwnerID, p.Provider, p.IP, p.Region, boolInt(p.Mainland),
		p.ExpiresAt.Unix(), tx.now.Unix()).Scan(&seq)
	if err != nil {
		if _, ok := tx.db.dialect.uniqueViolation(err); ok {
			return &beian.Error{Code: beian.ECONFLICT, Field: "id", Message: "id: 产品编号 " + p.ID + " 已存在"}
		}
		return fmt.Errorf("insert product: %w", err)
	}
	if p.ID == "" {
		p.ID = "P" + strconv.FormatInt(10000+seq, 10)
		if _, err := tx.exec(ctx, `UPDATE products SET id = ? WHERE seq = ?`, p.ID, seq); err != nil {
			return err
		}
	}
	p.CreatedAt = tx.now
	return nil
}

// FindProduct returns a product by id. Returns ENOTFOUND.
func (r reader) FindProduct(ctx context.Context, id string) (*beian.Product, error) {
	p, err := scanProduct(r.queryRow(ctx, productSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("产品")
	}
	return p, err
}

// FindProductsByOwner lists the products an account holds, oldest first.
func (r reader) FindProductsByOwner(ctx context.Context, ownerID int64) ([]*beian.Product, error) {
	rows, err := r.query(ctx, productSelect+` WHERE owner_id = ? ORDER BY seq`, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*beian.Product
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CountServicesOnIP counts the services filed on ip in the national record
// (live services with an access record naming it) plus the services of
// in-flight applications on a product with that IP, except those of the
// application exclude.
func (r reader) CountServicesOnIP(ctx context.Context, ip string, exclude int64) (int, error) {
	var filed, pending int
	err := r.queryRow(ctx, `SELECT COUNT(DISTINCT s.id) FROM access_records a JOIN services s ON s.id = a.service_id
		WHERE s.cancelled = 0 AND (' ' || a.ips || ' ') LIKE ?`, "% "+escapeLikeIP(ip)+" %").Scan(&filed)
	if err != nil {
		return 0, fmt.Errorf("services on ip: %w", err)
	}
	err = r.queryRow(ctx, `SELECT COUNT(*) FROM application_ips i JOIN applications a ON a.id = i.application_id
		WHERE i.ip = ? AND i.application_id <> ? AND a.status NOT IN ('approved', 'bureau_rejected', 'abandoned')`, ip, exclude).Scan(&pending)
	if err != nil {
		return 0, fmt.Errorf("pending services on ip: %w", err)
	}
	return filed + pending, nil
}

// escapeLikeIP keeps an IP literal inside LIKE: IPs hold no wildcard, but a
// malformed one from a caller must not widen the match.
func escapeLikeIP(ip string) string {
	out := make([]byte, 0, len(ip))
	for i := 0; i < len(ip); i++ {
		if c := ip[i]; c != '%' && c != '_' && c != '\\' {
			out = append(out, c)
		}
	}
	return string(out)
}

// authCodeHash is what auth_codes keeps of a code.
func authCodeHash(code string) string {
	sum := sha256.Sum256([]byte("authcode:" + code))
	return hex.EncodeToString(sum[:])
}

// InsertAuthCode stores c (only a hash of its code).
func (tx *Tx) InsertAuthCode(ctx context.Context, c *beian.AuthCode) error {
	c.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO auth_codes (code_hash, product_id, owner_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		authCodeHash(c.Code), c.ProductID, c.OwnerID, tx.now.Unix(), c.ExpiresAt.Unix())
	return err
}

// FindAuthCode returns the authorization code code, locked for the
// transaction on PostgreSQL. Returns ENOTFOUND.
func (tx *Tx) FindAuthCode(ctx context.Context, code string) (*beian.AuthCode, error) {
	var (
		c                      = beian.AuthCode{Code: code}
		created, expires, used int64
	)
	err := tx.queryRow(ctx, `SELECT product_id, owner_id, created_at, expires_at, used_at, used_by FROM auth_codes WHERE code_hash = ?`+
		tx.db.dialect.forUpdate(), authCodeHash(code)).Scan(&c.ProductID, &c.OwnerID, &created, &expires, &used, &c.UsedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("备案授权码")
	} else if err != nil {
		return nil, err
	}
	c.CreatedAt, c.ExpiresAt = unixTime(created), unixTime(expires)
	if used != 0 {
		c.UsedAt = unixTime(used)
	}
	return &c, nil
}

// UseAuthCode marks code used by an application; a code already used is
// ECONFLICT (the update only takes an unused code, so two applications
// cannot both use it).
func (tx *Tx) UseAuthCode(ctx context.Context, code string, applicationID int64) error {
	res, err := tx.exec(ctx, `UPDATE auth_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at = 0`,
		tx.now.Unix(), applicationID, authCodeHash(code))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return beian.Errorf(beian.ECONFLICT, "备案授权码已被使用")
	}
	return nil
}

package store

import (
	"context"
	"time"
)

// FilingVerifier is one principal's SMS verification of a filing, as
// stored: only a salted hash of the code.
type FilingVerifier struct {
	ID         int64
	FilingID   int64
	Role       string
	Name       string
	Mobile     string
	CertSuffix string
	Salt, Hash string
	SentAt     time.Time
	Sends      int
	VerifiedAt time.Time
}

// InsertFilingVerifier records who must verify a filing and the hash of the
// code sent, and sets v.ID.
func (tx *Tx) InsertFilingVerifier(ctx context.Context, v *FilingVerifier) error {
	return tx.queryRow(ctx, `INSERT INTO filing_verifiers (filing_id, role, name, mobile, cert_suffix, code_salt, code_hash, sent_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, v.FilingID, v.Role, v.Name, v.Mobile, v.CertSuffix, v.Salt, v.Hash, tx.now.Unix()).Scan(&v.ID)
}

// ReplaceFilingCode stores the hash of a new code sent to a verifier.
func (tx *Tx) ReplaceFilingCode(ctx context.Context, id int64, salt, hash string) error {
	_, err := tx.exec(ctx, `UPDATE filing_verifiers SET code_salt = ?, code_hash = ?, sent_at = ?, sends = sends + 1 WHERE id = ?`,
		salt, hash, tx.now.Unix(), id)
	return err
}

// MarkFilingVerified records that a verifier passed.
func (tx *Tx) MarkFilingVerified(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `UPDATE filing_verifiers SET verified_at = ? WHERE id = ?`, tx.now.Unix(), id)
	return err
}

const verifierSelect = `SELECT v.id, v.filing_id, v.role, v.name, v.mobile, v.cert_suffix, v.code_salt, v.code_hash,
	v.sent_at, v.sends, v.verified_at FROM filing_verifiers v`

// PendingVerifiers returns the verifiers of mobile who have not verified,
// of filings still in SMS verification, oldest filing first.
func (r reader) PendingVerifiers(ctx context.Context, mobile string) ([]FilingVerifier, error) {
	return r.verifiers(ctx, verifierSelect+` JOIN filings f ON f.id = v.filing_id
		WHERE v.mobile = ? AND v.verified_at = 0 AND f.status = 'sms_verification' ORDER BY v.filing_id, v.id`, mobile)
}

// FilingVerifiers returns every verifier of a filing.
func (r reader) FilingVerifiers(ctx context.Context, filingID int64) ([]FilingVerifier, error) {
	return r.verifiers(ctx, verifierSelect+` WHERE v.filing_id = ? ORDER BY v.id`, filingID)
}

func (r reader) verifiers(ctx context.Context, query string, arg any) ([]FilingVerifier, error) {
	rows, err := r.query(ctx, query, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []FilingVerifier
	for rows.Next() {
		var (
			v              FilingVerifier
			sent, verified int64
		)
		if err := rows.Scan(&v.ID, &v.FilingID, &v.Role, &v.Name, &v.Mobile, &v.CertSuffix, &v.Salt, &v.Hash,
			&sent, &v.Sends, &verified); err != nil {
			return nil, err
		}
		v.SentAt, v.VerifiedAt = unixTime(sent), unixOrNone(verified)
		list = append(list, v)
	}
	return list, rows.Err()
}

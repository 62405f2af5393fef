package store

import (
	"context"
	"fmt"
)

// ApprovedMainLicences returns the main numbers of the account's
// applications the bureau approved, each once, oldest first, at most
// limit: the entities an applicant filed (an applicant files only for
// their own entity). Some may have been cancelled since.
func (r reader) ApprovedMainLicences(ctx context.Context, accountID int64, limit int) ([]string, error) {
	rows, err := r.query(ctx, `SELECT main_licence FROM applications WHERE account_id = ? AND status = 'approved' AND main_licence <> ''
		GROUP BY main_licence ORDER BY MIN(id) LIMIT ?`, accountID, limit)
	if err != nil {
		return nil, fmt.Errorf("approved main numbers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// AccountApprovedFor reports whether an application of the account that
// the bureau approved carries main number licence.
func (r reader) AccountApprovedFor(ctx context.Context, accountID int64, licence string) (bool, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM applications WHERE account_id = ? AND status = 'approved' AND main_licence = ?`,
		accountID, licence).Scan(&n)
	return n > 0, err
}

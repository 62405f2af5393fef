package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// WizardState returns the wizard state an account saved at or after since;
// ok is false when there is none (or only an older one).
func (r reader) WizardState(ctx context.Context, accountID int64, since time.Time) (state string, ok bool, err error) {
	err = r.queryRow(ctx, `SELECT state FROM wizard_states WHERE account_id = ? AND updated_at >= ?`, accountID, since.Unix()).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return state, err == nil, err
}

// SetWizardState keeps an account's wizard state, replacing the one before.
func (tx *Tx) SetWizardState(ctx context.Context, accountID int64, state string) error {
	_, err := tx.exec(ctx, `INSERT INTO wizard_states (account_id, state, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		accountID, state, tx.now.Unix())
	return err
}

// ClearWizardState forgets an account's wizard state.
func (tx *Tx) ClearWizardState(ctx context.Context, accountID int64) error {
	_, err := tx.exec(ctx, `DELETE FROM wizard_states WHERE account_id = ?`, accountID)
	return err
}

// PurgeWizardStates forgets the wizard states last saved before before.
func (tx *Tx) PurgeWizardStates(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM wizard_states WHERE updated_at < ?`, before.Unix())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

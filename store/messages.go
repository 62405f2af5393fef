package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beianhq/beian"
)

const messageSelect = `SELECT id, key, channel, recipient, template, subject, body, html, state, via, attempts,
	last_error, gateway_id, created_at, updated_at, sent_at FROM messages`

func scanMessage(row interface{ Scan(...any) error }) (*beian.Message, error) {
	var (
		m                      beian.Message
		created, updated, sent int64
	)
	if err := row.Scan(&m.ID, &m.Key, &m.Channel, &m.To, &m.Template, &m.Subject, &m.Body, &m.HTML, &m.State, &m.Via,
		&m.Attempts, &m.LastError, &m.GatewayID, &created, &updated, &sent); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt = unixTime(created), unixTime(updated)
	if sent != 0 {
		m.SentAt = unixTime(sent)
	}
	return &m, nil
}

// InsertMessage records m in tx unless a message with its key exists, in
// which case m is filled from the stored one. It reports whether m is new.
func (tx *Tx) InsertMessage(ctx context.Context, m *beian.Message) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO messages (key, channel, recipient, template, subject, body, html, state, via,
		last_error, created_at, updated_at, sent_at, send_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		m.Key, m.Channel, m.To, m.Template, m.Subject, m.Body, m.HTML, m.State, m.Via, m.LastError,
		tx.now.Unix(), tx.now.Unix(), timeOrZero(m.SentAt), tx.now.Unix())
	if err != nil {
		return false, fmt.Errorf("insert message: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	stored, err := scanMessage(tx.queryRow(ctx, messageSelect+` WHERE key = ?`, m.Key))
	if err != nil {
		return false, fmt.Errorf("read message back: %w", err)
	}
	*m = *stored
	return n == 1, nil
}

// CountMessagesSince counts the messages of channel to recipient due to go
// at or after since (created then, or delayed until then) that were not
// refused; the per-recipient send limits use it.
func (tx *Tx) CountMessagesSince(ctx context.Context, channel beian.Channel, recipient string, since time.Time) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM messages WHERE recipient = ? AND channel = ? AND send_at >= ? AND state <> 'refused'`,
		recipient, channel, since.Unix()).Scan(&n)
	return n, err
}

// MessageTimesSince returns when each message that CountMessagesSince
// counts is due to go, latest first.
func (tx *Tx) MessageTimesSince(ctx context.Context, channel beian.Channel, recipient string, since time.Time) ([]time.Time, error) {
	rows, err := tx.query(ctx, `SELECT send_at FROM messages WHERE recipient = ? AND channel = ? AND send_at >= ? AND state <> 'refused'
		ORDER BY send_at DESC`, recipient, channel, since.Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, unixTime(at))
	}
	return out, rows.Err()
}

// DelayMessage records that message id goes at at, not at its creation: it
// counts there under the send limits.
func (tx *Tx) DelayMessage(ctx context.Context, id int64, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE messages SET send_at = ?, updated_at = ? WHERE id = ?`, at.Unix(), tx.now.Unix(), id)
	return err
}

// FindMessageByID returns a message. Returns ENOTFOUND.
func (db *DB) FindMessageByID(ctx context.Context, id int64) (*beian.Message, error) {
	m, err := scanMessage(db.read.QueryRowContext(ctx, db.dialect.rebind(messageSelect+` WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("消息")
	}
	return m, err
}

// FindMessages returns messages newest first.
func (db *DB) FindMessages(ctx context.Context, f beian.MessageFilter) ([]*beian.Message, error) {
	q, args := messageSelect+` WHERE 1 = 1`, []any{}
	if f.To != "" {
		q += ` AND recipient = ?`
		args = append(args, f.To)
	}
	if f.State != "" {
		q += ` AND state = ?`
		args = append(args, f.State)
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ?`
	rows, err := db.read.QueryContext(ctx, db.dialect.rebind(q), append(args, f.Limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*beian.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	return list, rows.Err()
}

// RecordAttempt writes the outcome of one delivery attempt of a message.
func (tx *Tx) RecordAttempt(ctx context.Context, id int64, state beian.MessageState, via, gatewayID, lastError string, attempts int) error {
	sent := int64(0)
	if state == beian.MessageSent || state == beian.MessageOutbox {
		sent = tx.now.Unix()
	}
	_, err := tx.exec(ctx, `UPDATE messages SET state = ?, via = ?, gateway_id = CASE WHEN ? <> '' THEN ? ELSE gateway_id END,
		last_error = ?, attempts = ?, updated_at = ?, sent_at = CASE WHEN ? <> 0 THEN ? ELSE sent_at END WHERE id = ?`,
		state, via, gatewayID, gatewayID, lastError, attempts, tx.now.Unix(), sent, sent, id)
	if err != nil || gatewayID == "" {
		return err
	}
	// A receipt may have come first.
	_, err = tx.applyReceipt(ctx, gatewayID)
	return err
}

// RecordReceipt records a delivery receipt for the message a gateway knows
// by gatewayID and applies it when that message is known; otherwise
// RecordAttempt applies it later. It reports whether a message matched.
func (db *DB) RecordReceipt(ctx context.Context, gatewayID string, delivered bool, detail string) (bool, error) {
	var matched bool
	err := db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO sms_receipts (gateway_id, delivered, detail, received_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (gateway_id) DO UPDATE SET delivered = excluded.delivered, detail = excluded.detail, received_at = excluded.received_at`,
			gatewayID, boolInt(delivered), detail, tx.now.Unix()); err != nil {
			return err
		}
		n, err := tx.applyReceipt(ctx, gatewayID)
		matched = n > 0
		return err
	})
	return matched, err
}

// applyReceipt moves a sent message to delivered or failed when a receipt
// for its gateway id is on record.
func (tx *Tx) applyReceipt(ctx context.Context, gatewayID string) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE messages SET
		state = CASE WHEN r.delivered = 1 THEN 'delivered' ELSE 'failed' END,
		last_error = r.detail, updated_at = ?
		FROM (SELECT delivered, detail FROM sms_receipts WHERE gateway_id = ?) AS r
		WHERE messages.gateway_id = ? AND messages.state IN ('sent', 'delivered', 'failed')`,
		tx.now.Unix(), gatewayID, gatewayID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// MessageCounts returns the number of messages by channel and state, for
// metrics: map[channel][state].
func (db *DB) MessageCounts(ctx context.Context) (map[string]map[string]int, error) {
	return db.countByPair(ctx, `SELECT channel, state, COUNT(*) FROM messages GROUP BY channel, state`)
}

func timeOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

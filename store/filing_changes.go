package store

import (
	"context"
	"time"

	"github.com/beianhq/beian"
)

// FilingEventRow is one event of a filing with its place in the feed of
// a provider's changes: Cursor orders the feed and never repeats.
type FilingEventRow struct {
	Cursor   int64
	FilingID int64
	Event    beian.Event
}

// FilingEventsOfProvider returns up to limit events of provider's filings
// after cursor, oldest first.
func (r reader) FilingEventsOfProvider(ctx context.Context, provider string, cursor int64, limit int) ([]FilingEventRow, error) {
	rows, err := r.query(ctx, `SELECT e.id, e.filing_id, e.at, e.status, e.note FROM filing_events e
		JOIN filings f ON f.id = e.filing_id WHERE f.provider = ? AND e.id > ? ORDER BY e.id LIMIT ?`, provider, cursor, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FilingEventRow
	for rows.Next() {
		var (
			row    FilingEventRow
			at     int64
			status string
		)
		if err := rows.Scan(&row.Cursor, &row.FilingID, &at, &status, &row.Event.Note); err != nil {
			return nil, err
		}
		row.Event.At, row.Event.Status = time.Unix(at, 0), beian.ApplicationStatus(status)
		out = append(out, row)
	}
	return out, rows.Err()
}

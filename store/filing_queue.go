package store

import (
	"context"
	"strings"
	"time"

	"github.com/beianhq/beian"
)

// BureauFilter selects filings for a bureau queue.
type BureauFilter struct {
	Provinces []string // required: a reviewer sees only these
	// Pending keeps only the filings waiting for a decision.
	Pending bool
	Limit   int // default 100, at most 1000
}

// BureauRow is one row of a bureau queue.
type BureauRow struct {
	ID          int64
	Province    string
	UnitName    string
	FilingType  beian.FilingType
	Status      beian.ApplicationStatus
	SubmittedAt time.Time
	Deadline    time.Time
}

// BureauQueue lists the filings of the provinces that reached the bureau
// (bureau_review and decided), the pending ones by deadline, soonest first.
func (r reader) BureauQueue(ctx context.Context, f BureauFilter) ([]BureauRow, error) {
	if len(f.Provinces) == 0 {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	statuses := `('bureau_review', 'approved', 'bureau_rejected')`
	order := ` ORDER BY CASE WHEN status = 'bureau_review' THEN 0 ELSE 1 END, deadline, id`
	if f.Pending {
		statuses, order = `('bureau_review')`, ` ORDER BY deadline, id`
	}
	args := make([]any, 0, len(f.Provinces)+1)
	for _, p := range f.Provinces {
		args = append(args, p)
	}
	q := `SELECT id, province, unit_name, filing_type, status, submitted_at, deadline FROM filings
		WHERE province IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(f.Provinces)), ", ") + `) AND status IN ` + statuses +
		order + ` LIMIT ?`
	rows, err := r.query(ctx, q, append(args, f.Limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []BureauRow
	for rows.Next() {
		var (
			row                 BureauRow
			ft, status          string
			submitted, deadline int64
		)
		if err := rows.Scan(&row.ID, &row.Province, &row.UnitName, &ft, &status, &submitted, &deadline); err != nil {
			return nil, err
		}
		row.FilingType, row.Status = beian.FilingType(ft), beian.ApplicationStatus(status)
		row.SubmittedAt, row.Deadline = unixTime(submitted), unixOrNone(deadline)
		list = append(list, row)
	}
	return list, rows.Err()
}

// BureauQueueAges counts the pending filings of the provinces by deadline:
// counts[i] holds those due before bounds[i] (and not before bounds[i-1]),
// the last entry those due at or after the last bound. Bounds ascend. Each
// count is a range of the queue index, which counts faster than one pass
// that tests every row against every bound.
func (r reader) BureauQueueAges(ctx context.Context, provinces []string, bounds []time.Time) ([]int, error) {
	counts := make([]int, len(bounds)+1)
	if len(provinces) == 0 {
		return counts, nil
	}
	in := `province IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(provinces)), ", ") + `) AND status = 'bureau_review'`
	for i := range counts {
		var (
			cond string
			args []any
		)
		for _, p := range provinces {
			args = append(args, p)
		}
		if i > 0 {
			cond += ` AND deadline >= ?`
			args = append(args, bounds[i-1].Unix())
		}
		if i < len(bounds) {
			cond += ` AND deadline < ?`
			args = append(args, bounds[i].Unix())
		}
		if err := r.queryRow(ctx, `SELECT COUNT(*) FROM filings WHERE `+in+cond, args...).Scan(&counts[i]); err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// BureauCounts counts the filings waiting for the bureau and the overdue
// ones, by province, for the metrics.
func (r reader) BureauCounts(ctx context.Context, now time.Time) (pending, overdue map[string]int, err error) {
	rows, err := r.query(ctx, `SELECT province, COUNT(*), COALESCE(SUM(CASE WHEN deadline < ? THEN 1 ELSE 0 END), 0)
		FROM filings WHERE status = 'bureau_review' GROUP BY province`, now.Unix())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	pending, overdue = map[string]int{}, map[string]int{}
	for rows.Next() {
		var (
			p    string
			n, o int
		)
		if err := rows.Scan(&p, &n, &o); err != nil {
			return nil, nil, err
		}
		pending[p], overdue[p] = n, o
	}
	return pending, overdue, rows.Err()
}

// AnalyzeFilings refreshes the planner's statistics of the filings table
// and, on PostgreSQL, its visibility map (which lets counts come from the
// index alone), as autovacuum does in time; for operators and benchmarks
// after a bulk load.
func (db *DB) AnalyzeFilings(ctx context.Context) error {
	q := `ANALYZE filings`
	if db.dialect.name() == "postgres" {
		q = `VACUUM (ANALYZE) filings`
	}
	_, err := db.write.ExecContext(ctx, q)
	return err
}

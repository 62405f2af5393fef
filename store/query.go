package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/beianhq/beian"
)

// Query answers a public query. Rows are ordered by entity, service and
// domain position, all unique, so walking the pages yields every row once.
func (db *DB) Query(ctx context.Context, q beian.Query) (beian.QueryResult, error) {
	from := `FROM entities e JOIN services s ON s.entity_id = e.id LEFT JOIN domains d ON d.service_id = s.id`
	where := []string{"e.cancelled = 0", "s.cancelled = 0"}
	var args []any
	switch q.Kind {
	case beian.QueryDomain:
		from = `FROM domains d JOIN services s ON s.id = d.service_id JOIN entities e ON e.id = s.entity_id`
		where = append(where, "d.domain = ?")
		args = append(args, q.Domain)
	case beian.QueryLicence:
		if q.MainOnly {
			where = append(where, "e.main_licence = ?")
		} else {
			where = append(where, "s.service_licence = ?")
		}
		args = append(args, q.Licence)
	case beian.QueryName:
		cond, cargs := db.dialect.nameMatch(q.Name)
		where = append(where, cond)
		args = append(args, cargs...)
	default:
		return beian.QueryResult{}, fmt.Errorf("query kind %d", q.Kind)
	}
	if q.ServiceType != 0 {
		where = append(where, "s.service_type = ?")
		args = append(args, int(q.ServiceType))
	}
	cond := " WHERE " + strings.Join(where, " AND ")

	res := beian.QueryResult{PageNum: q.PageNum, PageSize: q.PageSize}
	offset := (q.PageNum - 1) * q.PageSize
	list, err := db.prepared(ctx, `SELECT e.id, s.id, e.unit_name, e.nature, e.main_licence,
		s.service_licence, s.service_name, s.service_type, COALESCE(d.domain, ''), s.home_url, s.approved_at,
		s.limit_access, s.content_types `+from+cond+` ORDER BY e.id, s.id, d.position LIMIT ? OFFSET ?`)
	if err != nil {
		return res, fmt.Errorf("prepare query: %w", err)
	}
	rows, err := list.QueryContext(ctx, append(args, q.PageSize, offset)...)
	if err != nil {
		return res, fmt.Errorf("query: %w", err)
	}
	if err := scanRows(rows, &res); err != nil {
		return res, err
	}
	// A first page that is not full is the whole answer: domain and number
	// look-ups, nearly always, need no second statement to count.
	if q.PageNum == 1 && len(res.Rows) < q.PageSize {
		res.Total = len(res.Rows)
		if q.CountCap > 0 && res.Total > q.CountCap {
			res.Total, res.Capped = q.CountCap, true
		}
		return res, nil
	}
	if q.CountCap <= 0 {
		count, err := db.prepared(ctx, `SELECT COUNT(*) `+from+cond)
		if err != nil {
			return res, fmt.Errorf("prepare count: %w", err)
		}
		if err := count.QueryRowContext(ctx, args...).Scan(&res.Total); err != nil {
			return res, fmt.Errorf("count query: %w", err)
		}
		return res, nil
	}
	// Counting stops one row past the cap: the join per match is paid for
	// at most CountCap+1 rows.
	count, err := db.prepared(ctx, `SELECT COUNT(*) FROM (SELECT 1 `+from+cond+` LIMIT ?) AS capped`)
	if err != nil {
		return res, fmt.Errorf("prepare count: %w", err)
	}
	if err := count.QueryRowContext(ctx, append(args, q.CountCap+1)...).Scan(&res.Total); err != nil {
		return res, fmt.Errorf("count query: %w", err)
	}
	if res.Total > q.CountCap {
		res.Total, res.Capped = q.CountCap, true
	}
	return res, nil
}

func scanRows(rows *sql.Rows, res *beian.QueryResult) error {
	defer rows.Close()
	for rows.Next() {
		var (
			r           beian.QueryRow
			approved    int64
			limitAccess int
		)
		if err := rows.Scan(&r.EntityID, &r.ServiceID, &r.UnitName, &r.NatureName, &r.MainLicence, &r.ServiceLicence,
			&r.ServiceName, &r.ServiceType, &r.Domain, &r.HomeURL, &approved, &limitAccess, &r.ContentTypeName); err != nil {
			return err
		}
		r.UpdateRecordAt = unixTime(approved)
		r.LimitAccess = limitAccess != 0
		res.Rows = append(res.Rows, r)
	}
	return rows.Err()
}

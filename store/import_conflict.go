package store

import (
	"context"
	"fmt"

	"github.com/beianhq/beian"
)

// A PostgreSQL import checks each batch against the store when it stages
// it, but its rows reach the store's unique indexes only at Commit, so
// another writer (an approval, a second import) may take one of its
// numbers, domains or certificates in between. Commit then writes nothing
// and says which lines lost, the way the check would have: the staged
// entities remember their lines (import_lines), and a savepoint lets the
// transaction find the losers after the failed INSERT. Dropping those lines
// and writing the rest is not offered: their numbers are already counted,
// and the counters must stay gap-free; a rerun rejects them at the check.

// ImportConflicts is the error of a Commit that wrote nothing because other
// writers took, since the check, what some lines take.
type ImportConflicts struct {
	Rejections []Rejection // in line order, one per line
}

func (e *ImportConflicts) Error() string {
	return fmt.Sprintf("import: %d lines conflict with records written during the import", len(e.Rejections))
}

// linesSQL creates the table of staged entity ids and their lines.
const linesSQL = `CREATE TEMP TABLE import_lines (entity_id BIGINT NOT NULL, line INTEGER NOT NULL) ON COMMIT DROP;`

// conflictsSQL lists, for each staged line, what the store now holds of
// what it takes: (line, order of the check, domain position, field,
// message), the order, fields and messages those of claim.
const conflictsSQL = `WITH ss AS (
	SELECT id, entity_id, service_licence, row_number() OVER (PARTITION BY entity_id ORDER BY id) - 1 AS i FROM import_services
)
SELECT l.line, 1, 0, 'mainLicence', '备案号 ' || s.main_licence || ' 已属于其他主体'
	FROM import_entities s JOIN import_lines l ON l.entity_id = s.id JOIN entities x ON x.main_licence = s.main_licence
UNION ALL
SELECT l.line, 2, 0, 'certNo', '该证件号码已有备案主体（' || x.main_licence || '）'
	FROM import_entities s JOIN import_lines l ON l.entity_id = s.id JOIN entities x ON x.cert_no = s.cert_no AND x.cancelled = 0
UNION ALL
SELECT l.line, 3 + 2 * ss.i, 0, 'services[' || ss.i || '].serviceLicence', '备案号 ' || ss.service_licence || ' 已属于其他主体'
	FROM ss JOIN import_lines l ON l.entity_id = ss.entity_id JOIN services x ON x.service_licence = ss.service_licence
UNION ALL
SELECT l.line, 4 + 2 * ss.i, d.position, 'services[' || ss.i || '].domains[' || d.position || ']', '域名 ' || d.domain || ' 已由其他主体备案（' || xe.main_licence || '）'
	FROM import_domains d JOIN ss ON ss.id = d.service_id JOIN import_lines l ON l.entity_id = ss.entity_id
	JOIN domains x ON x.domain = d.domain JOIN services xs ON xs.id = x.service_id JOIN entities xe ON xe.id = xs.entity_id
ORDER BY 1, 2, 3`

// publishOrExplain publishes the staged rows; when the store's unique
// indexes refuse them it rolls back to before the attempt and returns the
// lines that lost as *ImportConflicts.
func publishOrExplain(ctx context.Context, tx *Tx) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT publish`); err != nil {
		return err
	}
	err := publish(ctx, tx)
	if _, ok := tx.db.dialect.uniqueViolation(err); !ok {
		return err
	}
	if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT publish`); rerr != nil {
		return err
	}
	rejections, qerr := conflictingLines(ctx, tx)
	if qerr != nil || len(rejections) == 0 {
		return err // the refusal, unexplained
	}
	return &ImportConflicts{Rejections: rejections}
}

func conflictingLines(ctx context.Context, tx *Tx) ([]Rejection, error) {
	rows, err := tx.QueryContext(ctx, conflictsSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var (
			line, order, pos int
			field, message   string
		)
		if err := rows.Scan(&line, &order, &pos, &field, &message); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].Line == line {
			continue // the first conflict of a line, as the check reports
		}
		e := beian.FieldErrorf(field, "%s", message)
		e.Code = beian.ECONFLICT
		out = append(out, Rejection{Line: line, Err: e})
	}
	return out, rows.Err()
}

// stageLines records the lines of the entities an Add staged.
func (im *Importer) stageLines(ctx context.Context, items []ImportItem, ok []*beian.Entity) error {
	rows := make([][]any, 0, len(ok))
	j := 0
	for _, it := range items {
		if j < len(ok) && it.Entity == ok[j] {
			rows = append(rows, []any{ok[j].ID, it.Line})
			j++
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return copyRows(ctx, im.conn, "import_lines", []string{"entity_id", "line"}, rows)
}

package registry

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// ImportOptions tune Import.
type ImportOptions struct {
	// SkipInvalid writes the valid lines even when others are invalid.
	SkipInvalid bool
	// MaxErrors is how many invalid lines are reported (default 100); all
	// of them are counted in ImportResult.Rejected.
	MaxErrors int
	// Now is the time records are checked against (default time.Now).
	Now func() time.Time
	// Batch is how many lines are decoded and handed to the store at once
	// (default 1000 on SQLite, 5000 on PostgreSQL, where each batch costs
	// a few round trips and fewer, larger batches measured faster).
	Batch int
	// CacheBytes is the SQLite writer's page cache for the import
	// (store.ImporterOptions; 0: the writer's own).
	CacheBytes int64
}

// LineError is an invalid input line.
type LineError struct {
	Line int
	Err  *beian.Error
}

func (e LineError) String() string { return fmt.Sprintf("line %d: %s", e.Line, e.Err.Message) }

// ImportResult says what an import did.
type ImportResult struct {
	Entities, Services int
	Rejected           int         // invalid lines, all counted
	Errors             []LineError // the first MaxErrors of them, in line order
	Committed          bool
}

// ErrImportInvalid is returned when invalid lines made an all-or-nothing
// import write nothing.
var ErrImportInvalid = errors.New("import: invalid lines, nothing written")

// The default ImportOptions.Batch, by engine.
const importBatch, importBatchPostgres = 1000, 5000

// maxLineBytes bounds one input line.
const maxLineBytes = 4 << 20

// Import loads JSONL records (one JSON record a line, as docs/API.md
// describes) from r into db in one
// transaction. Lines are decoded and checked in parallel, in batches, and
// handed to the store in input order. Without SkipInvalid any invalid line
// rolls everything back and the result carries ErrImportInvalid.
func Import(ctx context.Context, db *store.DB, r io.Reader, opts ImportOptions) (ImportResult, error) {
	if opts.MaxErrors <= 0 {
		opts.MaxErrors = 100
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Batch <= 0 {
		opts.Batch = importBatch
		if db.Engine() == "postgres" {
			opts.Batch = importBatchPostgres
		}
	}
	asOf := opts.Now()

	// The pipeline stops early on its own context; the transaction lives on
	// ctx, since database/sql rolls a transaction back when its context ends.
	pipe, cancel := context.WithCancel(ctx)
	defer cancel()

	batches, readErr := readBatches(pipe, r, opts.Batch)
	decoded := decodeBatches(pipe, batches, asOf)

	var res ImportResult
	im, err := db.NewImporter(ctx, store.ImporterOptions{CacheBytes: opts.CacheBytes})
	if err != nil {
		return res, err
	}
	reject := func(le LineError) {
		res.Rejected++
		if len(res.Errors) < opts.MaxErrors {
			res.Errors = append(res.Errors, le)
		}
	}
	first := firstLines{}
	for b := range decoded {
		added, rejected, err := addBatch(ctx, im, b, first)
		if err != nil {
			im.Rollback()
			return res, err
		}
		// Every invalid line is counted, even past MaxErrors and when nothing
		// will be written, so the summary is exact.
		for _, le := range rejected {
			reject(le)
		}
		for _, e := range added {
			res.Entities++
			res.Services += len(e.Services)
		}
	}
	cancel()
	for range decoded {
		// drain, so the workers stop
	}
	if err := <-readErr; err != nil && !errors.Is(err, context.Canceled) {
		im.Rollback()
		return res, err
	}
	if res.Rejected > 0 && !opts.SkipInvalid {
		im.Rollback()
		res.Entities, res.Services = 0, 0
		return res, ErrImportInvalid
	}
	if err := im.Commit(ctx); err != nil {
		return commitRefused(res, err, reject)
	}
	res.Committed = true
	return res, nil
}

// commitRefused turns the lines whose numbers, domains or certificates
// other writers took during the import (store.ImportConflicts: nothing was
// written) into invalid lines; a rerun rejects them at the check.
func commitRefused(res ImportResult, err error, reject func(LineError)) (ImportResult, error) {
	var ic *store.ImportConflicts
	if !errors.As(err, &ic) {
		return res, err
	}
	for _, rj := range ic.Rejections {
		reject(LineError{Line: rj.Line, Err: rj.Err})
	}
	slices.SortStableFunc(res.Errors, func(a, b LineError) int { return cmp.Compare(a.Line, b.Line) })
	res.Entities, res.Services = 0, 0
	return res, ErrImportInvalid
}

// addBatch hands the valid lines of b to the store and returns the entities
// it took and the invalid lines, in line order: lines that did not decode,
// lines that repeat an earlier line's number, domain or certificate (named
// by first), and lines the store refused.
func addBatch(ctx context.Context, im *store.Importer, b decodedBatch, first firstLines) ([]*beian.Entity, []LineError, error) {
	var (
		items    []store.ImportItem
		rejected []LineError
	)
	for i, e := range b.entities {
		line := b.first + i
		switch {
		case b.errs[i] != nil:
			rejected = append(rejected, LineError{Line: line, Err: b.errs[i]})
		case e == nil: // blank line
		default:
			if err := first.claim(line, e); err != nil {
				rejected = append(rejected, LineError{Line: line, Err: err})
				continue
			}
			items = append(items, store.ImportItem{Line: line, Entity: e})
		}
	}
	rejections, err := im.Add(ctx, items)
	if err != nil {
		return nil, nil, err
	}
	bad := map[int]bool{}
	for _, rj := range rejections {
		rejected = append(rejected, LineError{Line: rj.Line, Err: rj.Err})
		bad[rj.Line] = true
	}
	var added []*beian.Entity
	for _, it := range items {
		if bad[it.Line] {
			first.release(it.Line, it.Entity)
		} else {
			added = append(added, it.Entity)
		}
	}
	slices.SortStableFunc(rejected, func(a, b LineError) int { return cmp.Compare(a.Line, b.Line) })
	return added, rejected, nil
}

type lineBatch struct {
	seq   int
	first int      // line number of lines[0]
	lines [][]byte // nil for a blank line
}

type decodedBatch struct {
	seq      int
	first    int
	entities []*beian.Entity
	errs     []*beian.Error
}

// readBatches splits r into batches of non-blank lines, keeping line numbers.
func readBatches(ctx context.Context, r io.Reader, size int) (<-chan lineBatch, <-chan error) {
	out := make(chan lineBatch, 4)
	errc := make(chan error, 1)
	go func() {
		defer close(out)
		br := bufio.NewReaderSize(r, 1<<20)
		b := lineBatch{first: 1}
		n := 0
		send := func() bool {
			select {
			case out <- b:
			case <-ctx.Done():
				return false
			}
			b = lineBatch{seq: b.seq + 1, first: n + 1}
			return true
		}
		for {
			line, err := readLine(br)
			if len(line) > 0 || err == nil {
				n++
				if l := bytes.TrimSpace(line); len(l) > 0 {
					b.lines = append(b.lines, bytes.Clone(l))
				} else {
					b.lines = append(b.lines, nil)
				}
				if len(b.lines) == size && !send() {
					errc <- ctx.Err()
					return
				}
			}
			if err == io.EOF {
				if len(b.lines) > 0 && !send() {
					errc <- ctx.Err()
					return
				}
				errc <- nil
				return
			} else if err != nil {
				errc <- fmt.Errorf("line %d: %w", n+1, err)
				return
			}
		}
	}()
	return out, errc
}

// readLine returns the next line without its newline, refusing lines longer
// than maxLineBytes.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		part, isPrefix, err := br.ReadLine()
		buf = append(buf, part...)
		if len(buf) > maxLineBytes {
			return nil, fmt.Errorf("行过长（超过 %d 字节）", maxLineBytes)
		}
		if err != nil || !isPrefix {
			return buf, err
		}
	}
}

// decodeBatches decodes batches on every core and delivers them in order.
func decodeBatches(ctx context.Context, in <-chan lineBatch, asOf time.Time) <-chan decodedBatch {
	workers := max(1, runtime.GOMAXPROCS(0))
	unordered := make(chan decodedBatch, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range in {
				d := decodedBatch{seq: b.seq, first: b.first, entities: make([]*beian.Entity, len(b.lines)), errs: make([]*beian.Error, len(b.lines))}
				for i, l := range b.lines {
					if l == nil {
						continue
					}
					e, err := DecodeRecord(l, asOf)
					if err != nil {
						var be *beian.Error
						if !errors.As(err, &be) {
							be = beian.Errorf(beian.EINVALID, "%s", err.Error())
						}
						d.errs[i] = be
						continue
					}
					d.entities[i] = e
				}
				select {
				case unordered <- d:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() { wg.Wait(); close(unordered) }()

	out := make(chan decodedBatch, workers)
	go func() {
		defer close(out)
		pending := map[int]decodedBatch{}
		next := 0
		for d := range unordered {
			pending[d.seq] = d
			for {
				d, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				select {
				case out <- d:
				case <-ctx.Done():
				}
			}
		}
	}()
	return out
}

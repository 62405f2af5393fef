package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// QueryWatch tells a cache of public-query answers when the record may have
// changed. The database says so itself (migration 0080), so writes by other
// processes count as much as this one's:
//   - SQLite: triggers advance a one-row counter on every insert, update and
//     delete of entities, services and domains. Reading it is a read
//     transaction (file locks, a page), as dear as a domain look-up's own
//     statement, so Generation first reads the header of the WAL index (the
//     -shm file, walshm.go), which every commit of any process changes: while
//     it stays the same, so does the counter.
//   - PostgreSQL: statement triggers notify channel beian_query; a connection
//     of the watch's own listens, and every notification for this store's
//     schema advances the generation in memory, so Generation costs no round
//     trip. An answer is cached only while that connection listens: when it
//     breaks, the generation advances (the cache drops everything), nothing is
//     cached until it listens again, and it reconnects with a growing pause.
//     A write by another node reaches this node's cache when its notification
//     arrives, after the writer's commit: a query in between is answered as
//     just before that commit.
type QueryWatch struct {
	db  *DB
	shm walIndex // SQLite

	// PostgreSQL: generation<<1 | listening, written by the listener only.
	state atomic.Uint64
	mu    sync.Mutex
	next  chan struct{} // closed at the next change of state
}

// WatchQueries returns the store's query watch; on PostgreSQL it listens
// until ctx ends. Report, if not nil, hears why the listener lost its
// connection.
func (db *DB) WatchQueries(ctx context.Context, report func(error)) *QueryWatch {
	w := &QueryWatch{db: db, next: make(chan struct{})}
	if db.dialect.name() == "postgres" {
		go w.listen(ctx, report)
	} else {
		close(w.next)
		w.shm.open(db.dsn + "-shm")
		context.AfterFunc(ctx, w.shm.close)
	}
	return w
}

// Generation returns a number that changes once a write that can change a
// query's answer has committed. An answer read after Generation returned g
// is at least as new as g. When ok is false there is no such number now and
// nothing may be cached.
func (w *QueryWatch) Generation(ctx context.Context) (gen uint64, ok bool) {
	if w.db.dialect.name() == "postgres" {
		s := w.state.Load()
		return s >> 1, s&1 == 1
	}
	// The header is read before the counter, so the counter read is at
	// least as new as the header it is remembered with.
	hdr, hdrOK := w.shm.header()
	if hdrOK {
		if s := w.shm.last.Load(); s != nil && s.hdr == hdr {
			return s.gen, true
		}
	}
	w.shm.reads.Add(1)
	st, err := w.db.prepared(ctx, `SELECT n FROM query_generation WHERE id = 1`)
	if err != nil {
		return 0, false
	}
	if err := st.QueryRowContext(ctx).Scan(&gen); err != nil {
		return 0, false
	}
	if hdrOK {
		w.shm.last.Store(&walSnapshot{hdr: hdr, gen: gen})
	}
	return gen, true
}

// Changed returns a channel closed at the next change of the generation or
// of whether it can be given. On SQLite, whose Generation reads the database
// each time, it is closed already.
func (w *QueryWatch) Changed() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.next
}

// Polled reports whether Generation reads the database each time (SQLite)
// rather than following notifications (PostgreSQL).
func (w *QueryWatch) Polled() bool { return w.db.dialect.name() != "postgres" }

func (w *QueryWatch) set(gen uint64, listening bool) {
	s := gen << 1
	if listening {
		s |= 1
	}
	w.state.Store(s)
	w.mu.Lock()
	close(w.next)
	w.next = make(chan struct{})
	w.mu.Unlock()
}

// Pauses between attempts to listen again.
const (
	firstPause = 100 * time.Millisecond
	longPause  = 5 * time.Second
)

func (w *QueryWatch) listen(ctx context.Context, report func(error)) {
	pause := firstPause
	for {
		listened, err := w.listenOnce(ctx)
		// Whatever was committed while nobody listened is unknown.
		w.set(w.state.Load()>>1+1, false)
		if ctx.Err() != nil {
			return
		}
		if report != nil {
			report(err)
		}
		if listened {
			pause = firstPause
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		pause = min(2*pause, longPause)
	}
}

// listenOnce listens on a connection of its own until it fails; listened
// says whether it got as far as listening.
func (w *QueryWatch) listenOnce(ctx context.Context) (listened bool, err error) {
	conn, err := pgx.Connect(ctx, w.db.dsn)
	if err != nil {
		return false, fmt.Errorf("query watch: connect: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `LISTEN beian_query`); err != nil {
		return false, fmt.Errorf("query watch: listen: %w", err)
	}
	var schema string
	if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return false, fmt.Errorf("query watch: schema: %w", err)
	}
	// Listening from here: anything committed before is behind this step.
	w.set(w.state.Load()>>1+1, true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, fmt.Errorf("query watch: %w", err)
		}
		if n.Payload == schema {
			w.set(w.state.Load()>>1+1, true)
		}
	}
}

package registry

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/beianhq/beian"
)

// Generation is what a QueryCache asks before every answer (a
// *store.QueryWatch): a number that changes once a write that can change an
// answer has committed, whichever process made it, and false when there is
// none to give (nothing may be cached then).
type Generation interface {
	Generation(ctx context.Context) (gen uint64, ok bool)
}

// Default bounds of a QueryCache. A one-row answer with its encoded body
// takes about 1.5 KB, a page of twenty name matches about 15 KB.
const (
	DefaultCacheEntries = 50000
	DefaultCacheBytes   = 32 << 20
	maxParsed           = 10000
)

// QueryCache keeps public-query answers by parsed query for as long as the
// store's generation stays where it was when they were read. A registry is
// read far more often than it is written, and most look-ups repeat (a
// domain checked by every visitor of its site). It holds at most
// MaxEntries answers and about MaxBytes of their rows and bodies; past
// either it forgets answers at random. A change of generation forgets them
// all.
type QueryCache struct {
	Watch      Generation
	MaxEntries int
	MaxBytes   int

	mu    sync.Mutex
	gen   uint64
	m     map[beian.Query]*cachedAnswer
	bytes int

	// Keywords as typed, parsed: parsing a domain through IDNA costs a
	// tenth of a cached answer. A pure function of the parameters, so it
	// never goes stale; emptied when it reaches maxParsed (a few MB at most:
	// a keyword is at most 100 characters).
	parsed  sync.Map // QueryParams → beian.Query
	nparsed atomic.Int64
}

type cachedAnswer struct {
	res  beian.QueryResult
	body []byte // the caller's encoding, once asked for; under the cache's mu
	size int
}

// NewQueryCache returns a cache with the default bounds.
func NewQueryCache(w Generation) *QueryCache {
	return &QueryCache{Watch: w, MaxEntries: DefaultCacheEntries, MaxBytes: DefaultCacheBytes}
}

// parse is ParseQuery, remembered.
func (c *QueryCache) parse(p QueryParams) (beian.Query, error) {
	if q, ok := c.parsed.Load(p); ok {
		return q.(beian.Query), nil
	}
	q, err := ParseQuery(p)
	if err != nil {
		return q, err
	}
	if c.nparsed.Add(1) > maxParsed {
		c.parsed.Clear()
		c.nparsed.Store(1)
	}
	c.parsed.Store(p, q)
	return q, nil
}

// lookup returns the answer to q if cached and the generation that a new
// answer must be stored under; storable is false when none may be.
func (c *QueryCache) lookup(ctx context.Context, q beian.Query) (a *cachedAnswer, body []byte, gen uint64, storable bool) {
	gen, ok := c.Watch.Generation(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case !ok:
		c.reset()
		return nil, nil, 0, false
	case gen > c.gen:
		c.reset()
		c.gen = gen
	case gen < c.gen:
		// A reader that saw the generation before a newer reader did.
		return nil, nil, 0, false
	}
	if a = c.m[q]; a != nil {
		return a, a.body, gen, true
	}
	return nil, nil, gen, true
}

func (c *QueryCache) reset() {
	c.m, c.bytes = nil, 0
}

// store keeps res (and body, when encoded) as the answer to q read after
// generation gen, unless the generation has moved on.
func (c *QueryCache) store(q beian.Query, gen uint64, res beian.QueryResult, body []byte) {
	size := answerSize(q, res) + len(body)
	if size > c.MaxBytes/64 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil {
		c.m = map[beian.Query]*cachedAnswer{}
	}
	if old := c.m[q]; old != nil {
		c.bytes -= old.size
	}
	c.m[q] = &cachedAnswer{res: res, body: body, size: size}
	c.bytes += size
	c.evict()
}

// attach adds the encoding of a cached answer that had none.
func (c *QueryCache) attach(q beian.Query, a *cachedAnswer, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m[q] != a || a.body != nil {
		return
	}
	a.body = body
	a.size += len(body)
	c.bytes += len(body)
	c.evict()
}

// evict forgets answers until both bounds hold; Go's map order is random
// enough to make it random eviction.
func (c *QueryCache) evict() {
	for k, a := range c.m {
		if len(c.m) <= c.MaxEntries && c.bytes <= c.MaxBytes {
			return
		}
		delete(c.m, k)
		c.bytes -= a.size
	}
}

// Len returns the number of answers held and the bytes counted for them.
func (c *QueryCache) Len() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m), c.bytes
}

// answerSize estimates the memory an answer holds: its strings and the
// fixed part of its key and rows.
func answerSize(q beian.Query, res beian.QueryResult) int {
	n := 256 + len(q.Domain) + len(q.Licence) + len(q.Name) + len(q.Reading)
	for _, r := range res.Rows {
		n += 160 + len(r.UnitName) + len(r.NatureName) + len(r.MainLicence) + len(r.ServiceLicence) +
			len(r.ServiceName) + len(r.Domain) + len(r.HomeURL) + len(r.ContentTypeName)
	}
	return n
}

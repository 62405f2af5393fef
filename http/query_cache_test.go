package http_test

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// switchable is the store's query watch with a switch: off, it gives no
// generation, so the cache neither answers nor stores (every answer comes
// from the store, as with no cache).
type switchable struct {
	*store.QueryWatch
	on atomic.Bool
}

func (s *switchable) Generation(ctx context.Context) (uint64, bool) {
	g, ok := s.QueryWatch.Generation(ctx)
	return g, ok && s.on.Load()
}

// TestAPIQuery_CacheSameBytes: every answer of the query — found, missing,
// malformed, the JSON API and the page — is byte for byte the same read from
// the store, stored in the cache (a miss) and served from it (a hit).
func TestAPIQuery_CacheSameBytes(t *testing.T) {
	queries := []struct {
		q       url.Values
		refused bool // never reaches the store
	}{
		{url.Values{"keyword": {"yunqi-example.com"}}, false},
		{url.Values{"keyword": {"HTTPS://WWW.Yunqi-Example.COM:8443/a"}}, false},
		{url.Values{"keyword": {"中文例子.cn"}}, false},
		{url.Values{"keyword": {"浙ICP备2021012345号"}}, false},
		{url.Values{"keyword": {"浙ICP备2021012345号-2X"}}, false},
		{url.Values{"keyword": {"川ICP备2022000001号"}}, false},
		{url.Values{"keyword": {"蜀道文化"}}, false},
		{url.Values{"keyword": {"云栖"}}, false},
		{url.Values{"keyword": {"云栖"}, "serviceType": {"7"}}, false},
		{url.Values{"keyword": {"云栖"}, "pageSize": {"1"}, "pageNum": {"2"}}, false},
		{url.Values{"keyword": {"云栖"}, "pageSize": {"1"}, "pageNum": {"9"}}, false},
		{url.Values{"keyword": {"nobody-here.com"}}, false},
		{url.Values{"keyword": {"浙ICP备2099999999号"}}, false},
		{url.Values{"keyword": {"无此单位"}}, false},
		{url.Values{"keyword": {""}}, true},
		{url.Values{"keyword": {"云"}}, true},
		{url.Values{"keyword": {"云栖"}, "serviceType": {"5"}}, true},
		{url.Values{"keyword": {"云栖"}, "pageSize": {"0"}}, true},
		{url.Values{"keyword": {"云栖"}, "pageSize": {"100"}, "pageNum": {"101"}}, true},
	}
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var reg *registry.Registry
			ts := newTestServer(t, engine, func(s *beianhttp.Server) { reg = s.Registry })
			watch := &switchable{QueryWatch: ts.db.WatchQueries(ctx, nil)}
			reg.Cache = registry.NewQueryCache(watch)
			listening(t, watch.QueryWatch)
			for _, test := range queries {
				for _, path := range []string{"/api/v1/query?", "/query?"} {
					u := path + test.q.Encode()
					watch.on.Store(false)
					plain := ts.answer(t, u)
					before, _ := reg.Cache.Len()
					watch.on.Store(true)
					for _, pass := range []string{"miss", "hit"} {
						if got := ts.answer(t, u); !bytes.Equal(got, plain) {
							t.Errorf("%s %s:\n got %s\nwant %s", u, pass, got, plain)
						}
					}
					// A query that reached the store emptied the cache while
					// switched off and holds its answer now, so the second
					// pass was a hit. A refusal never gets that far.
					want := 1
					if test.refused {
						want = before
					}
					if n, _ := reg.Cache.Len(); n != want {
						t.Errorf("%s: cache holds %d answers, want %d", u, n, want)
					}
				}
			}
		})
	}
}

// answer returns the status, type and body of GET path.
func (ts *testServer) answer(t *testing.T, path string) []byte {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	head := resp.Status + " " + resp.Header.Get("Content-Type") + " " + resp.Header.Get("Content-Length") + "\n"
	return append([]byte(head), b...)
}

// listening waits until the watch can give a generation (on PostgreSQL,
// once its connection listens).
func listening(t *testing.T, w *store.QueryWatch) {
	t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		changed := w.Changed()
		if _, ok := w.Generation(context.Background()); ok {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatal("query watch never listened")
		}
	}
}

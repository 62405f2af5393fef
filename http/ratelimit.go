package http

import (
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/beianhq/beian"
	"golang.org/x/time/rate"
)

// limiter keeps one token bucket per client address.
type limiter struct {
	rate  rate.Limit
	burst int
	now   func() time.Time

	mu      sync.Mutex
	clients map[string]*client
	swept   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

// idleClient is how long an unseen client's bucket is kept; by then it has
// refilled anyway.
const idleClient = 10 * time.Minute

func newLimiter(perSecond float64, burst int, now func() time.Time) *limiter {
	if perSecond <= 0 {
		return nil
	}
	return &limiter{rate: rate.Limit(perSecond), burst: max(burst, 1), now: now, clients: map[string]*client{}}
}

// allow takes a token for key and, when none is left, says how long until
// one is.
func (l *limiter) allow(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > idleClient {
		for k, c := range l.clients {
			if now.Sub(c.seen) > idleClient {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c, ok := l.clients[key]
	if !ok {
		c = &client{lim: rate.NewLimiter(l.rate, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	res := c.lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// rateLimit refuses a client over its query rate with 429 and Retry-After.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	if s.limiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := s.limiter.allow(s.clientAddr(r))
		if !ok {
			err := &beian.Error{Code: beian.ERATELIMITED, RetryAfter: wait,
				Message: fmt.Sprintf("查询过于频繁，请 %d 秒后再试", int(math.Ceil(wait.Seconds())))}
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

package beian

import (
	"fmt"
	"math"
	"time"
)

// Lockout is a lock-out that grows: from the Limit-th failure on, the key
// is locked for Base, doubling with each further failure, at most Max. A
// Limit of 0 never locks.
type Lockout struct {
	Limit     int
	Base, Max time.Duration
}

// LockFor returns how long a key with failures failed checks is locked
// (0: not locked).
func (l Lockout) LockFor(failures int) time.Duration {
	over := failures - l.Limit
	if l.Limit <= 0 || over < 0 {
		return 0
	}
	lock := l.Base
	for i := 0; i < over && lock < l.Max; i++ {
		lock *= 2
	}
	return min(lock, l.Max)
}

// RateWindow allows Limit events per rolling Window. A Limit of 0 allows
// any number.
type RateWindow struct {
	Limit  int
	Window time.Duration
}

// Wait returns how long until one more event is allowed, given the times of
// the events counted within the window before now, oldest first: 0 when one
// is allowed now, else the time until enough of the oldest leave the window.
func (w RateWindow) Wait(events []time.Time, now time.Time) time.Duration {
	if w.Limit <= 0 || len(events) < w.Limit {
		return 0
	}
	// The (len-Limit+1)-th oldest must leave for the count to drop below Limit.
	leaves := events[len(events)-w.Limit].Add(w.Window)
	return max(leaves.Sub(now), time.Second)
}

// RateLimited is the ERATELIMITED error for a wait: the same duration gives
// the Retry-After header and the text, so the two always agree. format has
// one %s, replaced by the wait in words (“2 分钟”, “3 小时”).
func RateLimited(wait time.Duration, format string) *Error {
	return &Error{Code: ERATELIMITED, RetryAfter: wait, Message: fmt.Sprintf(format, WaitText(wait))}
}

// WaitText says a wait in the unit a person reads it in, rounded up the way
// the Retry-After header is (whole seconds): under two minutes in seconds,
// under two hours in minutes, else in hours.
func WaitText(d time.Duration) string {
	secs := max(1, int(math.Ceil(d.Seconds())))
	switch {
	case secs < 120:
		return fmt.Sprintf("%d 秒", secs)
	case secs < 2*3600:
		return fmt.Sprintf("%d 分钟", (secs+59)/60)
	}
	return fmt.Sprintf("%d 小时", (secs+3599)/3600)
}

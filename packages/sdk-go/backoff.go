package flagswitch

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// backoff is exponential retry delay with a cap and jitter, so that many SDK instances that
// lost the server at once do not come back in lockstep.
type backoff struct {
	initial time.Duration
	max     time.Duration
}

// delay returns the wait before retry number attempt (1 for the first retry): initial × 2^(attempt−1),
// capped, then jittered to 50–100 % of that.
func (b backoff) delay(attempt int) time.Duration {
	d := b.initial
	for i := 1; i < attempt && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// jittered returns interval ± 10 %.
func jittered(interval time.Duration) time.Duration {
	spread := int64(interval / 10)
	if spread <= 0 {
		return interval
	}
	return interval - time.Duration(spread) + time.Duration(rand.Int64N(2*spread+1))
}

// retryAfter reads a Retry-After header (seconds, or an HTTP date) as a delay; 0 when absent.
func retryAfter(header http.Header, now time.Time) time.Duration {
	value := header.Get("Retry-After")
	if value == "" {
		return 0
	}
	if seconds, err := strconv.Atoi(value); err == nil && seconds >= 0 {
		return time.Duration(seconds) * time.Second
	}
	if at, err := http.ParseTime(value); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

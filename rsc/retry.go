package rsc

import (
	"context"
	"crypto/x509"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// RetryPolicy says how failed attempts are repeated. Only requests that are
// safe to repeat for their Rest.li method are retried after a server error or
// a broken connection: GET, BATCH_GET, FINDER, and the keyed upserts and
// deletes (BATCH_UPDATE, BATCH_PARTIAL_UPDATE, BATCH_DELETE, which LinkedIn
// applies idempotently because the keys are the ATS's own ids). CREATE and
// BATCH_CREATE are repeated only when LinkedIn did not process them: a 429,
// or a connection that could not be opened.
//
// Every zero field takes its default (see DefaultRetryPolicy), so the zero
// value means DefaultRetryPolicy and RetryPolicy{MinWait: time.Millisecond}
// still retries 3 times. To disable retries, set MaxRetries to a negative
// value.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt (0 means
	// the default, 3). Negative disables retries.
	MaxRetries int
	// MinWait and MaxWait bound the exponential backoff (defaults 1s and 10s,
	// as LinkedIn's own Java SDK uses).
	MinWait, MaxWait time.Duration
	// MaxRetryAfter is the longest Retry-After the client waits for (default
	// 60s). A 429 asking for longer is returned at once.
	MaxRetryAfter time.Duration
	// Max429Retries bounds the retries of 429 answers, which may mean a quota
	// is used up (0 means the default, 2). Negative disables them.
	Max429Retries int
}

// DefaultRetryPolicy returns the policy used when none is set.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, MinWait: time.Second, MaxWait: 10 * time.Second, MaxRetryAfter: time.Minute, Max429Retries: 2}
}

// withDefaults replaces each zero field with its default, field by field, and
// turns the negative counts that disable retries into 0.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxRetries == 0 {
		p.MaxRetries = d.MaxRetries
	} else if p.MaxRetries < 0 {
		p.MaxRetries = 0
	}
	if p.MinWait == 0 {
		p.MinWait = d.MinWait
	}
	if p.MaxWait == 0 {
		p.MaxWait = max(d.MaxWait, p.MinWait)
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	if p.Max429Retries == 0 {
		p.Max429Retries = d.Max429Retries
	} else if p.Max429Retries < 0 {
		p.Max429Retries = 0
	}
	return p
}

// attemptInfo travels in the request context from do() to the retry hooks and
// the limiting transport. It is created per call and only touched by the
// goroutine running that call.
type attemptInfo struct {
	req        *request // the call, named in logs (nil outside one)
	idempotent bool
	quota      QuotaGroup
	records    int
	retries429 int
}

type attemptKey struct{}

// operation names the call in logs, or is "" outside one.
func (a *attemptInfo) operation() string {
	if a.req == nil {
		return ""
	}
	return a.req.operation()
}

func attemptFrom(ctx context.Context) *attemptInfo {
	a, _ := ctx.Value(attemptKey{}).(*attemptInfo)
	if a == nil {
		return &attemptInfo{}
	}
	return a
}

// checkRetry is the retryablehttp CheckRetry of every client.
func (c *core) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	info := attemptFrom(ctx)
	if err != nil {
		var qe *QuotaError
		var lt *LocalThrottleError
		var ae *APIError
		if errors.As(err, &qe) || errors.As(err, &lt) || errors.As(err, &ae) {
			return false, err // refused before sending, or a token error
		}
		var tf *tokenFailure
		if errors.As(err, &tf) {
			var ue *url.Error
			return errors.As(tf.err, &ue) && retryableNetError(ue), nil
		}
		retry := retryableNetError(err) && (info.idempotent || notSent(err))
		c.log.LogAttrs(ctx, slog.LevelWarn, "rsc connection failed", slog.String("op", info.operation()),
			slog.String("error", netErrorText(err)), slog.Bool("retry", retry))
		if !retryableNetError(err) {
			return false, err
		}
		return retry, nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		if ra, ok := retryAfter(resp, time.Now()); ok && ra > c.retry.MaxRetryAfter {
			return false, nil
		}
		if info.retries429 >= c.retry.Max429Retries {
			return false, nil
		}
		if isDailyQuota(peekBody(resp)) {
			return false, nil
		}
		info.retries429++
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return info.idempotent, nil
	}
	return false, nil
}

// retryableNetError rules out errors that a retry cannot mend.
func retryableNetError(err error) bool {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		if errors.As(ue.Err, new(*x509.UnknownAuthorityError)) || errors.As(ue.Err, new(x509.CertificateInvalidError)) {
			return false
		}
	}
	return true
}

// netErrorText describes a failed connection without the request's URL
// (which carries record ids in its query): "Put: connection reset by peer".
func netErrorText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}

// notSent reports whether err says the connection was never opened, so the
// server cannot have processed the request.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff is the retryablehttp Backoff: Retry-After when LinkedIn sent one,
// else exponential with jitter between MinWait and MaxWait.
func (c *core) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if ra, ok := retryAfter(resp, time.Now()); ok {
			return ra
		}
	}
	d := minWait << min(attempt, 30)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	// Equal jitter: half fixed, half random, so concurrent senders spread out.
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// retryAfter parses a Retry-After header in seconds or as an HTTP date.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

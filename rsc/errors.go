package rsc

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/internal/redact"
)

// Sentinel error classes. An *APIError matches the class of its HTTP status
// through errors.Is, even when LinkedIn sent no body:
//
//	if errors.Is(err, rsc.ErrNotFound) { ... }
//
// Use errors.As with *APIError for the details.
var (
	// ErrInvalidRequest matches 400, 414, 422 and other 4xx answers not listed below.
	ErrInvalidRequest = errors.New("rsc: invalid request")
	// ErrUnauthorized matches 401: a missing, wrong or expired access token.
	ErrUnauthorized = errors.New("rsc: unauthorized")
	// ErrForbidden matches 403: the application may not call this resource or touch this integration context.
	ErrForbidden = errors.New("rsc: forbidden")
	// ErrNotFound matches 404.
	ErrNotFound = errors.New("rsc: not found")
	// ErrConflict matches 409 (for example a duplicate uniqueForeignId).
	ErrConflict = errors.New("rsc: conflict")
	// ErrRateLimited matches 429 from LinkedIn, *LocalThrottleError and *QuotaError.
	ErrRateLimited = errors.New("rsc: rate limited")
	// ErrDailyQuota matches *QuotaError: a daily request quota is used up until 00:00 UTC.
	ErrDailyQuota = errors.New("rsc: daily quota exhausted")
	// ErrServer matches 5xx answers.
	ErrServer = errors.New("rsc: server error")
	// ErrBatchTooLarge is returned before any request when a batch call gets more than MaxBatchSize records.
	ErrBatchTooLarge = errors.New("rsc: batch larger than 100 records")
)

// APIError is an error answer from LinkedIn, decoded from its
// {"status","serviceErrorCode","message"} body. It is returned for a whole
// request that failed, and attached to each failed record of a batch call.
type APIError struct {
	// StatusCode is the HTTP status (or, inside a batch, the record's status).
	StatusCode int
	// ServiceErrorCode is LinkedIn's serviceErrorCode, when given.
	ServiceErrorCode int
	// Code is LinkedIn's symbolic error code, when given.
	Code string
	// Message is LinkedIn's message, e.g. "ERROR :: /title :: field is
	// required but not found and has no default value", with credentials
	// (bearer tokens, client secrets, access_token= values) masked.
	Message string
	// Method is the HTTP method of the request.
	Method string
	// Operation names the Rest.li operation, e.g. "BATCH_UPDATE /v2/atsCandidates".
	Operation string
	// RequestID is LinkedIn's request id (x-li-uuid header) for support tickets; may be empty.
	RequestID string
	// RetryAfter is the wait LinkedIn asked for in a Retry-After header; zero when absent.
	RetryAfter time.Duration
}

// redact masks credentials in the fields a server wrote, and every non-empty
// known value (the token in use, the client secret) wherever it appears.
func (e *APIError) redact(known ...string) {
	e.Message = redact.String(e.Message, known...)
	e.Code = redact.String(e.Code, known...)
	e.RequestID = redact.String(e.RequestID, known...)
}

// Error implements error. Bearer tokens, client secrets and other
// credential-shaped values in LinkedIn's message are masked, so that an
// answer echoing the request cannot leak them into logs.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("rsc: ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(redact.String(strings.TrimSpace(e.Message)))
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(redact.String(e.RequestID))
		b.WriteString(")")
	}
	return b.String()
}

// Is reports whether the error belongs to the class target, which is one of
// the Err* sentinels of this package.
func (e *APIError) Is(target error) bool {
	return classOf(e.StatusCode) == target
}

func classOf(status int) error {
	switch {
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500:
		return ErrServer
	case status >= 400:
		return ErrInvalidRequest
	}
	return nil
}

// Temporary reports whether repeating the same request later may succeed:
// 429 and 5xx answers other than 501.
func (e *APIError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests ||
		(e.StatusCode >= 500 && e.StatusCode != http.StatusNotImplemented)
}

// LocalThrottleError is returned when the client's own records-per-minute
// limiter could not grant a request before the context's deadline. Nothing
// was sent to LinkedIn. It matches ErrRateLimited.
type LocalThrottleError struct {
	// Records is the number of records the request needed.
	Records int
	// Err is the limiter's reason.
	Err error
}

// Error implements error.
func (e *LocalThrottleError) Error() string {
	return fmt.Sprintf("rsc: client-side rate limit: %d records cannot be sent before the deadline: %v", e.Records, e.Err)
}

// Is matches ErrRateLimited.
func (e *LocalThrottleError) Is(target error) bool { return target == ErrRateLimited }

// Unwrap returns the limiter's error.
func (e *LocalThrottleError) Unwrap() error { return e.Err }

// QuotaError reports that a daily request quota is used up. LinkedIn's daily
// quotas reset at 00:00 UTC; until ResetAt the client fails such calls at
// once without sending them. It matches ErrDailyQuota and ErrRateLimited.
type QuotaError struct {
	// Quota names the quota, e.g. "sync" or "integrations" (see QuotaGroup).
	Quota QuotaGroup
	// Local is true when the client's own counter refused the call (nothing was
	// sent), false when LinkedIn answered 429 with a daily-limit message.
	Local bool
	// ResetAt is the next 00:00 UTC.
	ResetAt time.Time
	// Cause is LinkedIn's 429 answer when Local is false.
	Cause error
}

// Error implements error.
func (e *QuotaError) Error() string {
	side := "LinkedIn"
	if e.Local {
		side = "client-side"
	}
	return fmt.Sprintf("rsc: %s daily quota %q exhausted until %s", side, e.Quota, e.ResetAt.UTC().Format(time.RFC3339))
}

// Is matches ErrDailyQuota and ErrRateLimited.
func (e *QuotaError) Is(target error) bool {
	return target == ErrDailyQuota || target == ErrRateLimited
}

// Unwrap returns LinkedIn's answer, if any.
func (e *QuotaError) Unwrap() error { return e.Cause }

// nextUTCMidnight returns the first 00:00 UTC strictly after t.
func nextUTCMidnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

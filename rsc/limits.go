package rsc

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// QuotaGroup names one of LinkedIn's documented daily request quotas. Every
// endpoint belongs to one group; the client counts requests per group and per
// UTC day, and refuses calls once a group's quota is used up.
type QuotaGroup string

// Quota groups and the daily limits LinkedIn documents for them (see
// DefaultRateLimits). Assumption: LinkedIn counts each group per application
// (child app) and per UTC day, every attempt of a request counting once.
const (
	// QuotaSync covers atsCandidates, candidate notes, atsApplications,
	// application notes, stages, interview feedback (v2) and entity ACLs:
	// 100,000 requests per day and 10,000 records per minute.
	QuotaSync QuotaGroup = "sync"
	// QuotaIntegrations covers atsIntegrations and their configurations: 5,000 per day.
	QuotaIntegrations QuotaGroup = "integrations"
	// QuotaJobs covers simpleJobPostings. LinkedIn documents no daily limit for
	// basic jobs; Assumption: 100,000 like the sync resources.
	QuotaJobs QuotaGroup = "jobs"
	// QuotaJobTasks covers simpleJobPostingTasks: 300,000 per day.
	QuotaJobTasks QuotaGroup = "jobTasks"
	// QuotaProspect covers seats, InMail history, mail stubs and prospect
	// notes together: 100,000 per day.
	QuotaProspect QuotaGroup = "prospect"
	// QuotaExportedCandidates covers exportedCandidates (/v2 and /rest):
	// 100,000 requests per day, a quota of its own (LinkedIn's
	// retrieve-exported-candidates page, 2026-04 view, lists each endpoint on
	// its own row), besides the 300 exports per seat per month that LinkedIn
	// enforces.
	QuotaExportedCandidates QuotaGroup = "exportedCandidates"
	// QuotaPurgedExports covers atsPurgedExportedCandidates: 100,000
	// requests per day of its own (same page, its own row).
	QuotaPurgedExports QuotaGroup = "purgedExportedCandidates"
	// QuotaEvaluations covers rest/exportedApplicationEvaluation: 100,000
	// requests per day (retrieve-application-evaluation page).
	QuotaEvaluations QuotaGroup = "applicationEvaluations"
	// QuotaApplicationNotes covers the versioned rest/applicationNotes:
	// 1,000,000 requests per day and no records-per-minute limit (LinkedIn's
	// sync-application-notes page, 2026-04 view). On /v2 application notes
	// are QuotaSync.
	QuotaApplicationNotes QuotaGroup = "applicationNotes"
	// QuotaInterviewFeedback covers the versioned rest/applicationInterviewFeedbacks: 1,000,000 per day.
	QuotaInterviewFeedback QuotaGroup = "interviewFeedback"
	// QuotaProvisioning covers provisionedApplications (partner client). No
	// documented limit; unlimited by default.
	QuotaProvisioning QuotaGroup = "provisioning"
)

// RateLimits configures the client-side limits. They exist so that the SDK,
// not LinkedIn, is what slows a sender down: LinkedIn answers 429 once a
// quota is exceeded, and a daily quota stays exhausted until 00:00 UTC.
//
// One Client (and its clones) shares one set of limits; build one Client per
// child application.
type RateLimits struct {
	// RecordsPerMinute bounds the records written (batch updates and
	// deletes) to the QuotaSync resources per minute (default 10,000); reads
	// spend none. Negative disables the limit.
	RecordsPerMinute int
	// RequestsPerDay overrides the daily limit of some groups; groups not in the
	// map keep their default. A negative value disables that group's limit.
	RequestsPerDay map[QuotaGroup]int
}

// DefaultRateLimits returns LinkedIn's documented quotas for one child application.
func DefaultRateLimits() RateLimits {
	return RateLimits{
		RecordsPerMinute: 10_000,
		RequestsPerDay: map[QuotaGroup]int{
			QuotaSync:               100_000,
			QuotaIntegrations:       5_000,
			QuotaJobs:               100_000,
			QuotaJobTasks:           300_000,
			QuotaProspect:           100_000,
			QuotaExportedCandidates: 100_000,
			QuotaPurgedExports:      100_000,
			QuotaApplicationNotes:   1_000_000,
			QuotaEvaluations:        100_000,
			QuotaInterviewFeedback:  1_000_000,
			QuotaProvisioning:       -1,
		},
	}
}

// NoRateLimits disables every client-side limit (LinkedIn's own still apply).
func NoRateLimits() RateLimits {
	l := DefaultRateLimits()
	l.RecordsPerMinute = -1
	for g := range l.RequestsPerDay {
		l.RequestsPerDay[g] = -1
	}
	return l
}

// limiter holds the live state of RateLimits. It is shared by a Client and its clones.
type limiter struct {
	records *rate.Limiter // nil: unlimited
	// daily has a counter for every QuotaGroup, limited or not, so that a
	// daily-quota 429 can block any group. It is filled by newLimiter and
	// never written afterwards: concurrent calls read it without a lock.
	daily map[QuotaGroup]*dailyCounter
}

func newLimiter(cfg RateLimits) (*limiter, error) {
	def := DefaultRateLimits()
	l := &limiter{daily: make(map[QuotaGroup]*dailyCounter)}
	rpm := cfg.RecordsPerMinute
	if rpm == 0 {
		rpm = def.RecordsPerMinute
	}
	if rpm > 0 {
		// The bucket holds one batch; it refills at (quota - burst) per minute,
		// so no fixed minute window ever sees more than the quota.
		burst := min(MaxBatchSize, rpm)
		perMin := float64(rpm - burst)
		if perMin <= 0 {
			perMin = float64(rpm) / 2
		}
		l.records = rate.NewLimiter(rate.Limit(perMin/60), burst)
	}
	groups := def.RequestsPerDay
	for g, n := range cfg.RequestsPerDay {
		if n == 0 {
			return nil, fmt.Errorf("rsc: RequestsPerDay[%q] is 0; use a negative value to disable it", g)
		}
		groups[g] = n
	}
	for g, n := range groups {
		// A negative limit means no local limit; the counter still remembers
		// a daily-quota 429 from LinkedIn.
		l.daily[g] = &dailyCounter{limit: n}
	}
	return l, nil
}

// takeRequest counts one request against group, or reports the quota as exhausted.
func (l *limiter) takeRequest(group QuotaGroup, now time.Time) error {
	d := l.daily[group]
	if d == nil {
		return nil
	}
	return d.take(group, now)
}

// exhausted records that LinkedIn reported the group's daily quota as used
// up. Every group the SDK sends has a counter; for any other the error is
// returned without being remembered, as l.daily is never written here.
func (l *limiter) exhausted(group QuotaGroup, now time.Time) *QuotaError {
	d := l.daily[group]
	if d == nil {
		return &QuotaError{Quota: group, Local: false, ResetAt: nextUTCMidnight(now)}
	}
	return d.block(group, now)
}

// waitRecords blocks until n records may be sent to the QuotaSync resources.
func (l *limiter) waitRecords(ctx context.Context, n int) error {
	if l.records == nil || n <= 0 {
		return nil
	}
	n = min(n, l.records.Burst())
	if err := l.records.WaitN(ctx, n); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &LocalThrottleError{Records: n, Err: err}
	}
	return nil
}

// dailyCounter counts requests per UTC day.
type dailyCounter struct {
	mu           sync.Mutex
	limit        int // <= 0: no local limit (still honours blockedUntil)
	day          int64
	used         int
	blockedUntil time.Time // LinkedIn said the quota is gone until then
}

func utcDay(t time.Time) int64 { return t.UTC().Unix() / 86400 }

func (d *dailyCounter) take(group QuotaGroup, now time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.Before(d.blockedUntil) {
		return &QuotaError{Quota: group, Local: false, ResetAt: d.blockedUntil}
	}
	if day := utcDay(now); day != d.day {
		d.day, d.used = day, 0
	}
	if d.limit > 0 && d.used >= d.limit {
		return &QuotaError{Quota: group, Local: true, ResetAt: nextUTCMidnight(now)}
	}
	d.used++
	return nil
}

func (d *dailyCounter) block(group QuotaGroup, now time.Time) *QuotaError {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.blockedUntil = nextUTCMidnight(now)
	return &QuotaError{Quota: group, Local: false, ResetAt: d.blockedUntil}
}

package rscsync

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rsc"
)

// Backlog is one tenant's waiting work in the Store.
type Backlog struct {
	// Intents is the outbox depth: intents not yet completed.
	Intents int `json:"intents"`
	// Oldest is the CreatedAt of the oldest of them (zero when none).
	Oldest time.Time `json:"oldest,omitzero"`
	// Parked is the records parked (rejected, waiting for a correction).
	Parked int `json:"parked"`
}

// BacklogReader is an optional Store ability for Runner.Status and the
// Metrics hook: the backlog of many tenants in one call (one query), so
// that reporting on thousands of tenants costs O(1) database work.
type BacklogReader interface {
	// Backlog returns the backlog of each of tenants; a tenant with nothing
	// waiting may be left out.
	Backlog(ctx context.Context, tenants []string) (map[string]Backlog, error)
}

// LeaseOwners is an optional Locker ability for Runner.Status: the owners
// of the unexpired leases among names, in one call, so that a process that
// has no room for a tenant can tell whether another serves it.
type LeaseOwners interface {
	// LeaseOwners returns the owner of each unexpired lease among names;
	// names without one are left out.
	LeaseOwners(ctx context.Context, names []string) (map[string]string, error)
}

// LeaseLister is an optional Locker ability for fair assignment: with it
// (and LeaseOwners) every Runner holds a membership lease "member/{Owner}",
// counts the live processes from the others', and serves at most its fair
// share of the listed tenants, ceil(tenants / processes), handing the excess
// over when a process joins and taking more when one leaves.
type LeaseLister interface {
	// ListLeases returns the owner of every unexpired lease whose name
	// starts with prefix.
	ListLeases(ctx context.Context, prefix string) (map[string]string, error)
}

// Metrics is the hook an exporter implements (OpenTelemetry, Prometheus,
// logs): while Run runs, it receives the Runner's Status every
// Config.MetricsInterval. Observe is called from one goroutine at a time
// and should return quickly.
type Metrics interface {
	Observe(ctx context.Context, s Status)
}

// Tenant states in TenantStatus.State.
const (
	// StateServed: this process serves the tenant.
	StateServed = "served"
	// StateElsewhere: another owner holds the tenant's lease (another
	// process serves it, or a dead process's lease has not expired yet).
	StateElsewhere = "elsewhere"
	// StateFull: this process could serve it but has no room (Concurrency).
	StateFull = "full"
	// StateInvalid: the TenantSource's entry does not validate.
	StateInvalid = "invalid"
	// StateOffboarded: an offboarding is recorded for the tenant.
	StateOffboarded = "offboarded"
	// StateWaiting: listed but not started yet (new in the listing, or its
	// loop just ended); looked at again at the next TenantRefresh.
	StateWaiting = "waiting"
	// StateError: the tenant could not be started (its lease or its
	// offboarding state could not be read); retried every TenantRefresh.
	StateError = "error"
)

// Status is what a Runner reports about itself and the tenants its
// TenantSource listed last (Runner.Status), as JSON for an admin page.
type Status struct {
	// Owner is the process's lease owner name (Config.Owner).
	Owner string    `json:"owner"`
	At    time.Time `json:"at"`
	// Listed is the tenants the TenantSource listed last; Served the ones
	// this process serves; Capacity its Concurrency.
	Listed   int `json:"listed"`
	Served   int `json:"served"`
	Capacity int `json:"capacity"`
	// Unserved lists the tenants nobody is known to serve because of this
	// process: StateFull, StateInvalid or StateError (a tenant served
	// elsewhere is not unserved). Each is also logged at Warn.
	Unserved []string `json:"unserved,omitempty"`
	// Tenants are the listed tenants by ID.
	Tenants []TenantStatus `json:"tenants"`
	// BacklogError is set when the Store's BacklogReader failed.
	BacklogError string `json:"backlogError,omitempty"`
}

// TenantStatus is one tenant in a Status.
type TenantStatus struct {
	Tenant string `json:"tenant"`
	// State is one of the State constants.
	State string `json:"state"`
	// Reason says more for StateInvalid and StateError.
	Reason string `json:"reason,omitempty"`
	// Since is when this process started serving the tenant.
	Since time.Time `json:"since,omitzero"`
	// Backlog is the tenant's waiting work (when the Store is a
	// BacklogReader; served tenants only).
	Backlog *Backlog `json:"backlog,omitempty"`
	// BackfillComplete is set once every backfill stream is complete;
	// Backfill has the latest progress of each resource this run sent.
	BackfillComplete bool       `json:"backfillComplete"`
	Backfill         []Progress `json:"backfill,omitempty"`
	// Polls is each poller's freshness.
	Polls []PollStatus `json:"polls,omitempty"`
	// Quota is the tenant Client's use of each quota group today.
	Quota []rsc.QuotaUse `json:"quota,omitempty"`
	// LastError is the error of the tenant's last round, if it failed.
	LastError string `json:"lastError,omitempty"`
}

// PollStatus is the freshness of one poller of a tenant: LinkedIn data it
// reads is at most Age old (plus Settle) when it is healthy.
type PollStatus struct {
	Poller Poller `json:"poller"`
	// Last is when its last successful round ended (zero: none yet).
	Last time.Time `json:"last,omitzero"`
	// Age is the time since Last when the Status was taken.
	Age time.Duration `json:"age"`
	// Interval is its current wait between rounds (PullConfig's budget).
	Interval time.Duration `json:"interval"`
	// Next is when its next round is due.
	Next time.Time `json:"next,omitzero"`
	// Failures counts its failed rounds in a row.
	Failures int `json:"failures,omitempty"`
}

// tenantView is what a served tenant's loop publishes for Status, under mu.
type tenantView struct {
	mu         sync.Mutex
	since      time.Time
	backfilled bool
	progress   map[Resource]Progress
	polls      map[Poller]PollStatus
	lastErr    string
}

// publish copies the loop's state after a round.
func (v *tenantView) publish(st *pullState, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.backfilled = st.backfilled
	v.lastErr = ""
	if err != nil {
		v.lastErr = err.Error()
	}
	if v.polls == nil {
		v.polls = map[Poller]PollStatus{}
	}
	for p, due := range st.due {
		v.polls[p] = PollStatus{Poller: p, Last: st.last[p], Interval: st.every[p], Next: due, Failures: st.fails[p]}
	}
}

// noteProgress keeps the latest backfill progress of a served tenant.
func (r *Runner) noteProgress(p Progress) {
	r.mu.Lock()
	s := r.active[p.Tenant]
	r.mu.Unlock()
	if s == nil {
		return
	}
	s.view.mu.Lock()
	defer s.view.mu.Unlock()
	if s.view.progress == nil {
		s.view.progress = map[Resource]Progress{}
	}
	s.view.progress[p.Resource] = p
}

// Status returns the Runner's status: every tenant of the last listing,
// its state in this process and, for the tenants served here, backlog,
// backfill progress, poll freshness and quota use. It reads the backlog
// of all served tenants with one BacklogReader call and nothing else from
// the Store (and, for the tenants it had no room for, one LeaseOwners call
// to tell whether another process took them since). Before Run has listed
// the tenants it reports none.
func (r *Runner) Status(ctx context.Context) Status {
	now := time.Now()
	r.mu.Lock()
	st := Status{Owner: r.e.cfg.Owner, At: now, Listed: len(r.listed), Capacity: r.e.cfg.Concurrency}
	var served []string
	for _, t := range r.listed {
		ts := TenantStatus{Tenant: t.ID}
		if s := r.active[t.ID]; s != nil {
			ts.State = StateServed
			served = append(served, t.ID)
			s.view.mu.Lock()
			ts.Since, ts.BackfillComplete, ts.LastError = s.view.since, s.view.backfilled, s.view.lastErr
			for _, p := range s.view.progress {
				ts.Backfill = append(ts.Backfill, p)
			}
			for _, p := range s.view.polls {
				if !p.Last.IsZero() {
					p.Age = now.Sub(p.Last)
				}
				ts.Polls = append(ts.Polls, p)
			}
			s.view.mu.Unlock()
			if s.tenant.Client != nil {
				ts.Quota = s.tenant.Client.QuotaUse()
			}
			slices.SortFunc(ts.Backfill, func(a, b Progress) int { return a.Resource.rank() - b.Resource.rank() })
			slices.SortFunc(ts.Polls, func(a, b PollStatus) int { return cmpString(string(a.Poller), string(b.Poller)) })
		} else if sk, ok := r.skipped[t.ID]; ok {
			ts.State, ts.Reason = sk.state, sk.reason
		} else {
			ts.State = StateWaiting
		}
		switch ts.State {
		case StateFull, StateInvalid, StateError:
			st.Unserved = append(st.Unserved, t.ID)
		}
		st.Tenants = append(st.Tenants, ts)
	}
	st.Served = len(served)
	r.mu.Unlock()
	// A tenant this process had no room for may have been taken by another
	// since: look again, in one query.
	if lo := r.e.p.LeaseOwners; lo != nil && len(st.Unserved) > 0 {
		names := make([]string, len(st.Unserved))
		for i, id := range st.Unserved {
			names[i] = "tenant/" + id
		}
		if owners, err := lo.LeaseOwners(ctx, names); err == nil {
			st.Unserved = st.Unserved[:0]
			for i := range st.Tenants {
				ts := &st.Tenants[i]
				if ts.State != StateFull {
					if ts.State == StateInvalid || ts.State == StateError {
						st.Unserved = append(st.Unserved, ts.Tenant)
					}
					continue
				}
				if o := owners["tenant/"+ts.Tenant]; o != "" && o != r.e.cfg.Owner {
					ts.State = StateElsewhere
					continue
				}
				st.Unserved = append(st.Unserved, ts.Tenant)
			}
		}
	}
	if br := r.e.p.Backlog; br != nil && len(served) > 0 {
		bl, err := br.Backlog(ctx, served)
		if err != nil {
			st.BacklogError = err.Error()
		}
		for i := range st.Tenants {
			if st.Tenants[i].State != StateServed {
				continue
			}
			b := bl[st.Tenants[i].Tenant]
			st.Tenants[i].Backlog = &b
		}
	}
	slices.SortFunc(st.Tenants, func(a, b TenantStatus) int { return cmpString(a.Tenant, b.Tenant) })
	slices.Sort(st.Unserved)
	return st
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// StatusHandler serves Status as JSON (GET only), for an admin endpoint.
// It shows tenant IDs, states, counts and error texts, never credentials;
// mount it behind the host's admin authentication.
func (r *Runner) StatusHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(r.Status(req.Context()))
	})
}

// servedElsewhere returns the tenants of ids whose lease no other owner
// holds (when the Store is a LeaseOwners; else ids) and marks the others
// StateElsewhere in skipped.
func (r *Runner) servedElsewhere(ctx context.Context, ids []string, skipped map[string]skip) []string {
	lo, ok := r.e.p.LeaseOwners, r.e.p.LeaseOwners != nil
	if !ok || len(ids) == 0 {
		return ids
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = "tenant/" + id
	}
	owners, err := lo.LeaseOwners(ctx, names)
	if err != nil {
		r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync lease owners not read", slog.String("error", err.Error()))
		return ids
	}
	var left []string
	for _, id := range ids {
		if o := owners["tenant/"+id]; o != "" && o != r.e.cfg.Owner {
			skipped[id] = skip{StateElsewhere, ""}
			continue
		}
		left = append(left, id)
	}
	return left
}

// skip is why Run did not start a listed tenant.
type skip struct{ state, reason string }

// observe passes the Status to the Metrics hook every MetricsInterval
// until ctx ends.
func (r *Runner) observe(ctx context.Context, m Metrics) {
	t := time.NewTicker(r.e.cfg.MetricsInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		m.Observe(ctx, r.Status(ctx))
	}
}

// warnUnserved logs the tenants this process could not start for want of
// room, once per listing: they are served nowhere unless another process
// has room.
func (r *Runner) warnUnserved(ctx context.Context, full []string) {
	if len(full) == 0 {
		return
	}
	r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenants not served here: Concurrency or fair share reached",
		slog.Int("tenants", len(full)), slog.Int("concurrency", r.e.cfg.Concurrency), slog.Any("first", full[:min(len(full), 10)]))
}

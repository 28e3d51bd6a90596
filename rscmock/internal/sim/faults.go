package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// Fault makes matching requests misbehave (rscmock.Fault documents each
// field; the two types have the same fields, so one converts to the other).
type Fault struct {
	Op             string
	Status         int
	Latency        time.Duration
	Drop           bool
	Burst429       int
	RetryAfter     time.Duration
	DailyExhausted bool
	Rate           float64
	Count          int
	AfterCommit    bool
}

// Faults holds the injected faults. It is safe for concurrent use, under a
// lock of its own.
type Faults struct {
	mu   sync.Mutex
	rng  *rand.Rand
	list []*faultState
}

type faultState struct {
	f       Fault
	applied int
}

// NewFaults returns an empty set whose Rate draws are seeded by seed.
func NewFaults(seed uint64) *Faults {
	return &Faults{rng: rand.New(rand.NewPCG(seed, seed^0xbb67ae8584caa73b))}
}

// Add injects f.
func (fs *Faults) Add(f Fault) {
	fs.mu.Lock()
	fs.list = append(fs.list, &faultState{f: f})
	fs.mu.Unlock()
}

// AddAtMost injects f unless max faults are held already; it reports
// whether it did.
func (fs *Faults) AddAtMost(f Fault, max int) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.list) >= max {
		return false
	}
	fs.list = append(fs.list, &faultState{f: f})
	return true
}

// List returns the faults injected since the last Clear, used up or not.
func (fs *Faults) List() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := []Fault{}
	for _, s := range fs.list {
		out = append(out, s.f)
	}
	return out
}

// Clear removes every fault.
func (fs *Faults) Clear() {
	fs.mu.Lock()
	fs.list = nil
	fs.mu.Unlock()
}

// Match counts and returns the faults that strike a request of operation
// op: those that act before the request runs (hit) and the AfterCommit ones
// (after, for LoseAnswer).
func (fs *Faults) Match(op string) (hit, after []Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, s := range fs.list {
		f := s.f
		if f.Op != "" && f.Op != op {
			continue
		}
		limit := f.Count
		if f.Burst429 > 0 && (limit == 0 || f.Burst429 < limit) {
			limit = f.Burst429
		}
		if limit > 0 && s.applied >= limit {
			continue
		}
		if f.Rate > 0 && fs.rng.Float64() >= f.Rate {
			continue
		}
		s.applied++
		if f.AfterCommit {
			after = append(after, f)
		} else {
			hit = append(hit, f)
		}
	}
	return hit, after
}

// Strike applies the faults Match hit: their latencies, then the first
// answer among them (a dropped connection, a 429 burst, a status). It
// reports whether it answered (also when ctx ended during a latency).
func Strike(ctx context.Context, w http.ResponseWriter, hit []Fault) bool {
	for _, f := range hit {
		if f.Latency > 0 {
			t := time.NewTimer(f.Latency)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return true
			}
		}
	}
	for _, f := range hit {
		switch {
		case f.Drop:
			wire.DropConn(w)
			return true
		case f.Burst429 > 0:
			wire.WriteError(w, &wire.Error{Status: http.StatusTooManyRequests, Message: "Too many requests",
				Header: map[string]string{"Retry-After": strconv.Itoa(int(f.RetryAfter / time.Second))}})
			return true
		case f.Status != 0:
			wire.WriteError(w, wire.Errorf(f.Status, "injected fault"))
			return true
		}
	}
	return false
}

// LoseAnswer applies the first AfterCommit fault with an effect, once the
// request changed the state: it drops the connection or answers its status
// instead of the real answer. It reports whether it did.
func LoseAnswer(w http.ResponseWriter, after []Fault) bool {
	for _, f := range after {
		switch {
		case f.Drop:
			wire.DropConn(w)
			return true
		case f.Status != 0:
			wire.WriteError(w, wire.Errorf(f.Status, "injected fault after the commit"))
			return true
		}
	}
	return false
}

// FaultLimits bound a fault's counts and durations.
type FaultLimits struct {
	// Count bounds Count and Burst429.
	Count int
	// Latency and RetryAfter bound the durations.
	Latency, RetryAfter time.Duration
}

// Check checks f's values and bounds (the messages name the front's
// MaxFaultCount, MaxFaultLatency and MaxFaultRetryAfter).
func (f Fault) Check(l FaultLimits) error {
	switch {
	case f.Rate < 0 || f.Rate > 1 || f.Rate != f.Rate:
		return fmt.Errorf("rate must be in [0, 1], got %v", f.Rate)
	case f.Status != 0 && (f.Status < 100 || f.Status > 599):
		return fmt.Errorf("status must be an HTTP status (100 to 599), got %d", f.Status)
	case f.Count < 0 || f.Count > l.Count:
		return fmt.Errorf("count must be between 0 and %d (MaxFaultCount), got %d", l.Count, f.Count)
	case f.Burst429 < 0 || f.Burst429 > l.Count:
		return fmt.Errorf("burst429 must be between 0 and %d (MaxFaultCount), got %d", l.Count, f.Burst429)
	case f.Latency < 0 || f.Latency > l.Latency:
		return fmt.Errorf("latencyMs must be between 0 and %d (MaxFaultLatency), got %d", l.Latency.Milliseconds(), f.Latency.Milliseconds())
	case f.RetryAfter < 0 || f.RetryAfter > l.RetryAfter:
		return fmt.Errorf("retryAfterSeconds must be between 0 and %d (MaxFaultRetryAfter), got %d", int64(l.RetryAfter/time.Second), int64(f.RetryAfter/time.Second))
	}
	return nil
}

// faultJSON is Fault on the wire, durations in whole units.
type faultJSON struct {
	Op                string  `json:"op,omitempty"`
	Status            int     `json:"status,omitempty"`
	LatencyMS         int64   `json:"latencyMs,omitempty"`
	Drop              bool    `json:"drop,omitempty"`
	Burst429          int     `json:"burst429,omitempty"`
	RetryAfterSeconds int64   `json:"retryAfterSeconds,omitempty"`
	DailyExhausted    bool    `json:"dailyExhausted,omitempty"`
	Rate              float64 `json:"rate,omitempty"`
	Count             int     `json:"count,omitempty"`
	AfterCommit       bool    `json:"afterCommit,omitempty"`
}

// MarshalJSON writes f as the /_mock/faults endpoints do: camelCase names,
// latencyMs and retryAfterSeconds.
func (f Fault) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultJSON{Op: f.Op, Status: f.Status, LatencyMS: f.Latency.Milliseconds(), Drop: f.Drop, Burst429: f.Burst429,
		RetryAfterSeconds: int64(f.RetryAfter / time.Second), DailyExhausted: f.DailyExhausted, Rate: f.Rate, Count: f.Count, AfterCommit: f.AfterCommit})
}

// UnmarshalJSON reads the shape MarshalJSON writes; unknown fields are errors.
func (f *Fault) UnmarshalJSON(data []byte) error {
	var v faultJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*f = Fault{Op: v.Op, Status: v.Status, Latency: time.Duration(v.LatencyMS) * time.Millisecond, Drop: v.Drop, Burst429: v.Burst429,
		RetryAfter: time.Duration(v.RetryAfterSeconds) * time.Second, DailyExhausted: v.DailyExhausted, Rate: v.Rate, Count: v.Count, AfterCommit: v.AfterCommit}
	return nil
}

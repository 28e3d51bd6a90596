package rscmock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// The /_mock/ JSON API: the recruiter simulator and inspection for teams that
// do not write Go. doc.go documents every endpoint; TestMockAPIDocumented
// keeps that list and console.Mock.Routes in step.

// mockAPI is the /_mock/ JSON API: console.Mock with the handlers of the
// front's own values (faults).
func (s *Server) mockAPI() *console.Mock {
	return &console.Mock{World: s.world,
		Limits: console.MockLimits{Body: MaxMockBody, Customers: MaxCustomers, Members: MaxMembers, List: MaxListParam,
			Seats: MaxSeatsPerCustomer, Domains: MaxDomains},

		Faults: s.mockFaults, AddFault: s.mockAddFault, ClearFaults: s.mockClearFaults}
}

// decodeMock reads a JSON action body into v (console.DecodeJSON).
func decodeMock(r *http.Request, v any) *apiError { return console.DecodeJSON(r, v, MaxMockBody) }

func (s *Server) mockFaults(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Faults())
}

func (s *Server) mockAddFault(w http.ResponseWriter, r *http.Request) {
	var f Fault
	if e := decodeMock(r, &f); e != nil {
		writeError(w, e)
		return
	}
	if err := f.check(); err != nil {
		writeError(w, errf(http.StatusBadRequest, "invalid fault: %v", err))
		return
	}
	if !s.faults.AddAtMost(sim.Fault(f), MaxFaults) {
		writeError(w, errf(http.StatusBadRequest, "at most %d faults are active at once (MaxFaults); POST /_mock/faults/clear first", MaxFaults))
		return
	}
	writeJSON(w, http.StatusCreated, s.Faults())
}

func (s *Server) mockClearFaults(w http.ResponseWriter, r *http.Request) {
	s.ClearFaults()
	writeJSON(w, http.StatusOK, s.Faults())
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

package rscmock

import (
	"encoding/json"

	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// The /_mock/ JSON API: the recruiter simulator and inspection for teams that
// do not write Go. doc.go documents every endpoint; TestMockAPIDocumented
// keeps that list and console.Mock.Routes in step.

// mockAPI is the /_mock/ JSON API, console.Mock, with the front's limits.
func (s *Server) mockAPI() *console.Mock {
	return &console.Mock{World: s.world,
		Limits: console.MockLimits{Body: MaxMockBody, Customers: MaxCustomers, Members: MaxMembers, List: MaxListParam,
			Seats: MaxSeatsPerCustomer, Domains: MaxDomains, Faults: MaxFaults,
			Fault: sim.FaultLimits{Count: MaxFaultCount, Latency: MaxFaultLatency, RetryAfter: MaxFaultRetryAfter}},
		Faults: s.faults}
}

// MarshalJSON writes f as the /_mock/faults endpoints do: camelCase names,
// latencyMs and retryAfterSeconds.
func (f Fault) MarshalJSON() ([]byte, error) { return json.Marshal(sim.Fault(f)) }

// UnmarshalJSON reads the shape MarshalJSON writes; unknown fields are errors.
func (f *Fault) UnmarshalJSON(data []byte) error { return json.Unmarshal(data, (*sim.Fault)(f)) }

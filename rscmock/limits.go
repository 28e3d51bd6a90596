package rscmock

import "time"

// Limits of what the /_mock/ API accepts. A request over one answers 400
// naming the limit, before the server's state is locked, so that no single
// request can make the fake do unbounded work or hold unbounded memory
// (issue 11, item 5: {"seats":1000000000} once built a billion seats under
// the global lock).
const (
	// MaxMockBody is the largest /_mock/ action body, in bytes.
	MaxMockBody = 1 << 20
	// MaxSeatsPerCustomer is the most seats POST /_mock/customers creates.
	MaxSeatsPerCustomer = 1000
	// MaxCustomers is the most customers the fake holds.
	MaxCustomers = 1000
	// MaxMembers is the most LinkedIn members the fake holds (seat holders
	// included).
	MaxMembers = 100_000
	// MaxDomains is the most validJsSdkDomains a customer lists.
	MaxDomains = 100
	// MaxFaults is the most faults active at once.
	MaxFaults = 100
	// MaxFaultCount bounds a fault's count and burst429.
	MaxFaultCount = 1_000_000
	// MaxFaultLatency bounds a fault's latencyMs.
	MaxFaultLatency = time.Minute
	// MaxFaultRetryAfter bounds a fault's retryAfterSeconds.
	MaxFaultRetryAfter = 24 * time.Hour
	// MaxListParam is the most values a list query parameter of an
	// inspection (members=a,b,...) holds.
	MaxListParam = 1000
)

// check checks the counts and sizes of a customer to add against the
// limits above (the fake's total of customers and members is checked under
// the lock by sim.World.RoomLocked).
func (spec CustomerSpec) check() error {
	return simSpec(spec).Check(MaxSeatsPerCustomer, MaxDomains)
}

package rsc

import (
	"slices"
	"time"
)

// QuotaUse is a Client's use of one quota group in the current UTC day, as
// the Client counted it (every attempt of a request counts once).
type QuotaUse struct {
	Group QuotaGroup
	// Used is the requests counted since the last UTC midnight.
	Used int
	// Limit is the local daily limit (RateLimits.RequestsPerDay); 0 or less:
	// none.
	Limit int
	// BlockedUntil, when in the future, is when LinkedIn's daily quota of the
	// group resets after LinkedIn reported it used up.
	BlockedUntil time.Time
}

// QuotaUse returns the Client's (and its clones') use of every quota group
// it counts, today (UTC), sorted by group: for operators' dashboards.
func (c *Client) QuotaUse() []QuotaUse {
	return c.core.lim.use(time.Now())
}

func (l *limiter) use(now time.Time) []QuotaUse {
	out := make([]QuotaUse, 0, len(l.daily))
	for g, d := range l.daily {
		d.mu.Lock()
		u := QuotaUse{Group: g, Limit: d.limit}
		if d.day == utcDay(now) {
			u.Used = d.used
		}
		if now.Before(d.blockedUntil) {
			u.BlockedUntil = d.blockedUntil
		}
		d.mu.Unlock()
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b QuotaUse) int {
		switch {
		case a.Group < b.Group:
			return -1
		case a.Group > b.Group:
			return 1
		}
		return 0
	})
	return out
}

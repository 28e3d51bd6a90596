package rscsync

import "time"

// Progress is where one tenant's backfill of one resource stands.
type Progress struct {
	Tenant   string
	Resource Resource
	// Done is the records finished (sent, or parked) so far, over all runs.
	Done int64
	// Total is the number of records, when the Store is a Counter; else 0.
	Total int64
	// Rate is the records per second of this run.
	Rate float64
	// ETA is the time left at Rate, when Total is known.
	ETA time.Duration
	// Complete is true once the resource is fully backfilled.
	Complete bool
}

// meter computes rate and ETA for one stream during one run.
type meter struct {
	start     time.Time
	startDone int64
}

func (m *meter) progress(p Progress, now time.Time) Progress {
	if m.start.IsZero() {
		m.start, m.startDone = now, p.Done
	}
	if el := now.Sub(m.start).Seconds(); el > 0 {
		p.Rate = float64(p.Done-m.startDone) / el
	}
	if p.Total > p.Done && p.Rate > 0 {
		p.ETA = time.Duration(float64(p.Total-p.Done) / p.Rate * float64(time.Second))
	}
	return p
}

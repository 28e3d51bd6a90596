package pgstore

import rscsync "github.com/rsckit/rsckit/rsc/sync"

// Parts returns the engine-state parts of rscsync.Parts that s provides:
// the Queue, Checkpoints and Parker, and the optional Locker,
// LeaseRenewer, LeaseOwners, LeaseLister, TenantWaker, Waker, Notifier,
// Dropper and Backlog. The host sets Records and Applier (its own
// tables), and Counter and Attachments if it has them, then calls
// rscsync.NewRunnerFrom.
func (s *Store) Parts() rscsync.Parts {
	return rscsync.Parts{
		Queue: s, Checkpoints: s, Parker: s,
		Locker: s, LeaseRenewer: s, LeaseOwners: s, LeaseLister: s,
		TenantWaker: s, Waker: s, Notifier: s, Dropper: s, Backlog: s,
	}
}

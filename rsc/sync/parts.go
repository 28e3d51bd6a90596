package rscsync

import (
	"errors"
	"slices"
)

// Parts are what a Runner's engines are built from: each engine takes only
// the interfaces it uses (backfill: Records, Checkpoints, Parker; push:
// Records, Queue, Parker; pull and notifications: Checkpoints, Queue,
// Applier), and the optional abilities are fields, set or nil, never
// guessed: a host sees (Parts.Abilities) and chooses what its Runner uses.
// The parts may be one value (a Store, see PartsOf) or several, e.g. the
// host's own RecordReader and Applier over its ATS tables with an
// importable store module's Queue, CheckpointStore, Parker and Locker.
type Parts struct {
	// Records reads the host's records (required).
	Records RecordReader
	// Queue is the leased queue of outbox intents and notifications
	// (required).
	Queue Queue
	// Checkpoints keeps the streams' checkpoints (required).
	Checkpoints CheckpointStore
	// Applier stores what LinkedIn sends, with the intake's ATS changes
	// (required).
	Applier Applier
	// Parker keeps the records LinkedIn refused (required).
	Parker Parker

	// Locker, when set, leases each tenant to one process at a time.
	Locker Locker
	// LeaseRenewer, when set with Locker, renews all of a process's leases
	// in one call.
	LeaseRenewer LeaseRenewer
	// LeaseOwners, when set with Locker, tells free tenants from served ones
	// in one call (and Runner.Status who serves them).
	LeaseOwners LeaseOwners
	// LeaseLister, when set with Locker and LeaseOwners, shares the tenants
	// evenly among the processes.
	LeaseLister LeaseLister
	// TenantWaker, when set, wakes the tenant a change or notification is
	// for (preferred over Waker).
	TenantWaker TenantWaker
	// Waker, when set, wakes every tenant on a change.
	Waker Waker
	// Notifier, when set, wakes a tenant's Runner in every process after a
	// resync or offboarding is requested.
	Notifier TenantNotifier
	// Counter, when set, counts records for progress totals and the
	// reconcile's pace.
	Counter Counter
	// Dropper, when set, drops the outbox intents an erasure made moot.
	Dropper IntentDropper
	// Backlog, when set, gives Runner.Status the tenants' backlogs.
	Backlog BacklogReader
	// Attachments says that Records serves the Attachments resource.
	Attachments bool
}

// PartsOf returns the Parts of a host that implements everything in one
// type: store for the required interfaces, and each optional ability that
// store implements (Attachments when it is an AttachmentSource that serves
// them). Check the result's Abilities (NewRunner logs them) or set the
// fields yourself: a method whose signature is off leaves its ability out
// here, which the Runner cannot tell from a store without it.
func PartsOf(store Store) Parts {
	p := Parts{Records: store, Queue: store, Checkpoints: store, Applier: store, Parker: store}
	p.Locker, _ = store.(Locker)
	p.LeaseRenewer, _ = store.(LeaseRenewer)
	p.LeaseOwners, _ = store.(LeaseOwners)
	p.LeaseLister, _ = store.(LeaseLister)
	p.TenantWaker, _ = store.(TenantWaker)
	p.Waker, _ = store.(Waker)
	p.Notifier, _ = store.(TenantNotifier)
	p.Counter, _ = store.(Counter)
	p.Dropper, _ = store.(IntentDropper)
	p.Backlog, _ = store.(BacklogReader)
	if a, ok := store.(AttachmentSource); ok {
		p.Attachments = a.ServesAttachments()
	}
	return p
}

// Abilities names the optional abilities p has, in a fixed order: Locker,
// LeaseRenewer, LeaseOwners, LeaseLister, TenantWaker, Waker, Notifier,
// Counter, Dropper, Backlog, Attachments.
func (p Parts) Abilities() []string {
	var out []string
	for _, a := range []struct {
		name string
		set  bool
	}{
		{"Locker", p.Locker != nil}, {"LeaseRenewer", p.LeaseRenewer != nil}, {"LeaseOwners", p.LeaseOwners != nil},
		{"LeaseLister", p.LeaseLister != nil}, {"TenantWaker", p.TenantWaker != nil}, {"Waker", p.Waker != nil},
		{"Notifier", p.Notifier != nil}, {"Counter", p.Counter != nil}, {"Dropper", p.Dropper != nil},
		{"Backlog", p.Backlog != nil}, {"Attachments", p.Attachments},
	} {
		if a.set {
			out = append(out, a.name)
		}
	}
	return out
}

// check reports a missing required part, and abilities that only work
// with another one.
func (p Parts) check() error {
	var missing []string
	for _, r := range []struct {
		name string
		set  bool
	}{
		{"Records", p.Records != nil}, {"Queue", p.Queue != nil}, {"Checkpoints", p.Checkpoints != nil},
		{"Applier", p.Applier != nil}, {"Parker", p.Parker != nil},
	} {
		if !r.set {
			missing = append(missing, r.name)
		}
	}
	if len(missing) > 0 {
		return errors.New("rscsync: Parts without " + joinNames(missing))
	}
	if p.Locker == nil && (p.LeaseRenewer != nil || p.LeaseOwners != nil || p.LeaseLister != nil) {
		return errors.New("rscsync: Parts: LeaseRenewer, LeaseOwners and LeaseLister need a Locker")
	}
	return nil
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

// resources returns the resources the engines send: Resources, then
// Attachments when the parts serve them.
func (p Parts) resources() []Resource {
	rs := Resources()
	if p.Attachments {
		rs = append(rs, Attachments)
	}
	return rs
}

// hasAttachments reports whether rs includes Attachments.
func hasAttachments(rs []Resource) bool { return slices.Contains(rs, Attachments) }

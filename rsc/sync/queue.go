package rscsync

import (
	"context"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

// Lane says what a queued Item carries: one leased queue holds both the
// outbox (ATS changes to push) and the push notifications LinkedIn sent
// (to fetch), with one Claim/Complete contract.
type Lane string

// The lanes of a Queue.
const (
	// LaneOutbox holds intents: ATS records that changed (Resource, Ref,
	// Op), recorded by the host in the same transaction as the change.
	LaneOutbox Lane = "outbox"
	// LaneNotifications holds push notifications LinkedIn sent to a
	// tenant's callback URL (Notification), enqueued by the host's
	// rsc.NotificationHandler.
	LaneNotifications Lane = "notifications"
)

// Item is one entry of a Queue.
type Item struct {
	// Lane is the queue's lane the item is in.
	Lane Lane
	// ID names the item within its tenant and lane: the store's id of an
	// intent; LinkedIn's request id (Notification.ID) of a notification.
	ID string
	// Tenant is the tenant the item belongs to.
	Tenant string
	// Seq orders the items of one tenant and lane: a later one has a larger
	// Seq. The store sets it.
	Seq int64

	// Resource, Ref and Op say which record of the outbox changed and how.
	Resource Resource
	Ref      Ref
	Op       Op

	// Notification is the notification of LaneNotifications.
	Notification model.Notification

	// Lease is the claim's token (set by Claim); Complete must present it.
	Lease string
	// Attempts counts earlier claims of the item that did not complete.
	Attempts int
	// CreatedAt is when the host recorded the change or received the
	// notification (for latency figures).
	CreatedAt time.Time
}

// NotificationItem returns the Item of LaneNotifications that enqueues n
// for tenant, received at at.
func NotificationItem(tenant string, n model.Notification, at time.Time) Item {
	return Item{Lane: LaneNotifications, ID: n.ID, Tenant: tenant, Notification: n, CreatedAt: at}
}

// IntentItem returns the Item of LaneOutbox that records a change of the
// record ref of r (upserted or deleted, as op says) for tenant.
func IntentItem(tenant string, r Resource, ref Ref, op Op) Item {
	return Item{Lane: LaneOutbox, Tenant: tenant, Resource: r, Ref: ref, Op: op}
}

// Queue is the one leased queue of the engines: the outbox intents the push
// engine sends and the notifications the intake fetches, each in its Lane.
// A store implements it once (one table, a lane column), as River's
// drivers implement one job table.
//
// Concurrency: Claim may run at once in several processes sharing the
// store; an item is leased by one claim at a time.
type Queue interface {
	// Enqueue adds items, due at once. In LaneNotifications an item whose
	// ID its tenant already has (queued, or completed less than
	// NotificationRetention ago) is ignored without error, so LinkedIn's
	// redeliveries are processed once; the store forgets completed items
	// older than that (on Enqueue or on its own schedule) and keeps no body
	// of a completed one. In LaneOutbox the store sets ID and Seq (a host
	// usually records intents in its own transaction instead, with the
	// change itself; see the store's documentation).
	Enqueue(ctx context.Context, items ...Item) error
	// Claim leases up to max items of a tenant's lane that are not leased
	// (or whose lease expired) and are due, oldest Seq first, for the lease
	// duration: each gets a fresh Lease token, and Attempts counts its
	// earlier claims. Claimed items are invisible to other claims until the
	// lease ends. A max below 1 claims nothing; a lease that is not
	// positive is an error.
	Claim(ctx context.Context, tenant string, lane Lane, max int, lease time.Duration) ([]Item, error)
	// Complete ends the items' leases: removes them, or with o.RetryAt set
	// makes them claimable again at that time. For an item whose lease is
	// no longer the one presented (another Claim took it, or it is already
	// complete) it changes nothing and returns ErrLeaseLost (joined with the
	// others' errors). A lease that expired but was not taken over is still
	// the one presented, and its completion stands: a push round slower
	// than the lease must not send the same records again and again.
	Complete(ctx context.Context, items []Item, o Outcome) error
}

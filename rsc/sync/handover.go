package rscsync

import (
	"context"
	"errors"
)

// A tenant this process hands over for balance (Runner.shed) is asked to
// stop rather than cancelled: its backfill streams stop after the page in
// flight is accepted and its checkpoint saved, push and the notification
// queue after the batch in flight is completed, so the next owner resumes
// after them and sends nothing twice. A tenant that has not stopped within
// Config.LockTTL (a page waiting on long retries, say) is cancelled.

// errHandedOver stops a tenant's round at a page or batch boundary once
// the tenant is being handed over.
var errHandedOver = errors.New("rscsync: tenant handed over to another process")

// handoverKey is the context key of the channel closed when the tenant
// whose round the context carries is being handed over.
type handoverKey struct{}

// withHandover returns ctx carrying ch, to be closed when the tenant is to
// stop at its next page or batch boundary.
func withHandover(ctx context.Context, ch <-chan struct{}) context.Context {
	return context.WithValue(ctx, handoverKey{}, ch)
}

// handingOver returns errHandedOver when ctx's tenant is being handed over,
// and nil otherwise (always nil outside Runner.Run: SyncOnce and the
// engines run on their own are never handed over).
func handingOver(ctx context.Context) error {
	ch, _ := ctx.Value(handoverKey{}).(<-chan struct{})
	if ch == nil {
		return nil
	}
	select {
	case <-ch:
		return errHandedOver
	default:
		return nil
	}
}

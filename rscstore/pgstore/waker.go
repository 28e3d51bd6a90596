package pgstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Wake implements rscsync.Waker with LISTEN/NOTIFY: PutRecord,
// DeleteRecord, Enqueue and NotifyTenant notify a channel of the Store's
// schema (with the tenant as payload) when their transaction commits, in
// whatever process, and the channel (buffer 1) then receives a value. The
// first call starts a goroutine with a connection of its own (outside the
// pool) that listens until Close; it reconnects after an error and signals
// once after every (re)connect, in case a notification was missed
// meanwhile.
func (s *Store) Wake() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.startListening()
	return s.wake.C()
}

// WakeTenants implements rscsync.TenantWaker on the same LISTEN connection
// as Wake: wake receives the tenant of every notification, and "" after
// every (re)connect. A change costs one NOTIFY and wakes one tenant, in
// whichever process serves it.
func (s *Store) WakeTenants(wake func(tenant string)) (stop func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.startListening()
	return s.wake.Subscribe(wake)
}

// NotifyTenant implements rscsync.TenantNotifier with one pg_notify.
func (s *Store) NotifyTenant(ctx context.Context, tenant string) error {
	_, err := s.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, s.channel, tenant)
	return wrap("notify "+tenant, err)
}

// startListening starts the LISTEN goroutine once. s.mu must be held.
func (s *Store) startListening() {
	if !s.listening && !s.closed {
		s.listening = true
		go s.listen()
	}
}

// listen runs until Close.
func (s *Store) listen() {
	defer close(s.stopped)
	ctx := s.bgCtx
	for ctx.Err() == nil {
		if err := s.listenOnce(ctx); err != nil && ctx.Err() == nil {
			// The database went away: wait a little and reconnect.
			t := time.NewTimer(time.Second)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
		}
	}
}

// listenOnce opens a connection, listens and signals until an error.
func (s *Store) listenOnce(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel}.Sanitize()); err != nil {
		return err
	}
	s.wake.Signal("")
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		s.wake.Signal(n.Payload)
	}
}

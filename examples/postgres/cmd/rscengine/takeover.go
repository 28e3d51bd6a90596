package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
)

// takeoverStore is the engine's Store: a pgstore.Store whose TryLock logs
// every lease this process takes from another owner ("rscengine lease
// takeover": which tenant, from whom, how long after the other's lease
// expired, on the database's clock) and, at debug level, every lease it
// takes that nobody held.
type takeoverStore struct {
	*pgstore.Store
	log *slog.Logger
}

// TryLock implements rscsync.Locker: it reads the lease's row, then takes
// the lease with pgstore's TryLock. The read is one primary-key lookup and
// happens only when the Runner tries a tenant it does not serve (a free
// one, or its own first take), never for renewals.
func (s *takeoverStore) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	var prev string
	var expiredFor time.Duration
	var found bool
	if strings.HasPrefix(name, "tenant/") {
		var ms float64
		err := s.Pool().QueryRow(ctx, `SELECT owner, extract(epoch FROM statement_timestamp() - until) * 1000 FROM `+
			pgx.Identifier{s.Schema()}.Sanitize()+`.locks WHERE name = $1`, name).Scan(&prev, &ms)
		switch {
		case err == nil:
			found, expiredFor = true, time.Duration(ms*float64(time.Millisecond))
		case !errors.Is(err, pgx.ErrNoRows):
			s.log.LogAttrs(ctx, slog.LevelDebug, "rscengine lease row not read", slog.String("lease", name), slog.String("error", err.Error()))
		}
	}
	ok, err := s.Store.TryLock(ctx, name, owner, ttl)
	if err != nil || !ok || !strings.HasPrefix(name, "tenant/") {
		return ok, err
	}
	tenant := strings.TrimPrefix(name, "tenant/")
	switch {
	case found && prev != owner:
		s.log.LogAttrs(ctx, slog.LevelInfo, "rscengine lease takeover", slog.String("tenant", tenant),
			slog.String("from", prev), slog.String("to", owner), slog.Duration("expired_for", expiredFor.Round(time.Millisecond)))
	case !found:
		s.log.LogAttrs(ctx, slog.LevelDebug, "rscengine lease taken", slog.String("tenant", tenant), slog.String("to", owner))
	}
	return ok, nil
}

// Unlock implements rscsync.Locker, logging the release at debug level (a
// tenant handed over for balance, or this process stopping).
func (s *takeoverStore) Unlock(ctx context.Context, name, owner string) error {
	err := s.Store.Unlock(ctx, name, owner)
	if tenant, ok := strings.CutPrefix(name, "tenant/"); ok && err == nil {
		s.log.LogAttrs(ctx, slog.LevelDebug, "rscengine lease released", slog.String("tenant", tenant), slog.String("owner", owner))
	}
	return err
}

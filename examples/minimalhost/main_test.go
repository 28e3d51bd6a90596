package main

import (
	"bytes"
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/storetest"
)

// TestStoretest: the host's Store passes the conformance suite.
func TestStoretest(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Fixture {
		var offset atomic.Int64
		base := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		now := func() time.Time { return base.Add(time.Duration(offset.Load())) }
		h := newHost(now)
		return storetest.Fixture{
			Store: h, PutRecord: h.AddRecord, DeleteRecord: h.RemoveRecord,
			Advance: func(d time.Duration) { offset.Add(int64(d)) }, Now: now,
			Pulled: h.Pulled, Parked: h.Parked,
		}
	})
}

func TestOnce(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-once"}, &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	before, after, ok := strings.Cut(got, "After an edit:")
	if !ok || !strings.Contains(before, "LinkedIn has C1 Ada Lovelace, Analyst") || !strings.Contains(before, "LinkedIn has C2 Alan Turing, Engineer") ||
		!strings.Contains(after, "LinkedIn has C1 Ada Lovelace, Senior Analyst") || !strings.Contains(after, "outbox: 0 intents") {
		t.Errorf("output:\n%s", got)
	}
}

// TestRunStops: without -once the engines run until the context ends.
func TestRunStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() { done <- run(ctx, nil, &out) }()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run after cancel: %v", err)
	}
}

// TestCompleteWithAnOldLease: an intent claimed again after its lease
// expired cannot be completed with the first lease.
func TestCompleteWithAnOldLease(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	var offset atomic.Int64
	h := newHost(func() time.Time { return time.Unix(0, offset.Load()) })
	if err := h.AddRecord(ctx, "t", rscsync.Candidates, candidate("C1", "Ada", "L", "X", time.Unix(1, 0))); err != nil {
		t.Fatal(err)
	}
	first, _ := h.Claim(ctx, "t", rscsync.LaneOutbox, 10, time.Minute)
	offset.Add(int64(2 * time.Minute))
	second, _ := h.Claim(ctx, "t", rscsync.LaneOutbox, 10, time.Minute)
	if len(first) != 1 || len(second) != 1 || second[0].Attempts != 1 {
		t.Fatalf("claims %+v then %+v", first, second)
	}
	if err := h.Complete(ctx, first, rscsync.Outcome{}); err == nil {
		t.Error("Complete with the first lease succeeded")
	}
	if err := h.Complete(ctx, second, rscsync.Outcome{}); err != nil {
		t.Errorf("Complete with the current lease: %v", err)
	}
}

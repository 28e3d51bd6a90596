package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/internal/atsgen"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// testSchema returns a pool on RSC_TEST_POSTGRES_DSN and a fresh schema
// name dropped at the end of the test (skipping without the variable).
func testSchema(t *testing.T, prefix string) (*pgxpool.Pool, string) {
	t.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skipf("%s is not set", dsnEnv)
	}
	pool, err := pgxpool.New(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := fmt.Sprintf("%s_%016x", prefix, rand.Uint64())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
		pool.Close()
	})
	return pool, schema
}

// TestLoad: "rscengine load" creates the customers on rscmock, writes
// their list (owner-readable only) and loads N tenants x M candidates'
// datasets into the ATS tables.
func TestLoad(t *testing.T) {
	t.Parallel()
	pool, schema := testSchema(t, "load")
	mock := rscmock.New()
	srv := httptest.NewServer(mock.Handler())
	defer srv.Close()
	mock.SetBaseURL(srv.URL)
	out := filepath.Join(t.TempDir(), "tenants.json")
	var stdout bytes.Buffer
	err := load(t.Context(), []string{"-dsn", os.Getenv(dsnEnv), "-schema", schema, "-mock", srv.URL,
		"-n", "3", "-candidates", "4", "-tenants-out", out}, &stdout, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	specs, err := readTenants("@" + out)
	if err != nil || len(specs) != 3 || specs[0].ID != "tenant-0001" || specs[2].ID != "tenant-0003" {
		t.Fatalf("tenants file: %+v, %v", specs, err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("tenants file mode %v, %v; want 0600 (it holds client secrets)", fi.Mode().Perm(), err)
	}
	// rscmock's default customer plus the three.
	if got := len(mock.Customers()); got != 4 {
		t.Errorf("rscmock has %d customers, want 4", got)
	}
	store, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	total := 0
	for i, s := range specs {
		want := atsgen.Generate(uint64(1+i), 4, time.Now())
		for _, r := range rscsync.Resources() {
			n, err := store.CountRecords(t.Context(), s.ID, r)
			if err != nil {
				t.Fatal(err)
			}
			if int(n) != len(want.Records[r]) {
				t.Errorf("%s %s: %d records, want %d", s.ID, r, n, len(want.Records[r]))
			}
			total += int(n)
		}
	}
	if !strings.Contains(stdout.String(), fmt.Sprintf("loaded 3 tenants, %d records", total)) {
		t.Errorf("load printed %q, want the %d records", stdout.String(), total)
	}
	// A second load into the same tables is refused, not duplicated.
	if err := load(t.Context(), []string{"-dsn", os.Getenv(dsnEnv), "-schema", schema, "-mock", srv.URL,
		"-n", "1", "-candidates", "4", "-tenants-out", out}, &stdout, &bytes.Buffer{}); err == nil {
		t.Error("loading tenant-0001 again succeeded")
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestTakeoverLogged: a lease taken from another owner after it expired is
// logged with the tenant, from and to; a renewal, a refused take and a
// take of a free lease are not logged at Info.
func TestTakeoverLogged(t *testing.T) {
	t.Parallel()
	pool, schema := testSchema(t, "takeover")
	st, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a := &takeoverStore{Store: st, log: log.With("proc", "a")}
	b := &takeoverStore{Store: st, log: log.With("proc", "b")}
	ctx := t.Context()
	mustLock := func(s *takeoverStore, owner string, ttl time.Duration, want bool) {
		t.Helper()
		if ok, err := s.TryLock(ctx, "tenant/acme", owner, ttl); err != nil || ok != want {
			t.Fatalf("TryLock by %s = %v, %v; want %v", owner, ok, err, want)
		}
	}
	mustLock(a, "a-1", 300*time.Millisecond, true) // free: not a takeover
	mustLock(a, "a-1", 300*time.Millisecond, true) // renewal
	mustLock(b, "b-2", time.Minute, false)         // held by a
	if s := logs.String(); s != "" {
		t.Fatalf("logged before any takeover:\n%s", s)
	}
	time.Sleep(400 * time.Millisecond)
	mustLock(b, "b-2", time.Minute, true)
	s := logs.String()
	for _, want := range []string{`msg="rscengine lease takeover"`, "proc=b", "tenant=acme", "from=a-1", "to=b-2", "expired_for="} {
		if !strings.Contains(s, want) {
			t.Errorf("takeover log %q lacks %q", s, want)
		}
	}
	if n := strings.Count(s, "\n"); n != 1 {
		t.Errorf("%d log lines, want 1:\n%s", n, s)
	}
}
